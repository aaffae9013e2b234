"""`portfolio risk …` on SQLite and PostgreSQL: the interface the issue spells out, --json where it prints, exit 1
with a clear message and nothing stored on bad input."""

from __future__ import annotations

import json

import pytest

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.risks.models import RiskRecord, RiskVersion
from tests.meetings.conftest import count, held_meeting


def _run(engine, *args, lang="da", user="admin"):  # type: ignore[no-untyped-def]
    ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user=user), _engine=engine)
    return main(list(args), context=ctx)


def _json(capsys):  # type: ignore[no-untyped-def]
    return json.loads(capsys.readouterr().out)


def test_add_list_update_close(engine, capsys):
    assert _run(engine, "risk", "add", "--title", "NemSMS ikke på plads", "--probability", "3", "--consequence",
                "4", "--owner", "FUT", "--component", "nemsms", "--signal", "fut_stale:NemSMS", "--threshold",
                "30", "--mitigation", "Afklar med KL|KL|2022-10-01", "--strategy", "reducér",
                "--raised-on", "2022-06-01") == 0
    risk = capsys.readouterr().out.strip()
    assert risk.isdigit()  # prints the id
    assert _run(engine, "risk", "list", "--as-of", "2022-09-08", "--json") == 0
    listed = _json(capsys)
    [row] = listed["risks"]
    assert listed["as_of"] == "2022-09-08"
    assert row["id"] == int(risk) and row["score"] == 12 and row["component"] == "NEMSMS"
    assert row["lit"] is True and "aldrig rapporteret" in row["why"]  # an empty store: never reported
    assert row["mitigations"][0]["owner"] == "kl"
    assert _run(engine, "risk", "list", "--lit", "--as-of", "2022-09-08") == 0
    out = capsys.readouterr().out
    assert "TÆNDT" in out and "NemSMS ikke på plads" in out
    assert _run(engine, "risk", "update", risk, "--probability", "2", "--note", "Aftale indgået", "--json") == 0
    assert _json(capsys) == {"id": int(risk), "version": 2, "score": 8}
    assert _run(engine, "risk", "update", risk, "--consequence", "5", lang="en") == 0
    assert "Risk 1 updated: version 3 (score 10)." in capsys.readouterr().out
    meeting = held_meeting(engine)
    assert _run(engine, "risk", "close", risk, "--decision", f"{meeting}:1", "--json") == 0
    assert _json(capsys) == {"id": int(risk), "version": 4, "status": "closed", "decision": f"{meeting}:1"}
    assert _run(engine, "risk", "list", "--lit", "--as-of", "2022-09-08", "--json") == 0
    assert _json(capsys)["risks"] == []  # a closed risk's lamp is off
    assert _run(engine, "risk", "show", risk, "--json") == 0
    shown = _json(capsys)
    assert [h["version"] for h in shown["history"]] == [1, 2, 3, 4]
    assert shown["history"][1]["note"] == "Aftale indgået" and shown["history"][1]["recorded_by"] == "admin"


@pytest.mark.parametrize(("args", "message"), [
    (("--probability", "6"), "Sandsynligheden skal være et helt tal fra 1 til 5"),
    (("--consequence", "0"), "Konsekvensen skal være et helt tal fra 1 til 5"),
    (("--signal", "vejret:nord", "--threshold", "3"), "Ukendt signal"),
    (("--component", "FLUXKOMPENSATOR"), "Ukendt FUT-komponent"),
    (("--landsdel", "Bornholm Nord"), "Ukendt landsdel"),
    (("--owner", "Region Atlantis"), "Ukendt organisation"),
    (("--title", "Borger 010190-1234 venter"), "ligner et CPR-nummer (0101**-****)"),
    (("--mitigation", "Ring 0101901234"), "ligner et CPR-nummer"),
])
def test_bad_input_exits_1_and_stores_nothing(engine, capsys, args, message):
    base = {"--title": "Risiko", "--probability": "3", "--consequence": "3", "--owner": "KL"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = [x for k, v in {**base, **given}.items() for x in (k, v)]
    assert _run(engine, "risk", "add", *argv) == 1
    err = capsys.readouterr().err
    assert message in err and "0101901234" not in err and "010190-1234" not in err
    assert count(engine, RiskRecord) == 0 and count(engine, RiskVersion) == 0


def test_refusals_in_english_and_unknown_ids(engine, capsys):
    assert _run(engine, "risk", "add", "--title", "R", "--probability", "9", "--consequence", "1", "--owner", "KL",
                lang="en") == 1
    assert "The probability must be a whole number from 1 to 5" in capsys.readouterr().err
    assert _run(engine, "risk", "update", "42", "--probability", "2") == 1
    assert "Der findes ingen risiko med id 42" in capsys.readouterr().err
    assert _run(engine, "risk", "add", "--title", "R", "--probability", "2", "--consequence", "1",
                "--owner", "KL") == 0
    capsys.readouterr()
    assert _run(engine, "risk", "close", "1", "--decision", "5:1") == 1
    assert "Møde 5 har ingen beslutning under punkt 1" in capsys.readouterr().err
    assert _run(engine, "risk", "list", "--as-of", "i går") == 1
    assert "er ikke en dato" in capsys.readouterr().err
    assert _run(engine, "risk", "update", "1", "--probability", "1", user="viewer") == 1
    assert count(engine, RiskVersion) == 1
