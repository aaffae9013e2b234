"""A new submission whose baseline differs from the approved baseline is flagged on the import preview (service,
--json, and the page), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.db import make_engine
from portfolio.importing.preview import baseline_flag_rows
from portfolio.importing.service import IMPORTED, READY, import_plan, preview
from tests.importing.builders import MILESTONES, plan_workbook
from tests.support.login import open_logged_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def moved_workbook() -> bytes:
    rows = [list(r) for r in MILESTONES]
    rows[1][2] = "maj 2023"  # milestone 2's baseline: March → May 2023, no decision
    return plan_workbook(milestones=rows)


def test_the_preview_flags_a_moved_baseline_with_the_milestones_and_days(engine):
    assert preview(engine, plan_workbook(), "syd.xlsx").baseline_changes == []  # nothing to compare with yet
    assert import_plan(engine, plan_workbook(), "syd.xlsx", actor="admin").status == IMPORTED
    assert preview(engine, plan_workbook(milestones=MILESTONES[:2]), "syd2.xlsx").baseline_changes == []
    result = preview(engine, moved_workbook(), "syd_v2.xlsx")
    assert result.status == READY
    [change] = result.baseline_changes
    assert (change.code, change.title, change.days) == ("2", "Uddannelse af personale", 61)
    [row] = baseline_flag_rows(result, "da")
    assert row["Godkendt baseline"] == "31.03.2023" and row["Ny baseline"] == "31.05.2023"
    assert row["Dage flyttet"] == "61"
    assert result.as_json()["baseline_changes"][0]["days"] == 61


def test_the_import_command_says_so_in_json(engine, tmp_path, capsys):
    assert import_plan(engine, plan_workbook(), "syd.xlsx", actor="admin").status == IMPORTED
    path = tmp_path / "syd_v2.xlsx"
    path.write_bytes(moved_workbook())
    ctx = CommandContext(Settings(database_url=str(engine.url), language="en", user="admin"), _engine=engine)
    assert main(["import-plan", str(path), "--dry-run", "--json"], context=ctx) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["baseline_changes"] == [{
        "landsdel": "syd", "programme": "KOL", "milestone": "2", "title": "Uddannelse af personale",
        "approved_baseline": "2023-03-31", "new_baseline": "2023-05-31", "days": 61, "approved": False,
        "decision": None, "reference_version": 1}]


def test_the_import_page_flags_it(empty_db_url):
    at: AppTest = open_logged_in("import_plan")  # creates the store
    engine = make_engine(empty_db_url)
    try:
        assert import_plan(engine, plan_workbook(), "syd.xlsx", actor="admin").status == IMPORTED
    finally:
        engine.dispose()
    at.file_uploader(key="import_files").upload("syd_v2.xlsx", moved_workbook(), XLSX).run()
    assert not at.exception, at.exception
    [flag] = [w.value for w in at.warning if "Baseline ændret uden godkendelse" in w.value]
    assert "måles fortsat mod den godkendte baseline" in flag
    table = next(d.value for d in at.dataframe if "Dage flyttet" in d.value.columns)
    assert table.to_dict("records")[0]["ID"] == "2" and table.to_dict("records")[0]["Dage flyttet"] == "61"


def test_the_import_page_says_what_the_risk_sheet_holds(empty_db_url):
    from tests.importing.test_risk_sheet import workbook

    at: AppTest = open_logged_in("import_plan")
    at.file_uploader(key="import_files").upload("syd_risici.xlsx", workbook(), XLSX).run()
    assert not at.exception, at.exception
    assert any("2 risici læst; 2 tilføjes" in c.value for c in at.caption)
    at.button(key="import_syd_risici.xlsx").click().run()
    assert not at.exception, at.exception
    assert any("Risici: 2 tilføjet, 0 opdateret, 0 uændret." in c.value for c in at.caption)
