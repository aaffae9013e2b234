"""`portfolio scenario …` on SQLite and PostgreSQL: save prints the id, list / show / compare / attach with --json,
exit 1 with a clear message (Danish or English) and nothing stored on bad input."""

from __future__ import annotations

import json

import pytest

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.scenarios.models import Scenario, ScenarioAssumption, ScenarioOption
from tests.meetings.conftest import count, held_meeting
from tests.scenarios.conftest import a_snapshot


def _run(engine, *args, lang="da", user="admin"):  # type: ignore[no-untyped-def]
    ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user=user), _engine=engine)
    return main(list(args), context=ctx)


def _json(capsys):  # type: ignore[no-untyped-def]
    return json.loads(capsys.readouterr().out)


def test_save_list_show_compare_attach(demo_engine_both, capsys):
    engine = demo_engine_both
    assert _run(engine, "scenario", "save", "--name", "KOL-hjerte 12 uger", "--component", "KOL_HJERTE",
                "--weeks", "12") == 0
    first = capsys.readouterr().out.strip()
    assert first.isdigit()  # prints the id
    assert _run(engine, "scenario", "save", "--name", "KIH og Midt", "--component", "KIH_DB", "--weeks", "8",
                "--inclusion", "midt=-20", "--inclusion", "nord=+15", "--snapshot", "2", "--json") == 0
    saved = _json(capsys)
    second = saved["id"]
    assert saved["snapshot_id"] == 2 and saved["as_of"] == "2022-09-08"
    assert [a["subject"] for a in saved["assumptions"]] == ["KIH_DB", "midt", "nord"]
    assert saved["milestones_pushed"] and all(m["extra_days"] > 0 for m in saved["milestones_pushed"])
    [midt] = [o for o in saved["full_inclusion"] if o["landsdel"] == "midt" and o["programme"] == "KOL"]
    assert midt["percent"] == -20 and midt["after"] > midt["before"]

    assert _run(engine, "scenario", "list", "--json") == 0
    listed = _json(capsys)["scenarios"]
    assert [s["id"] for s in listed] == [second, int(first)]
    assert _run(engine, "scenario", "list") == 0
    out = capsys.readouterr().out
    assert "KOL-hjerte 12 uger" in out and "KOL-hjerteløsningen (FUT 2.0) skrider 12 uger" in out

    assert _run(engine, "scenario", "show", first, lang="en") == 0
    out = capsys.readouterr().out
    assert "KOL-hjerteløsningen (FUT 2.0) slips 12 weeks" in out and "Milestones pushed: 10" in out

    assert _run(engine, "scenario", "compare", first, str(second), "--json") == 0
    side = _json(capsys)
    assert side["a"]["id"] == int(first) and side["b"]["id"] == second
    assert {m["code"] for m in side["milestones"]} >= {"6.3", "6.4"}
    assert _run(engine, "scenario", "compare", first, str(second)) == 0
    assert "A = " in capsys.readouterr().out

    assert _run(engine, "scenario", "attach", first, "--item", "2:7", "--json") == 0  # (B) Fælles e-læring
    assert _json(capsys) == {"id": int(first), "item": "2:7"}
    assert _run(engine, "scenario", "list", "--json") == 0
    assert _json(capsys)["scenarios"][1]["options"] == ["2:7"]


@pytest.mark.parametrize(("args", "da", "en"), [
    (("--component", "NOPE", "--weeks", "4"), "Ukendt FUT-komponent \"NOPE\"", "Unknown FUT component \"NOPE\""),
    (("--component", "NSP", "--weeks", "fire"), "Antal uger skal være et helt tal fra 1 til 104",
     "The number of weeks must be a whole number from 1 to 104"),
    (("--component", "NSP", "--weeks", "-2"), "ikke \"-2\"", "not \"-2\""),
    (("--component", "NSP", "--weeks", "520"), "ikke \"520\"", "not \"520\""),
    (("--component", "NSP"), "Hver --component skal have sit eget --weeks", "Each --component needs its own --weeks"),
    (("--inclusion", "fyn=10"), "Ukendt landsdel \"fyn\"", "Unknown landsdel \"fyn\""),
    (("--inclusion", "midt"), "er ikke en inklusionsantagelse", "is not an inclusion assumption"),
    (("--inclusion", "midt=-200"), "fra -100 til +500 %", "from -100 to +500 %"),
    ((), "mindst én antagelse", "at least one assumption"),
    (("--component", "NSP", "--weeks", "4", "--snapshot", "77"), "intet snapshot med id 77",
     "no snapshot with id 77"),
])
def test_bad_input_exits_1_and_stores_nothing(engine, capsys, args, da, en):
    a_snapshot(engine)
    for lang, text in (("da", da), ("en", en)):
        assert _run(engine, "scenario", "save", "--name", "Forkert", *args, lang=lang) == 1
        captured = capsys.readouterr()
        assert text in captured.err and "Traceback" not in captured.err and captured.out == ""
    assert count(engine, Scenario) == 0 and count(engine, ScenarioAssumption) == 0


def test_a_cpr_number_in_the_name_is_refused_and_never_echoed(engine, capsys):
    a_snapshot(engine)
    assert _run(engine, "scenario", "save", "--name", "Borger 010190-1234", "--component", "NSP", "--weeks",
                "4") == 1
    captured = capsys.readouterr()
    assert "CPR" in captured.err and "010190-1234" not in captured.err + captured.out
    assert count(engine, Scenario) == 0


def test_attach_refusals_and_rights(engine, capsys):
    a_snapshot(engine)
    assert _run(engine, "scenario", "save", "--name", "Option", "--component", "NSP", "--weeks", "4") == 0
    scenario = capsys.readouterr().out.strip()
    meeting = held_meeting(engine)
    assert _run(engine, "scenario", "attach", scenario, "--item", f"{meeting}:1") == 1
    assert "ikke et beslutningspunkt (B)" in capsys.readouterr().err
    assert _run(engine, "scenario", "attach", scenario, "--item", "nine", lang="en") == 1
    assert "use MEETING:ITEM" in capsys.readouterr().err
    assert _run(engine, "scenario", "attach", scenario, "--item", f"{meeting}:2", user="viewer") == 1
    capsys.readouterr()
    assert count(engine, ScenarioOption) == 0
    assert _run(engine, "scenario", "attach", scenario, "--item", f"{meeting}:2") == 0
    assert "beslutningsforslag under punkt 2" in capsys.readouterr().out
    assert _run(engine, "scenario", "show", "99") == 1 and "intet scenarie med id 99" in capsys.readouterr().err
    assert _run(engine, "scenario", "compare", scenario, scenario) == 1
    assert "to forskellige" in capsys.readouterr().err
    assert _run(engine, "scenario", "list", "--json", user="viewer") == 0  # reading is open to every account
    assert len(_json(capsys)["scenarios"]) == 1


def test_an_empty_list_says_so(engine, capsys):
    assert _run(engine, "scenario", "list", lang="en") == 0
    assert "No saved scenarios." in capsys.readouterr().out
