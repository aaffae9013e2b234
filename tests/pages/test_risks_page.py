"""AppTest of /risks through app.py: the heat map, the list with lamps, filters, history, editing per role; and the
lit lamps on the overview."""

from __future__ import annotations

import re

from portfolio.db import make_engine, read_session
from portfolio.risks import reads
from tests.support.login import open_logged_in

KIH = "Integrationen til KIH-databasen er ikke på plads"


def test_the_demo_risks_in_danish_and_english(demo_db_url):
    at = open_logged_in("risks", "admin")
    assert at.title[0].value == "Risikolog og advarselslamper"
    table = at.dataframe[0].value
    assert table["Risiko"].iloc[0] == KIH and table["Lampe"].iloc[0] == "● TÆNDT"
    assert "prognosen for drift er rykket 90 dage" in table["Hvorfor"].iloc[0]
    assert (table["Lampe"] == "● TÆNDT").sum() == 6
    history = at.dataframe[1].value
    assert list(history["Version"]) == [1, 2] and history["Score"].tolist() == [20, 25]
    at.toggle(key="rk_lit").set_value(True).run()
    assert len(at.dataframe[0].value) == 6
    at.selectbox(key="rk_landsdel").set_value("midt").run()
    assert at.dataframe[0].value["Risiko"].tolist() == ["Lange ventetider giver frafald blandt borgere"]
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Risk log and warning lamps"
    assert "36 % below the 652 due by now" in at.dataframe[0].value["Why"].iloc[0]


def test_the_secretariat_rescored_a_risk_and_bad_input_is_refused(demo_db_url):
    at = open_logged_in("risks", "admin")
    chosen = at.selectbox(key="rk_chosen").value
    at.selectbox(key=f"rk_e_p_{chosen}").set_value(2)
    at.text_input(key="rk_e_note").input("Aftale med SDS")
    at.button(key="FormSubmitter:rk_edit-Gem").click().run()
    assert not at.exception, at.exception
    assert any("Version 3 er gemt" in s.value for s in at.success)
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        current = reads.history(session, chosen)[-1]
        assert current.probability == 2 and current.note == "Aftale med SDS" and current.recorded_by == "admin"
    at.selectbox(key=f"rk_e_status_{chosen}").set_value("closed")
    at.button(key="FormSubmitter:rk_edit-Gem").click().run()
    assert any("beslutning" in e.value for e in at.error)
    at.text_input(key="rk_a_title").input("Borger 010190-1234 venter")
    at.button(key="FormSubmitter:rk_add-Opret risiko").click().run()
    assert any(r"CPR\-nummer" in e.value and "1234" not in e.value for e in at.error), [e.value for e in at.error]
    with read_session(engine) as session:
        assert len(reads.current_versions(session)) == 10
    engine.dispose()


def test_editing_per_role(demo_db_url):
    viewer = open_logged_in("risks", "viewer")
    assert not viewer.exception
    assert any("Du kan læse risikologgen" in c.value for c in viewer.caption)
    assert not [f for f in viewer.get("form")]
    fut = open_logged_in("risks", "fut")
    assert fut.selectbox(key="rk_chosen").value is not None  # the KIH risk: a FUT risk
    assert fut.button(key="FormSubmitter:rk_edit-Gem") is not None
    midt = open_logged_in("risks", "midt")
    assert any("Du kan ikke rette denne risiko" in c.value for c in midt.caption)  # the KIH risk is FUT's
    midt.selectbox(key="rk_chosen").set_value(8).run()  # Lange ventetider: owned by Landsdel Midt
    assert not any("Du kan ikke rette denne risiko" in c.value for c in midt.caption)


def test_the_overview_shows_the_lit_lamps(demo_db_url):
    at = open_logged_in("overview", "admin")
    assert not at.exception, at.exception
    assert "Tændte advarselslamper" in [h.value for h in at.header]
    warnings = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]  # shown escaped: plain text
    assert ("Integrationen til KIH-databasen er ikke på plads (25): Integration: KIH-databasen: prognosen for drift "
            "er rykket 90 dage siden rapporten 2022-05-02 (tærskel 30).") in warnings, warnings
    lit = ("KIH", "CPR", "Roller, performance", "Parallelt arbejde", "Lange ventetider", "Hovedstadens plan")
    assert all(any(w.startswith("Integrationen til " + name) or w.startswith(name) for w in warnings) for name in lit)
    assert not any(w.startswith("Integrationen til NSP") for w in warnings)


def test_the_overview_lamps_follow_the_chosen_landsdele(demo_db_url):
    at = open_logged_in("overview", "admin")
    at.sidebar.multiselect(key="w_landsdele").set_value(["nord"]).run()
    assert not at.exception, at.exception
    warnings = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
    assert any(w.startswith("Integrationen til KIH-databasen") for w in warnings)  # a FUT risk concerns all
    assert not any(w.startswith("Lange ventetider") or w.startswith("Hovedstadens plan") for w in warnings)
