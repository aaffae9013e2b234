"""AppTest of the milestones page, through app.py so the shared set-up runs."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support.login import log_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str = "pages/milestones.py") -> AppTest:
    at = log_in(AppTest.from_file(APP, default_timeout=60))  # the login gate shows nothing else
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def test_milestones_on_demo_data(demo_db_url):
    at = open_page()
    assert at.title[0].value == "Milepæle: Telemedicin til borgere med KOL"
    assert at.sidebar.radio(key="w_lang").value == "da"  # the shared sidebar ran
    charts = at.get("plotly_chart")
    assert len(charts) == 5 + 1  # a timeline per landsdel, and the trend analysis
    assert [c.key for c in charts[:5]] == [f"ms_timeline_{k}" for k in ("nord", "midt", "syd", "hovedstaden",
                                                                      "sjaelland")]
    assert all("Status pr. 08.09.2022" in c.proto.spec for c in charts[:5])  # the status-date line on each
    spec = json.loads(charts[0].proto.spec)
    assert spec["layout"]["xaxis2"]["side"] == "top"  # dates above the rows too
    rows = [row.replace("<br>", " ") for row in spec["layout"]["yaxis"]["categoryarray"]]
    assert "6.4 Integrationer på plads (CPR-opslag, NemSMS, KIH-databasen, NSP)" in rows  # whole, wrapped
    expanders = [e.label for e in at.expander]
    assert expanders[0].startswith("Nord (")
    subheaders = [s.value for s in at.header]
    assert "Skredet siden forrige planversion" in subheaders
    assert "Afhængigheder af FUT-infrastrukturen" in subheaders
    full_table = at.dataframe[-1].value
    assert len(full_table) == 5 * 19


def test_filters_follow_into_the_table_and_the_url(demo_db_url):
    at = open_page()
    at.multiselect(key="w_ms_category").set_value(["Pilot"]).run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert set(table["Kategori"]) == {"Pilot"} and len(table) == 5 * 2
    assert at.query_params["category"] in ("Pilot", ["Pilot"])
    at.multiselect(key="w_ms_status").set_value(["done"]).run()
    assert not at.exception and at.info  # no pilot is done in September 2022: says so instead of failing


def test_trend_analysis_follows_the_chosen_landsdel(demo_db_url):
    at = open_page()
    at.selectbox(key="w_ms_trend").set_value("syd").run()
    assert not at.exception
    assert "Trendanalyse: Syd" in at.get("plotly_chart")[-1].proto.spec


def test_milestones_in_english(demo_db_url):
    at = open_page()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Milestones: Telemedicine for citizens with COPD"
    assert "Status as of 08" in at.get("plotly_chart")[0].proto.spec  # Plotly's JSON escapes the slashes


def test_milestones_on_an_empty_store(empty_db_url):
    at = open_page()
    assert "portfolio demo" in at.info[0].value
    assert not at.get("plotly_chart")


def test_milestones_with_no_landsdel_chosen(demo_db_url):
    at = open_page()
    at.sidebar.multiselect(key="w_landsdele").set_value([]).run()
    assert not at.exception
    assert at.info and "ingen data" in at.info[0].value


def test_any_two_plan_versions_can_be_compared(demo_db_url):
    at = open_page()
    assert "Sammenlign to planversioner" in [s.value for s in at.header]
    a, b = at.selectbox(key="w_versions_a"), at.selectbox(key="w_versions_b")
    assert (a.value, b.value) == (8, 9)  # the latest against the one before, to start with
    at.selectbox(key="w_versions_landsdel").set_value("midt").run()
    at.selectbox(key="w_versions_a").set_value(1).run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Hvilken" in d.value.columns)
    assert len(table) > 0 and {"Hvad", "Hvilken", "Ændring", "Før", "Efter"} <= set(table.columns)
    changed = table[table["Ændring"].str.startswith("Ændret: Prognose")]
    assert len(changed) > 0 and all(" 20" in v for v in changed["Efter"])  # dates as dates, not typed text
    at.selectbox(key="w_versions_b").set_value(1).run()
    assert any("to forskellige versioner" in i.value for i in at.info)


def test_a_baseline_changed_without_approval_is_flagged(demo_db_url):
    at = open_page()
    [flag] = [w.value for w in at.warning if "Baseline ændret uden godkendelse" in w.value]
    assert "godkendte baseline" in flag
    table = next(d.value for d in at.dataframe if "Dage flyttet" in d.value.columns)
    assert table.to_dict("records") == [{
        "Landsdel": "Syd KOL", "ID": "8.2", "Milepæl": "Pilot evalueret, beslutning om udbredelse",
        "Godkendt baseline": "31.12.2022", "Ny baseline": "31.03.2023", "Dage flyttet": "90",
        "Målt mod": "første indsendte plan (version 1); ingen godkendt baseline endnu"}]
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert any("Baseline changed without approval" in w.value for w in at.warning)
    assert any("Days moved" in d.value.columns for d in at.dataframe)
