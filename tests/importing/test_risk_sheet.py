"""Risks sent as a sheet "Risici" in the plan workbook: tolerant reading, strict storing through the risk service,
every unreadable row an error naming sheet, row and column (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from portfolio.db import read_session
from portfolio.importing.risk_sheet import ScaleError, parse_scale
from portfolio.importing.service import IMPORTED, REJECTED, UNCHANGED, import_plan, preview
from portfolio.models import PlanVersion
from portfolio.risks.models import RiskRecord, RiskVersion
from portfolio.risks.reads import current_versions
from tests.importing.builders import HEADERS, MILESTONES, workbook_bytes
from tests.meetings.conftest import audit_actions, count

DANISH = ["Risikotitel", "Beskrivelse (hvis … så …)", "Sandsynlighed (1-5)", "Konsekvens", "Risikoejer", "Landsdel",
          "Strategi", "Tiltag"]
ROWS: list[list[Any]] = [
    ["Leverandøren af SSL forsinkes", "Hvis leverandøren forsinkes, så rykker 5.3", "3 - middel", "høj",
     "Landsdel Syd", "Syd", "reducér", "Tæt opfølgning|Landsdel Syd|2023-09-01"],
    ["Klinikerne har ikke tid til uddannelse", "", 2.0, "Meget høj", "Region Syddanmark", "syd", "acceptér", ""],
]


def workbook(rows: Sequence[Sequence[Any]] = ROWS, headers: Sequence[str] = DANISH, *, title: bool = True,
             milestones: Sequence[Sequence[Any]] = MILESTONES) -> bytes:
    return workbook_bytes({
        "Info": [["Landsdel", "Syd"], ["Program", "KOL"], ["Indsendt", dt.date(2023, 6, 1)]],
        "Milepæle": [list(HEADERS), *milestones],
        "Risici": [*([["Risici for Landsdel Syd – KOL"], []] if title else []), list(headers), *rows],
    })


@pytest.mark.parametrize(("value", "expected"), [
    ("3", 3), (3, 3), (3.0, 3), ("3 - middel", 3), ("3 (middel)", 3), ("4 – høj", 4), ("høj", 4), ("Meget høj", 5),
    ("very low", 1), ("Middel", 3), ("LAV", 2), ("5.0", 5), ("", None), (None, None),
])
def test_probability_and_consequence_as_people_write_them(value, expected):
    assert parse_scale(value) == expected


@pytest.mark.parametrize("value", ["6", "0", "nogle", 3.5, "3,5", True, "-2", "12 - meget"])
def test_what_is_not_1_to_5_is_an_error(value):
    with pytest.raises(ScaleError):
        parse_scale(value)


def test_risks_are_stored_with_the_plan_through_the_risk_service(engine):
    result = import_plan(engine, workbook(), "Syd_KOL.xlsx", actor="admin")
    assert result.status == IMPORTED, [p.message("da") for p in result.errors]
    assert result.risk_outcome.added == [1, 2] and result.as_json()["risks"] == {
        "read": 2, "added": [1, 2], "updated": [], "unchanged": []}
    with read_session(engine) as session:
        risks = {v.title: v for v in current_versions(session)}
    first = risks["Leverandøren af SSL forsinkes"]
    assert (first.probability, first.consequence, first.owner.key, first.landsdel_key) == (3, 4, "syd", "syd")
    assert first.strategy.value == "reduce" and first.mitigations[0]["due"] == "2023-09-01"
    assert first.raised_on == dt.date(2023, 6, 1) and "Syd_KOL.xlsx" in first.note
    second = risks["Klinikerne har ikke tid til uddannelse"]
    assert (second.probability, second.consequence, second.strategy.value) == (2, 5, "accept")
    assert audit_actions(engine).count("risk.add") == 2
    # the same workbook again: the plan and the risks are unchanged
    again = import_plan(engine, workbook(), "Syd_KOL.xlsx", actor="admin")
    assert again.status == UNCHANGED and again.risk_outcome.unchanged == [1, 2]
    # a new submission that re-scores one risk: a new version of it, by its title
    rows = [list(r) for r in ROWS]
    rows[0][2] = "5 - meget høj"
    moved = [list(r) for r in MILESTONES]
    moved[2][3] = "2. halvår 2024"
    third = import_plan(engine, workbook(rows, milestones=moved), "Syd_KOL_v2.xlsx", actor="admin")
    assert third.status == IMPORTED and third.risk_outcome.updated == [1] and third.risk_outcome.unchanged == [2]
    assert count(engine, RiskRecord) == 2 and count(engine, RiskVersion) == 3


def test_english_headers_without_a_title_row(engine):
    rows = [["NemSMS not in place", "4", "4", "FUT", "", "reduce", ""]]
    result = import_plan(engine, workbook(rows, ["Title", "Probability", "Impact", "Owner", "Region", "Strategy",
                                                 "Mitigation"], title=False), "syd.xlsx", actor="admin")
    assert result.status == IMPORTED and result.risk_outcome.added == [1]


@pytest.mark.parametrize(("cell", "value", "column", "message"), [
    (2, "nogle", "C", "Sandsynligheden »nogle« kan ikke læses"),
    (3, "7", "D", "Konsekvensen »7« kan ikke læses"),
    (3, "", "D", "Konsekvensen mangler"),
    (4, "Region Atlantis", "E", "Ukendt organisation"),
    (4, "", "E", "Ejeren mangler"),
    (5, "Bornholm Nord", "F", "Ukendt landsdel"),
    (6, "ignorér", "G", "strategi"),
    (0, "", "A", "Titlen mangler"),
])
def test_a_row_that_cannot_be_read_refuses_the_file_naming_sheet_row_and_column(engine, cell, value, column, message):
    rows = [list(r) for r in ROWS]
    rows[1][cell] = value
    result = import_plan(engine, workbook(rows), "syd.xlsx", actor="admin")
    assert result.status == REJECTED
    [problem] = [p for p in result.errors if p.sheet == "Risici"]
    assert (problem.row, problem.column) == (5, column)  # two title rows, the header, then the second risk
    assert message.lower() in problem.message("da").lower()
    assert problem.message("en") != problem.message("da")
    assert count(engine, PlanVersion) == 0 and count(engine, RiskRecord) == 0


def test_an_unknown_column_is_a_warning_and_a_cpr_number_refuses_the_file(engine):
    headers = [*DANISH, "Farve"]
    rows = [[*r, "blå"] for r in ROWS]
    result = preview(engine, workbook(rows, headers), "syd.xlsx")
    assert not result.errors
    assert any(p.sheet == "Risici" and p.column == "I" and "Farve" in p.message("da") for p in result.warnings)
    rows[0][1] = "Borgeren 010190-1234 venter"
    refused = import_plan(engine, workbook(rows, headers), "syd.xlsx", actor="admin")
    assert refused.status == REJECTED and refused.errors[0].key == "import.refused.cpr"
    assert refused.errors[0].sheet == "Risici"
    assert count(engine, RiskRecord) == 0


def test_an_editor_may_not_send_another_organisations_risk(engine):
    rows = [["KL's gateway", "", "3", "3", "KL", "", "", ""]]
    result = import_plan(engine, workbook(rows), "syd.xlsx", actor="syd")
    assert result.status == REJECTED and result.errors[0].key == "auth.refused"
    assert count(engine, PlanVersion) == 0 and count(engine, RiskRecord) == 0


def test_the_same_plan_with_a_re_scored_risk_is_ready_and_stores_the_risk(engine):
    assert import_plan(engine, workbook(), "syd.xlsx", actor="admin").status == IMPORTED
    rows = [list(r) for r in ROWS]
    rows[1][3] = "3 - middel"
    ready = preview(engine, workbook(rows), "syd_v1b.xlsx")
    assert ready.status == "ready" and [r.changes for r in ready.risks.rows] == [False, True]
    done = import_plan(engine, workbook(rows), "syd_v1b.xlsx", actor="admin")
    assert done.status == UNCHANGED and done.plan_version == 1  # no new plan version: the plan is the same
    assert done.risk_outcome.updated == [2] and done.risk_outcome.unchanged == [1]
    assert count(engine, PlanVersion) == 1 and count(engine, RiskVersion) == 3


def test_a_closed_risk_changes_only_by_being_reopened(engine):
    from portfolio.risks import service
    from tests.meetings.conftest import held_meeting

    assert import_plan(engine, workbook(), "syd.xlsx", actor="admin").status == IMPORTED
    service.close_risk(engine, 2, decision=f"{held_meeting(engine)}:1", actor="admin")
    assert preview(engine, workbook(), "syd.xlsx").status == UNCHANGED  # the same rows: nothing to do
    rows = [list(r) for r in ROWS]
    rows[1][2] = "1"
    refused = preview(engine, workbook(rows), "syd.xlsx")
    [problem] = refused.errors
    assert (problem.sheet, problem.row) == ("Risici", 5) and "Genåbn" in problem.message("da")
    headers = [*DANISH, "Status"]
    reopened = [[*r, "åben"] for r in rows]
    done = import_plan(engine, workbook(reopened, headers), "syd.xlsx", actor="admin")
    assert done.risk_outcome.updated == [2] and done.risk_outcome.unchanged == [1]
