"""`portfolio baseline …` on SQLite and PostgreSQL: --json where it prints, exit 1 with a clear message in Danish
and English and nothing stored on bad input."""

from __future__ import annotations

import json

import pytest

from portfolio.baselines.models import ApprovedBaseline
from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from tests.baselines.conftest import decision, moved_plans
from tests.meetings.conftest import count


def _run(engine, *args, lang="da", user="admin"):  # type: ignore[no-untyped-def]
    ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user=user), _engine=engine)
    return main(list(args), context=ctx)


def test_approve_list_and_changes(engine, capsys):
    moved_plans(engine)
    assert _run(engine, "baseline", "list") == 0
    assert "Ingen godkendte baselines endnu" in capsys.readouterr().out
    assert _run(engine, "baseline", "changes", "--as-of", "2022-09-01", "--json") == 0
    [change] = json.loads(capsys.readouterr().out)["changes"]
    assert change == {"landsdel": "sjaelland", "programme": "KOL", "milestone": "5.3", "title": "Milepæl 5.3",
                      "approved_baseline": "2022-09-30", "new_baseline": "2022-12-31", "days": 92,
                      "approved": False, "decision": None, "reference_version": 1}
    meeting = decision(engine, "2022-09-15")
    assert _run(engine, "baseline", "approve", "--landsdel", "sjaelland", "--programme", "KOL", "--decision",
                f"{meeting}:1", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "id": 1, "landsdel": "sjaelland", "programme": "KOL", "plan_version": 2, "submitted_on": "2022-08-01",
        "decision": f"{meeting}:1", "approved_on": "2022-09-15"}
    assert _run(engine, "baseline", "list", lang="en") == 0
    out = capsys.readouterr().out
    assert "Sjælland KOL: plan version 2 (submitted 2022-08-01), approved 2022-09-15 by decision" in out
    assert "Ny plan for Landsdel Sjælland" in out
    assert _run(engine, "baseline", "list", "--json") == 0
    [listed] = json.loads(capsys.readouterr().out)["approved_baselines"]
    assert listed["plan_version"] == 2 and listed["recorded_by"] == "admin"
    assert _run(engine, "baseline", "changes", "--as-of", "2022-09-20") == 0
    assert "Baseline ændret uden godkendelse" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "da", "en"), [
    (("--landsdel", "Bornholm"), "Ukendt landsdel \"Bornholm\"", "Unknown landsdel \"Bornholm\""),
    (("--programme", "DIABETES"), "Ukendt program \"DIABETES\"", "Unknown programme \"DIABETES\""),
    (("--decision", "77:1"), "Møde 77 har ingen beslutning under punkt 77", "Meeting 77 has no decision"),
    (("--decision", "syv"), "er ikke en beslutning: brug MØDE:PUNKT", "is not a decision: use MEETING:ITEM"),
    (("--note", "ring 0101901234"), "ligner et CPR-nummer (0101**-****)", "looks like a CPR number"),
])
def test_bad_input_exits_1_and_stores_nothing(engine, capsys, args, da, en):
    moved_plans(engine)
    meeting = decision(engine, "2022-09-15")
    given = {"--landsdel": "sjaelland", "--programme": "KOL", "--decision": f"{meeting}:1",
             **dict(zip(args[::2], args[1::2], strict=True))}
    argv = ["baseline", "approve", *[part for pair in given.items() for part in pair]]
    for lang, text in (("da", da.replace("punkt 77", "punkt 1")), ("en", en)):
        assert _run(engine, *argv, lang=lang) == 1
        captured = capsys.readouterr()
        assert text in captured.err and captured.out == ""
        assert "0101901234" not in captured.err
    assert count(engine, ApprovedBaseline) == 0


def test_a_viewer_may_not_approve(engine, capsys):
    moved_plans(engine)
    meeting = decision(engine, "2022-09-15")
    assert _run(engine, "baseline", "approve", "--landsdel", "sjaelland", "--programme", "KOL", "--decision",
                f"{meeting}:1", user="viewer") == 1
    assert capsys.readouterr().err.strip()
    assert count(engine, ApprovedBaseline) == 0
