"""Tolerances (data/tolerances.toml), `portfolio exceptions` and the (B) items the draft agenda proposes for a
breach, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.db import read_session
from portfolio.domain import Rag
from portfolio.meetings import agenda, service
from portfolio.meetings.domain import ItemKind
from portfolio.risks.tolerances import (
    DEFAULT_PATH,
    Tolerances,
    TolerancesError,
    breaches,
    load_tolerances,
    tolerances_from_toml,
)
from portfolio.snapshots.freeze import create_snapshot

SEPTEMBER = dt.date(2022, 9, 8)


def _run(engine, *args, lang="da"):  # type: ignore[no-untyped-def]
    ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user="admin"), _engine=engine)
    return main(list(args), context=ctx)


def test_the_shipped_file_holds_the_statens_it_raad_defaults():
    shipped = load_tolerances(DEFAULT_PATH)
    assert (shipped.time_yellow_days, shipped.time_red_beyond_days) == (30, 90)
    assert shipped == Tolerances(source=str(DEFAULT_PATH))


@pytest.mark.parametrize(("text", "message"), [
    ("[time]\nyellow_days = 100\nred_beyond_days = 90", "yellow_days ≤ red_beyond_days"),
    ("[inclusion]\nyellow_below_share = 0.5\nred_below_share = 0.8", "red_below_share ≤ yellow_below_share"),
    ("[cost]\nyellow = 1", "unknown section [cost]"),
    ("[time]\norange_days = 3", "unknown setting time.orange_days"),
    ("[time]\nyellow_days = 1.5", "whole number of days"),
    ("[fut]\nyellow_days = \"30\"", "must be a number"),
    ("[time\n", "x.toml"),
])
def test_a_bad_tolerances_file_is_refused_with_the_reason(text, message):
    with pytest.raises(TolerancesError, match=message.replace("[", r"\[")):
        tolerances_from_toml(text, source="x.toml")


def test_breaches_per_dimension_against_the_thresholds(demo_engine_both):
    with read_session(demo_engine_both) as session:
        found = breaches(session, SEPTEMBER)
        loose = breaches(session, SEPTEMBER, Tolerances(time_yellow_days=600, time_red_beyond_days=600,
                                                        inclusion_yellow_below_share=0.5,
                                                        inclusion_red_below_share=0.5, fut_yellow_days=100,
                                                        fut_red_beyond_days=100))
        early = breaches(session, dt.date(2021, 6, 1))
    sjaelland = {(b.programme, b.dimension): b for b in found if b.landsdel_key == "sjaelland"}
    assert sjaelland[("KOL", "time")].level is Rag.RED and sjaelland[("KOL", "time")].value == 547
    assert sjaelland[("KOL", "time")].threshold == 90 and sjaelland[("KOL", "time")].subject == "9.3"
    assert sjaelland[("KOL", "inclusion")].level is Rag.RED and sjaelland[("KOL", "inclusion")].value == 0.514
    assert sjaelland[("KOL", "fut")].value == 92 and sjaelland[("KOL", "fut")].subject == "K-PRO"
    assert sjaelland[("HJERTESVIGT", "fut")].level is Rag.AMBER and sjaelland[("HJERTESVIGT", "fut")].value == 30
    assert sjaelland[("KOL", "time")].text("en") == "time (red): 9.3 is 547 days late (tolerance 90 days)"
    assert loose == [] and early == []


def test_exceptions_command(demo_engine_both, capsys, monkeypatch, tmp_path):
    assert _run(demo_engine_both, "exceptions", "--as-of", "2022-09-08", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2022-09-08"
    first = out["breaches"][0]
    assert set(first) == {"landsdel", "programme", "dimension", "level", "value", "threshold", "subject"}
    assert {"nord", "midt", "syd", "hovedstaden", "sjaelland"} == {b["landsdel"] for b in out["breaches"]}
    assert _run(demo_engine_both, "exceptions", "--as-of", "2022-09-08", lang="en") == 0
    assert "Sjælland     KOL          time (red): 9.3 is 547 days late (tolerance 90 days)" in capsys.readouterr().out
    assert _run(demo_engine_both, "exceptions", "--as-of", "8-9-2022") == 1
    assert "er ikke en dato" in capsys.readouterr().err
    bad = tmp_path / "tolerances.toml"
    bad.write_text("[time]\nyellow_days = 100\nred_beyond_days = 9\n", encoding="utf-8")
    monkeypatch.setenv("TOLERANCES_PATH", str(bad))
    assert _run(demo_engine_both, "exceptions") == 1
    assert "Tolerancefilen kan ikke bruges" in capsys.readouterr().err
    good = tmp_path / "loose.toml"
    good.write_text("[time]\nyellow_days = 1000\nred_beyond_days = 1000\n[inclusion]\nyellow_below_share = 0.1\n"
                    "red_below_share = 0.1\n[fut]\nyellow_days = 1000\nred_beyond_days = 1000\n", encoding="utf-8")
    monkeypatch.setenv("TOLERANCES_PATH", str(good))
    assert _run(demo_engine_both, "exceptions", "--as-of", "2022-09-08") == 0
    assert "Ingen tolerancebrud." in capsys.readouterr().out


def test_a_breach_proposes_a_decision_item_with_the_three_tracks(demo_engine_both):
    snapshot = create_snapshot(demo_engine_both, label="Møde 8. september 2022", as_of=SEPTEMBER, actor="test")
    meeting_id = service.create_meeting(demo_engine_both, meeting_date="2022-11-17", title="Forberedelse",
                                        snapshot_id=snapshot.id, actor="admin")
    added = agenda.draft_agenda(demo_engine_both, meeting_id, actor="admin")
    decisions = {p.title: p for _, p in added if p.key.startswith("tolerance.")}
    item = decisions["Tolerance overskredet: Sjælland KOL – beslutning om spor"]
    assert item.kind is ItemKind.B and item.presenter == "sjaelland"
    assert "tid (rød): 9.3 er 547 dage forsinket" in item.reason
    assert "1) tilbage på planen" in item.reason and "2) ny plan" in item.reason and "3) stop" in item.reason
    assert len(decisions) == 10  # every landsdel and programme is beyond tolerance on 8 September 2022
    assert agenda.draft_agenda(demo_engine_both, meeting_id, actor="admin") == []
