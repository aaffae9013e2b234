"""`portfolio import-plan` and `portfolio template`: exit codes, JSON, dry run."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.db import read_session
from portfolio.models import AuditEvent, PlanVersion
from tests.importing.builders import LONG_INCLUSION, MILESTONES, plan_workbook


@pytest.fixture
def cli(sqlite_engine, capsys):
    def invoke(*argv: str, lang: str = "da", user: str = "anna"):
        ctx = CommandContext(Settings(database_url=str(sqlite_engine.url), language=lang, user=user),
                             _engine=sqlite_engine)
        code = main(list(argv), context=ctx)
        out = capsys.readouterr()
        return code, out.out, out.err
    return invoke


def versions(engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(PlanVersion))


def test_import_json_then_unchanged(cli, sqlite_engine, tmp_path):
    path = tmp_path / "syd.xlsx"
    path.write_bytes(plan_workbook(inclusion=LONG_INCLUSION))
    code, out, _ = cli("import-plan", str(path), "--json")
    assert code == 0
    payload = json.loads(out)
    assert {k: payload[k] for k in ("file", "status", "landsdel", "programme", "plan_version", "milestones",
                                    "inclusion_rows", "new_inclusions", "errors")} == {
        "file": "syd.xlsx", "status": "imported", "landsdel": "Syd", "programme": "KOL", "plan_version": 1,
        "milestones": 3, "inclusion_rows": 4, "new_inclusions": 11, "errors": []}
    code, out, _ = cli("import-plan", str(path), "--json")
    assert (code, json.loads(out)["status"]) == (0, "unchanged")
    with read_session(sqlite_engine) as session:
        assert session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "plan.import")) == "anna"


def test_dry_run_lists_parsed_milestones_and_stores_nothing(cli, sqlite_engine, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_workbook(landsdel=None))
    code, out, _ = cli("import-plan", str(path), "--landsdel", "Midt", "--programme", "kol", "--dry-run", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["landsdel"] == "Midt" and payload["plan_version"] == 1
    assert payload["parsed_milestones"][1] == {"id": "2", "title": "Uddannelse af personale",
                                               "baseline": "2023-03-31", "forecast": "2023-06-30", "actual": None,
                                               "status": "green"}
    assert versions(sqlite_engine) == 0


def test_several_files_one_refused_exits_1_with_a_list(cli, sqlite_engine, tmp_path):
    good, bad, junk = tmp_path / "syd.xlsx", tmp_path / "bad.xlsx", tmp_path / "junk.xlsx"
    good.write_bytes(plan_workbook())
    bad.write_bytes(plan_workbook(milestones=[*MILESTONES, ["2", "Dublet", "2023", "", "", "", "", ""]]))
    junk.write_bytes(b"not a workbook at all")
    code, out, _ = cli("import-plan", str(good), str(bad), str(junk), str(tmp_path / "missing.xlsx"), "--json")
    assert code == 1
    payload = json.loads(out)
    assert [p["status"] for p in payload] == ["imported", "rejected", "rejected", "rejected"]
    error = payload[1]["errors"][0]
    assert error["sheet"] == "Milepæle" and error["row"] == 7 and "Milepæls-ID 2" in error["message"]
    assert versions(sqlite_engine) == 1


def test_text_output_in_english(cli, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(plan_workbook(milestones=[["1", "x", "someday", "", "", "", "", ""]]))
    code, out, _ = cli("import-plan", str(bad), lang="en")
    assert code == 1
    assert "bad.xlsx: refused (1 errors):" in out and "Milepæle!C4: The date “someday” cannot be read" in out


def test_usage_errors_exit_2(cli, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_workbook())
    assert cli("import-plan")[0] == 2
    assert cli("import-plan", str(path), "--landsdel", "Atlantis")[0] == 2
    assert cli("import-plan", str(path), "--programme", "diabetes")[0] == 2
    assert cli("import-plan", str(path), "--bogus")[0] == 2


def test_template_command(cli, tmp_path):
    out_path = tmp_path / "skabelon.xlsx"
    code, out, _ = cli("template", str(out_path))
    assert code == 0 and out_path.read_bytes().startswith(b"PK")
    assert "skabelon.xlsx" in out
