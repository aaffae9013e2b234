"""`portfolio meeting …` and `portfolio action …` on SQLite and PostgreSQL: the interface the issue spells out,
exit 1 with a clear message and nothing stored on bad input, --json where they print."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.meetings.models import AgendaItem, Conclusion, FollowUpAction, Meeting, MinutesRevision
from portfolio.snapshots.freeze import create_snapshot
from tests.meetings.conftest import audit_actions, count


def _run(engine, *args, lang="da", user="admin"):  # type: ignore[no-untyped-def]
    ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user=user), _engine=engine)
    return main(list(args), context=ctx)


def _json(capsys):  # type: ignore[no-untyped-def]
    return json.loads(capsys.readouterr().out)


def test_prepare_hold_and_follow_up_a_meeting(engine, capsys, tmp_path):
    assert _run(engine, "meeting", "create", "--date", "2022-09-08", "--title", "Møde 8. september 2022") == 0
    meeting = capsys.readouterr().out.strip()
    assert meeting.isdigit()  # prints the id
    assert _run(engine, "meeting", "item", "add", meeting, "--title", "Status på FUT", "--kind", "O",
                "--presenter", "FUT-programmet", "--json") == 0
    assert _json(capsys) == {"meeting_id": int(meeting), "number": 1}
    assert _run(engine, "meeting", "item", "add", meeting, "--title", "Fælles e-læring", "--kind", "b",
                "--presenter", "KL") == 0
    assert "Punkt 2 tilføjet" in capsys.readouterr().out
    assert _run(engine, "meeting", "conclude", meeting, "1", "--outcome", "taken_note", "--text",
                "Tog orienteringen til efterretning.") == 0
    assert "Udfald for punkt 1 registreret: taget til efterretning." in capsys.readouterr().out
    assert _run(engine, "meeting", "conclude", meeting, "2", "--outcome", "approved", "--text",
                "Godkendte de to kommissorier.", "--json") == 0
    assert _json(capsys) == {"meeting_id": int(meeting), "item": 2, "outcome": "approved"}
    assert _run(engine, "action", "add", "--meeting", meeting, "--item", "2", "--text",
                "Finansiering af drift og vedligehold afklares", "--owner", "KL", "--due", "2022-11-17",
                "--json") == 0
    action = _json(capsys)["id"]
    assert _run(engine, "meeting", "list", "--json") == 0
    [listed] = _json(capsys)
    assert listed["status"] == "held" and listed["items"] == 2 and listed["open_actions"] == 1
    assert _run(engine, "meeting", "show", meeting) == 0
    shown = capsys.readouterr().out
    assert "2. Fælles e-læring (B) – KL" in shown and "Konklusion: godkendt" in shown
    assert _run(engine, "meeting", "approve", meeting, "--written-procedure", "--json") == 0
    assert _json(capsys)["method"] == "written_procedure"
    assert _run(engine, "meeting", "show", meeting, "--json") == 0
    content = _json(capsys)
    assert content["meeting"]["status"] == "approved" and content["revision"]["number"] == 1
    assert content["items"][1]["actions"][0]["owner"]["key"] == "kl"

    assert _run(engine, "action", "list", "--open", "--as-of", "2022-12-01", "--json") == 0
    [row] = _json(capsys)
    assert row["id"] == action and row["overdue"] is True and row["owner"] == "kl"
    assert _run(engine, "action", "list", "--overdue", "--as-of", "2022-11-01", "--json") == 0
    assert _json(capsys) == []
    assert _run(engine, "action", "update", str(action), "--status", "done", "--note", "Aftalt i økonomiaftalen",
                "--json") == 0
    assert _json(capsys) == {"id": action, "status": "done"}
    assert _run(engine, "action", "list", "--open") == 0
    assert "Ingen opfølgningspunkter" in capsys.readouterr().out
    assert _run(engine, "action", "list", "--owner", "kl", "--json") == 0
    assert _json(capsys)[0]["status"] == "done"

    out = tmp_path / "referat.docx"
    assert _run(engine, "meeting", "export", meeting, "--format", "docx", "--out", str(out)) == 0
    headings = [p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1. Status på FUT (O)", "2. Fælles e-læring (B)"]
    assert {"meeting.create", "meeting.item.add", "meeting.conclude", "meeting.action.add", "meeting.approve",
            "meeting.action.update", "meeting.export"} <= set(audit_actions(engine))


def _refused(engine, capsys, *args, user="admin", lang="da") -> str:  # type: ignore[no-untyped-def]
    assert _run(engine, *args, user=user, lang=lang) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    return captured.err


def _stored(engine) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(count(engine, m) for m in (Meeting, AgendaItem, Conclusion, FollowUpAction, MinutesRevision))


def test_bad_input_exits_1_and_stores_nothing(engine, capsys):
    assert _run(engine, "meeting", "create", "--date", "2022-09-08", "--title", "Møde") == 0
    meeting = capsys.readouterr().out.strip()
    assert _run(engine, "meeting", "item", "add", meeting, "--title", "Beslutning", "--kind", "B") == 0
    capsys.readouterr()
    before = _stored(engine)
    cases = [
        (("meeting", "create", "--date", "8/9/2022", "--title", "Møde"), "er ikke en dato"),
        (("meeting", "create", "--date", "2022-09-08", "--title", "Borger 0101901234"), "CPR-nummer"),
        (("meeting", "create", "--date", "2022-09-08", "--title", "Møde", "--snapshot", "42"), "intet snapshot"),
        (("meeting", "item", "add", meeting, "--title", "Punkt", "--kind", "X"), "Ukendt punkttype"),
        (("meeting", "item", "add", meeting, "--title", "Punkt", "--kind", "O", "--presenter", "Nowhere"),
         "Ukendt organisation"),
        (("meeting", "item", "add", "99", "--title", "Punkt", "--kind", "O"), "intet møde med id 99"),
        (("meeting", "conclude", meeting, "7", "--outcome", "approved", "--text", "x"), "intet dagsordenspunkt"),
        (("meeting", "conclude", meeting, "1", "--outcome", "ok", "--text", "x"), "Ukendt udfald"),
        (("meeting", "conclude", meeting, "1", "--outcome", "approved", "--text", "010190 1234"), "CPR-nummer"),
        (("action", "add", "--meeting", meeting, "--item", "1", "--text", "x", "--due", "2022-11-01"),
         "skal have en ansvarlig"),
        (("action", "add", "--meeting", meeting, "--item", "1", "--text", "x", "--owner", "kl"), "skal have en frist"),
        (("action", "add", "--meeting", meeting, "--item", "1", "--text", "x", "--owner", "Nowhere", "--due",
          "2022-11-01"), "Ukendt organisation"),
        (("action", "add", "--meeting", meeting, "--item", "1", "--text", "ring 010190-1234", "--owner", "kl",
          "--due", "2022-11-01"), "CPR-nummer"),
        (("action", "update", "77", "--status", "done"), "intet opfølgningspunkt"),
        (("action", "list", "--owner", "Nowhere"), "Ukendt organisation"),
        (("action", "list", "--as-of", "i går"), "er ikke en dato"),
        (("meeting", "export", meeting, "--format", "odt", "--out", "/tmp/x.odt"), "Ukendt format"),
        (("meeting", "approve", meeting), "ikke afholdt"),
    ]
    for args, expected in cases:
        err = _refused(engine, capsys, *args)
        assert expected in err, (args, err)
        assert "1234" not in err
    assert _stored(engine) == before
    # a (B) item left without an outcome at approval
    assert _run(engine, "meeting", "item", "add", meeting, "--title", "Orientering", "--kind", "O") == 0
    assert _run(engine, "meeting", "conclude", meeting, "2", "--outcome", "taken_note", "--text", "ok") == 0
    capsys.readouterr()
    err = _refused(engine, capsys, "meeting", "approve", meeting, lang="en")
    assert "decision item(s) 1 have no outcome" in err
    assert count(engine, MinutesRevision) == 0


def test_approved_minutes_cannot_be_edited_only_corrected(engine, capsys):
    assert _run(engine, "meeting", "create", "--date", "2022-09-08", "--title", "Møde") == 0
    meeting = capsys.readouterr().out.strip()
    _run(engine, "meeting", "item", "add", meeting, "--title", "Punkt", "--kind", "O")
    _run(engine, "meeting", "conclude", meeting, "1", "--outcome", "taken_note", "--text", "Taget til efterretning")
    assert _run(engine, "meeting", "approve", meeting) == 0
    capsys.readouterr()
    before = _stored(engine)
    for args in (("meeting", "item", "add", meeting, "--title", "Nyt", "--kind", "O"),
                 ("meeting", "conclude", meeting, "1", "--outcome", "rejected", "--text", "x"),
                 ("action", "add", "--meeting", meeting, "--item", "1", "--text", "x", "--owner", "kl", "--due",
                  "2022-12-01")):
        assert "er godkendt og kan ikke ændres" in _refused(engine, capsys, *args)
    assert _stored(engine) == before
    assert "Begrundelsen mangler" in _refused(engine, capsys, "meeting", "correct", meeting, "1", "--reason", "",
                                              "--text", "y")
    assert _run(engine, "meeting", "correct", meeting, "1", "--reason", "Forkert udfald", "--outcome",
                "approved_with_remarks") == 0
    assert "revision 2" in capsys.readouterr().out


def test_roles_viewer_reads_editor_updates_own_actions(engine, capsys):
    _run(engine, "meeting", "create", "--date", "2022-09-08", "--title", "Møde")
    meeting = capsys.readouterr().out.strip()
    _run(engine, "meeting", "item", "add", meeting, "--title", "Inklusion", "--kind", "O")
    capsys.readouterr()
    _run(engine, "action", "add", "--meeting", meeting, "--item", "1", "--text", "Beskriv inklusionshastigheden",
         "--owner", "Region Midtjylland", "--due", "2022-11-17", "--json")
    action = str(_json(capsys)["id"])
    assert "Ikke tilladt" in _refused(engine, capsys, "meeting", "create", "--date", "2022-09-08", "--title", "x",
                                 user="viewer")
    assert "Ikke tilladt" in _refused(engine, capsys, "action", "update", action, "--status", "done", user="nord")
    assert _run(engine, "meeting", "list", user="viewer") == 0
    assert "Møde" in capsys.readouterr().out
    assert _run(engine, "action", "update", action, "--status", "done", "--note", "Sendt", user="midt") == 0
    assert "afsluttet" in capsys.readouterr().out


def test_draft_agenda_from_the_command_line(demo_engine, capsys):
    create_snapshot(demo_engine, label="Møde 2. februar 2022", as_of=dt.date(2022, 2, 2), actor="test")
    snapshot = create_snapshot(demo_engine, label="Møde 8. september 2022", as_of=dt.date(2022, 9, 8), actor="test")
    assert _run(demo_engine, "meeting", "create", "--date", "2022-11-17", "--title", "Møde 17. november 2022",
                "--snapshot", str(snapshot.id), "--json") == 0
    meeting = str(_json(capsys)["id"])
    assert "Ikke tilladt" in _refused(demo_engine, capsys, "meeting", "draft-agenda", meeting, user="viewer")
    assert _run(demo_engine, "meeting", "draft-agenda", meeting, "--json") == 0
    proposed = _json(capsys)
    assert proposed[0]["title"] == "Velkomst og siden sidst" and all(p["reason"] for p in proposed)
    assert _run(demo_engine, "meeting", "draft-agenda", meeting, lang="en") == 0
    assert "No new items" in capsys.readouterr().out


@pytest.mark.parametrize("args", [("meeting",), ("action", "add", "--meeting", "x"), ("meeting", "show")])
def test_usage_errors_exit_2(sqlite_engine, args, capsys):
    assert _run(sqlite_engine, *args) == 2
