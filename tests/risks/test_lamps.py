"""Warning lamps on the demo story, SQLite and PostgreSQL: lit by themselves when the signal crosses the threshold
as of the date, with the reason; off below it, before the data, and for closed or accepted risks."""

from __future__ import annotations

import datetime as dt

from portfolio.db import read_session
from portfolio.risks import reads, service
from portfolio.risks.service import RiskChange

SEPTEMBER = dt.date(2022, 9, 8)


def _lamps(engine, as_of):  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return {row.version.title: row.lamp for row in reads.risk_rows(session, as_of)}


def test_the_demo_lamps_on_8_september_2022(demo_engine_both):
    lamps = _lamps(demo_engine_both, SEPTEMBER)
    lit = {title for title, lamp in lamps.items() if lamp.lit}
    assert lit == {
        "Integrationen til KIH-databasen er ikke på plads", "Integrationen til CPR-opslag er ikke på plads",
        "Roller, performance og rettigheder er uklare i KOL-hjerteløsningen",
        "Parallelt arbejde og flaskehalse på infrastrukturen", "Lange ventetider giver frafald blandt borgere",
        "Hovedstadens plan er rød efter reglerne",
    }
    kih = lamps["Integrationen til KIH-databasen er ikke på plads"]
    assert kih.text("da") == ("Integration: KIH-databasen: prognosen for drift er rykket 90 dage siden rapporten "
                              "2022-05-02 (tærskel 30).")
    assert "the production forecast moved 90 days" in kih.text("en")
    assert "36 % under de 652" in lamps["Lange ventetider giver frafald blandt borgere"].text("da")
    # Not lit, and why: NSP moved 59 days against a threshold of 60; NemSMS was reported that day.
    nsp = lamps["Integrationen til NSP er ikke på plads"]
    assert not nsp.lit and "59 dage, tærskel 60" in nsp.text("da")
    assert not lamps["Integrationen til NemSMS er ikke på plads"].lit
    accepted = lamps["MVP'ens omfang begrænser, hvor mange borgere der kan inkluderes"]
    assert not accepted.lit and not accepted.bound


def test_a_lamp_lights_when_the_signal_crosses_its_threshold(demo_engine_both):
    engine = demo_engine_both
    risk_id = service.add_risk(engine, RiskChange(title="NemSMS går stille", probability=2, consequence=3,
                                                  owner="fut", component="NEMSMS", signal="fut_stale:NEMSMS",
                                                  threshold=30), actor="admin", raised_on="2022-05-01")
    def lamp(day):  # type: ignore[no-untyped-def]
        with read_session(engine) as session:
            return next(r.lamp for r in reads.risk_rows(session, day) if r.id == risk_id)
    assert not lamp(SEPTEMBER).lit
    later = lamp(dt.date(2022, 10, 20))  # 42 days after the last report
    assert later.lit and later.text("da") == "Integration: NemSMS er ikke rapporteret i 42 dage (tærskel 30)."
    service.update_risk(engine, risk_id, RiskChange(threshold=60), actor="fut")
    assert not lamp(dt.date(2022, 10, 20)).lit
    with read_session(engine) as session:
        assert risk_id not in {r.id for r in reads.risk_rows(session, dt.date(2022, 4, 1))}  # not raised yet
        assert risk_id in {r.id for r in reads.risk_rows(session, dt.date(2022, 12, 1), lit_only=True)}


def test_milestone_and_inclusion_thresholds(demo_engine_both):
    engine = demo_engine_both
    ids = [service.add_risk(engine, RiskChange(title=title, probability=3, consequence=3, owner="sekretariatet",
                                               signal=signal, threshold=threshold), actor="admin",
                            raised_on="2022-06-01")
           for title, signal, threshold in (("Midt 9.3", "milestone_slip:Midtjylland/9.3", 300),
                                            ("Midt 9.3 høj", "milestone_slip:midt/9.3", 400),
                                            ("Syd inklusion", "inclusion:syd", 40),
                                            ("Nord rød", "rag_red:nord", None))]
    with read_session(engine) as session:
        lamps = {r.id: r.lamp for r in reads.risk_rows(session, SEPTEMBER)}
    assert [lamps[i].lit for i in ids] == [True, False, False, True]
    assert lamps[ids[0]].text("en") == "Midt KOL: 9.3 is 366 days late against its baseline (threshold 300)."
