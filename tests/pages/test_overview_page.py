"""AppTest of the overview page, through app.py so the shared set-up runs."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support.login import log_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_app() -> AppTest:
    at = log_in(AppTest.from_file(APP, default_timeout=60))  # the login gate shows nothing else
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_on_demo_data(demo_db_url):
    at = open_app()
    assert at.title[0].value == "Overblik: Telemedicin til borgere med KOL"
    subheaders = [s.value for s in at.header]
    for name in ("Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"):
        assert name in subheaders
    assert any("DEMODATA" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 3  # milestones, inclusion against target, tile map


def test_overview_shows_the_derived_rag_with_reasons_and_says_where_it_disagrees(demo_db_url):
    at = open_app()
    texts = "\n".join(t.value for t in at.text)
    assert "Afledt status (regler): ■ Rød" in texts
    assert "Nøglemilepæl 5.2 er skredet 304 dage" in texts  # Syd reports green all year
    warnings = [w.value for w in at.warning]
    assert any("Landsdelens egen status (● Grøn) og reglernes (■ Rød) er forskellige." in w for w in warnings)


def test_overview_follows_language_and_filters_into_the_url(demo_db_url):
    at = open_app()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Overview: Telemedicine for citizens with COPD"
    at.sidebar.multiselect(key="w_landsdele").set_value(["nord", "syd"]).run()
    assert not at.exception
    names = [s.value for s in at.header]
    assert "Nord" in names and "Syd" in names and "Midt" not in names
    assert at.query_params["landsdele"] == ["nord", "syd"]
    assert at.query_params["lang"] in ("en", ["en"])


def test_overview_on_an_empty_store_explains_what_to_do(empty_db_url):
    at = open_app()
    assert "portfolio demo" in at.info[0].value
    assert not at.get("plotly_chart")


def test_overview_with_no_landsdel_chosen_says_so(demo_db_url):
    at = open_app()
    at.sidebar.multiselect(key="w_landsdele").set_value([]).run()
    assert not at.exception
    assert at.info and "ingen data" in at.info[0].value


def test_overview_follows_the_programme_and_offers_its_reporting_dates(demo_db_url):
    at = open_app()
    kol_dates = at.sidebar.selectbox(key="w_as_of").options
    at.sidebar.selectbox(key="w_programme").set_value("HJERTESVIGT").run()
    assert not at.exception
    assert at.title[0].value == "Overblik: Telemedicin til borgere med hjertesvigt"
    assert at.query_params["programme"] in ("HJERTESVIGT", ["HJERTESVIGT"])
    heart_dates = at.sidebar.selectbox(key="w_as_of").options
    assert heart_dates != kol_dates and heart_dates[0] == kol_dates[0] == "8. september 2022"
