"""The template format: a blank workbook with Danish instructions; plans written in it read back unchanged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portfolio.db import read_session
from portfolio.demo import load_demo
from portfolio.importing.diff import content_key
from portfolio.importing.plan_reader import read_plan
from portfolio.importing.service import import_plan, preview
from portfolio.importing.store import plan_from_store
from portfolio.importing.template import blank_template, write_plan_workbook
from portfolio.importing.validate import Reference, validate
from portfolio.importing.workbook import open_workbook
from portfolio.models import PlanVersion
from portfolio.outcome import UNCHANGED
from tests.importing.builders import LONG_INCLUSION, plan_workbook


def test_blank_template_has_instructions_and_the_sheets():
    book = open_workbook(blank_template())
    assert [s.name for s in book.sheets] == ["Vejledning", "Info", "Milepæle", "Inklusion", "Mål"]
    guide = " ".join(str(r[0]) for r in book.sheets[0].rows if r and r[0])
    assert "Sådan udfylder du skabelonen" in guide and "CPR" in guide
    plan = read_plan(book, "skabelon.xlsx")
    assert plan.sheets_found["milestones"] == "Milepæle" and not plan.milestones and not plan.unmapped


def test_an_imported_plan_written_to_the_template_reads_back_the_same(sqlite_engine):
    first = import_plan(sqlite_engine, plan_workbook(inclusion=LONG_INCLUSION), "syd.xlsx", actor="t",
                        today=dt.date(2024, 1, 1))
    with read_session(sqlite_engine) as session:
        stored = plan_from_store(session, session.scalar(select(PlanVersion.id)))
    again = preview(sqlite_engine, write_plan_workbook(stored), "eksport.xlsx", today=dt.date(2024, 1, 1))
    assert again.status == UNCHANGED, [p.message("da") for p in again.errors]
    assert content_key(again.plan) == content_key(first.plan)


def test_demo_plans_round_trip_through_the_template(sqlite_engine):
    load_demo(sqlite_engine, actor="demo")
    with read_session(sqlite_engine) as session:
        ref = Reference.from_store(session, today=dt.date(2100, 1, 1))
        ids = list(session.scalars(select(PlanVersion.id).order_by(PlanVersion.id)))
        assert ids
        for version_id in ids:
            stored = plan_from_store(session, version_id)
            data = write_plan_workbook(stored)
            parsed = validate(read_plan(open_workbook(data), "demo.xlsx"), ref)
            assert not parsed.errors, (version_id, [(p.sheet, p.row, p.message("en")) for p in parsed.errors][:5])
            assert (parsed.landsdel, parsed.programme) == (stored.landsdel, stored.programme)
            assert parsed.submitted_on == stored.submitted_on
            assert content_key(parsed) == content_key(stored), version_id
