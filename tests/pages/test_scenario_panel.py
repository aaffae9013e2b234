"""AppTest of the infrastructure page's saved scenarios: the secretariat saves the what-if as a named scenario,
sees it listed and compares two; a bad name is refused with nothing stored; a viewer is not offered the form."""

from __future__ import annotations

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from portfolio.db import make_engine, read_session
from portfolio.scenarios.models import Scenario
from tests.support.login import open_logged_in


def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            return session.scalar(select(func.count()).select_from(Scenario)) or 0
    finally:
        engine.dispose()


def _plain(text: str) -> str:
    """A message as the user reads it (literal() escapes Markdown with backslashes)."""
    return text.replace("\\", "")


def _save(at: AppTest, name: str, *, landsdel: str = "", percent: int = 0) -> AppTest:
    at.text_input(key="w_scenario_name").set_value(name)
    at.selectbox(key="w_scenario_landsdel").set_value(landsdel)
    at.number_input(key="w_scenario_percent").set_value(percent)
    [button] = [b for b in at.button if b.label == "Gem scenarie"]
    return button.click().run()


def test_save_list_and_compare(demo_db_url):
    at = open_logged_in("infrastructure")
    assert "Gemte scenarier" in [h.value for h in at.header]
    assert any("Ingen gemte scenarier endnu." in i.value for i in at.info)
    at.selectbox(key="w_whatif_component").set_value("KOL_HJERTE").run()
    at.number_input(key="w_whatif_weeks").set_value(12).run()
    at = _save(at, "KOL-hjerte 12 uger")
    assert not at.exception
    assert any("KOL-hjerte 12 uger" in _plain(s.value) and "er gemt" in _plain(s.value) for s in at.success)
    at.run()
    assert any("KOL-hjerte 12 uger" in frame.value.to_string() for frame in at.dataframe)
    at.number_input(key="w_whatif_weeks").set_value(0).run()
    at = _save(at, "Midt langsommere", landsdel="midt", percent=-20)
    at.run()
    assert _count(demo_db_url) == 2
    names = "\n".join(frame.value.to_string() for frame in at.dataframe)
    assert "Midt langsommere" in names and "Inklusionstakten i Midt ændres -20 %" in names
    # two saved: side by side, A the older one
    side = [frame.value for frame in at.dataframe if any(str(c).startswith("A: ") for c in frame.value.columns)]
    assert len(side) == 2
    milestones, inclusion = side
    assert "A: KOL-hjerte 12 uger" in milestones.columns and "B: Midt langsommere" in milestones.columns
    assert "6.3" in milestones.to_string()


def test_a_cpr_number_in_the_name_is_refused(demo_db_url):
    at = open_logged_in("infrastructure")
    at = _save(at, "Borger 010190-1234")
    assert any("CPR-nummer" in _plain(e.value) for e in at.error)
    assert "010190-1234" not in "\n".join(e.value for e in at.error)
    assert _count(demo_db_url) == 0


def test_a_viewer_sees_the_list_but_no_form(demo_db_url):
    at = open_logged_in("infrastructure", "viewer")
    assert not [b for b in at.button if b.label == "Gem scenarie"]
    assert any("Sekretariatet (administratorer) gemmer scenarier" in c.value for c in at.caption)


def test_the_meetings_page_shows_a_scenario_offered_on_a_decision_item(demo_db_url):
    from portfolio.scenarios import service

    engine = make_engine(demo_db_url)
    try:
        scenario = service.save_scenario(engine, name="KOL-hjerte 12 uger", actor="admin",
                                         component_slips=[("KOL_HJERTE", 12)], snapshot_id=2)
        service.attach_scenario(engine, scenario, "2:7", actor="admin")
    finally:
        engine.dispose()
    at = open_logged_in("meetings", "viewer")
    at.selectbox(key="mt_meeting").set_value(2).run()
    assert not at.exception, at.exception
    items = at.dataframe[1].value
    options = items["Beslutningsforslag (scenarier)"]
    assert options.iloc[6].startswith(f"Scenarie {scenario} \"KOL-hjerte 12 uger\": KOL-hjerteløsningen (FUT 2.0) "
                                      "skrider 12 uger · Milepæle skubbet: 10")
    assert (options.drop(index=6) == "").all()  # only the (B) item it was offered on
