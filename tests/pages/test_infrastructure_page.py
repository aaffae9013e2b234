"""AppTest of the FUT infrastructure page, through app.py so the shared set-up runs."""


from streamlit.testing.v1 import AppTest

from tests.support.login import open_logged_in


def open_page() -> AppTest:
    return open_logged_in("infrastructure")


def _texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def test_infrastructure_on_demo_data(demo_db_url):
    at = open_page()
    assert at.title[0].value == "FUT-infrastruktur"
    assert len(at.get("plotly_chart")) == 1
    texts = _texts(at)
    assert "KL Gateway" in texts and "■ Rød" in texts  # a red component shows its symbol and word
    subheaders = [s.value for s in at.header]
    for header in ("Tavle efter fase", "Åbne risici", "Integrationer", "Hvad nu hvis en komponent skrider?"):
        assert header in subheaders


def test_what_if_a_component_slips(demo_db_url):
    at = open_page()
    at.selectbox(key="w_whatif_component").set_value("KOL_HJERTE").run()
    at.number_input(key="w_whatif_weeks").set_value(12).run()
    assert not at.exception
    assert "milepæle skubbes yderligere" in _texts(at)
    at.number_input(key="w_whatif_weeks").set_value(0).run()
    assert any("Ingen milepæle i udvalget skubbes" in i.value for i in at.info)


def test_infrastructure_on_an_empty_store(empty_db_url):
    at = open_page()
    assert "portfolio demo" in at.info[0].value
    assert not at.get("plotly_chart")
