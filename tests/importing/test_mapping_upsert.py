"""One mapping upsert for a landsdel's own headers (an import's mappings and its dependency names): a new mapping
is added, a changed one takes the new field and the name of who changed it, cut to the column; the same mapping
again changes nothing. Two copies of it had drifted (one kept the first author and did not cut the name)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portfolio.db import read_session, unit_of_work
from portfolio.importing.service import import_plan, preview
from portfolio.importing.store import HeaderMapping, upsert_mappings
from portfolio.models import ImportMapping, Landsdel
from portfolio.outcome import IMPORTED
from tests.importing.builders import MILESTONES, plan_workbook
from tests.support.mappings import save_mappings

TODAY = dt.date(2024, 1, 15)
HEADERS = ["ID", "Milepæl", "Frist 1", "Forventet dato", "Faktisk dato", "Status", "Afhænger af", "Bemærkning"]


def _stored(engine) -> list[tuple[str, str, str]]:
    with read_session(engine) as session:
        return [tuple(row) for row in session.execute(
            select(ImportMapping.header_key, ImportMapping.field, ImportMapping.created_by)
            .order_by(ImportMapping.header_key))]


def _upsert(engine, mappings: list[HeaderMapping], actor: str) -> None:
    with unit_of_work(engine) as session:
        syd = session.scalar(select(Landsdel).where(Landsdel.name == "Syd"))
        upsert_mappings(session, syd.id, mappings, actor)


def test_a_change_is_attributed_the_same_mapping_again_is_not_and_the_name_fits_the_column(engine):
    _upsert(engine, [HeaderMapping("milestones", "frist 1", "baseline")], "first")
    _upsert(engine, [HeaderMapping("milestones", "frist 1", "baseline")], "second")
    assert _stored(engine) == [("frist 1", "baseline", "first")]  # nothing changed: the author stays
    long_name = "a" * 81 + "b" * 40
    _upsert(engine, [HeaderMapping("milestones", "frist 1", "forecast"),
                     HeaderMapping("milestones", "plan 2", "comment")], long_name)
    assert _stored(engine) == [("frist 1", "forecast", "a" * 80), ("plan 2", "comment", "a" * 80)]


def test_an_import_and_remembering_headers_alone_share_it(engine):
    first = preview(engine, plan_workbook(headers=HEADERS, milestones=MILESTONES), "plan.xlsx", today=TODAY)
    key = next(u.key for u in first.plan.unmapped)
    result = import_plan(engine, plan_workbook(headers=HEADERS), "plan.xlsx", actor="sekretariatet", today=TODAY,
                         mappings=[HeaderMapping("milestones", key, "baseline")])
    assert result.status == IMPORTED
    assert _stored(engine) == [(key, "baseline", "sekretariatet")]
    save_mappings(engine, "syd", [HeaderMapping("milestones", key, "forecast")], actor="admin")
    assert _stored(engine) == [(key, "forecast", "admin")]  # before: still "sekretariatet"
