"""Plan export in the import template format, and the acceptance round trip through the importer."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from sqlalchemy import Engine, select

from portfolio import audit
from portfolio.db import read_session
from portfolio.importing.service import import_plan
from portfolio.models import AuditEvent, Milestone
from portfolio.outcome import IMPORTED
from portfolio.snapshots import service
from portfolio.snapshots.freeze import create_snapshot, load_snapshot
from portfolio.snapshots.plans_export import plan_workbooks
from tests.snapshots.hostile import HOSTILE_TITLE, hostile_snapshots


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def _round_trip(source: Engine, snapshot_id: int, target: Engine) -> tuple[dict[str, bytes], dict[str, bytes]]:
    first = service.export_snapshot(source, snapshot_id, "plans", actor="test").files
    with read_session(source) as session:  # the target has had only `portfolio init`: the FUT catalogue is there
        frozen = load_snapshot(session, snapshot_id)
    for name, data in first.items():
        result = import_plan(target, data, name, actor="test")
        assert result.status == IMPORTED, (name, [p.as_dict("en") for p in result.errors])
    again = create_snapshot(target, label="Efter import", as_of=frozen.info.as_of, actor="test")
    second = service.export_snapshot(target, again.id, "plans", actor="test").files
    return first, second


def test_round_trip_demo_to_empty_store_gives_the_same_workbooks_cell_for_cell(demo_snapshots, engine):
    """Export the plans, import them into a store that has had only `portfolio init` (SQLite and PostgreSQL),
    export again: the same workbooks, cell for cell."""
    first, second = _round_trip(demo_snapshots.engine, demo_snapshots.september.info.id, engine)
    assert len(first) == 10 and first.keys() == second.keys()
    for name in first:
        assert _cells(second[name]) == _cells(first[name]), name
    nord = _cells(first["Milepælsplan_KOL_Nord_2022-09-08.xlsx"])
    assert {"Info", "Milepæle", "Inklusion", "Mål"} <= nord.keys()
    assert nord["Info"][0] == ["Landsdel", "Nord"] and nord["Info"][3] == ["Samlet status", "gul"]
    assert len(nord["Milepæle"]) == 3 + 19
    assert len(nord["Inklusion"]) > 100  # every month and municipality in force, not only the last submission's


def test_export_is_audited_with_format_and_checksum(demo_snapshots):
    result = service.export_snapshot(demo_snapshots.engine, demo_snapshots.september.info.id, "plans", actor="sekr")
    with read_session(demo_snapshots.engine) as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "snapshot.export"))
    assert event.actor == "sekr" and event.detail["format"] == "plans"
    assert event.checksum == audit.sha256(result.data) and event.file_name == result.file_name
    assert result.data[:2] == b"PK"


def test_hostile_text_is_neutralised_and_stays_stable_through_the_round_trip(sqlite_engine, engine):
    _, second = hostile_snapshots(sqlite_engine)
    with read_session(sqlite_engine) as session:
        files = plan_workbooks(load_snapshot(session, second).payload)
    [data] = files.values()
    titles = [row[1] for row in _cells(data)["Milepæle"][3:]]
    assert titles == ["'" + HOSTILE_TITLE, "'-Tilsluttet KL Gateway"]
    exported, again = _round_trip(sqlite_engine, second, engine)
    assert [_cells(d) for d in exported.values()] == [_cells(d) for d in again.values()]
    with read_session(engine) as session:
        stored = session.scalars(select(Milestone.title).order_by(Milestone.id)).all()
    assert stored[0] == HOSTILE_TITLE  # the apostrophe that kept it inert in the workbook is not part of the text
    assert stored[1] == "-Tilsluttet KL Gateway"


def test_the_styled_annex_says_it_is_a_report_and_the_importer_refuses_it(demo_snapshots, sqlite_engine):
    for lang in ("da", "en"):
        data = service.export_snapshot(demo_snapshots.engine, demo_snapshots.september.info.id, "xlsx", actor="t",
                                       lang=lang).data
        first_sheet = next(iter(_cells(data).values()))
        notes = [row[0] for row in first_sheet[:8] if row and isinstance(row[0], str)]
        assert any("--format plans" in note for note in notes), notes
        result = import_plan(sqlite_engine, data, "bilag.xlsx", actor="test")
        assert result.status == "rejected"
        assert [p.key for p in result.errors] == ["import.refused.annex"]
        assert "--format plans" in result.errors[0].message(lang)
    with read_session(sqlite_engine) as session:
        assert session.scalar(select(Milestone.id)) is None


def test_plans_export_date_is_the_snapshots(demo_snapshots):
    files = plan_workbooks(demo_snapshots.february.payload)
    assert all(name.endswith("_2022-02-02.xlsx") for name in files) and len(files) == 5
    info = _cells(files["Milepælsplan_KOL_Nord_2022-02-02.xlsx"])["Info"]
    assert info[2] == ["Indsendt", dt.datetime(2022, 1, 10)]  # the plan in force on 2 February
