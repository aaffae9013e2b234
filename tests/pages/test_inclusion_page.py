"""AppTest of the inclusion page, through app.py so the shared set-up runs."""


from streamlit.testing.v1 import AppTest

from tests.support.login import open_logged_in


def open_page() -> AppTest:
    return open_logged_in("inclusion")


def test_inclusion_on_demo_data(demo_db_url):
    at = open_page()
    assert at.title[0].value == "Inklusion: Telemedicin til borgere med KOL"
    assert len(at.get("plotly_chart")) == 2
    forecast = at.dataframe[0].value
    assert list(forecast["Landsdel"]) == ["Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"]
    assert forecast["Aktive borgere"].iloc[0] == "586"  # Nord, August 2022, Danish digits
    municipalities = at.dataframe[1].value
    assert "Aalborg" in set(municipalities["Kommune"])
    assert any("gennemsnitlig månedlig nettotilvækst" in c.value for c in at.caption)


def test_inclusion_follows_the_landsdel_filter(demo_db_url):
    at = open_page()
    at.sidebar.multiselect(key="w_landsdele").set_value(["midt"]).run()
    assert not at.exception
    assert list(at.dataframe[0].value["Landsdel"]) == ["Midt"]
    assert set(at.dataframe[1].value["Landsdel"]) == {"Midt"}


def test_inclusion_in_english_for_heart_failure(demo_db_url):
    at = open_page()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    at.sidebar.selectbox(key="w_programme").set_value("HJERTESVIGT").run()
    assert not at.exception
    assert at.title[0].value.startswith("Inclusion: ")
    assert list(at.dataframe[0].value["Landsdel"])[0] == "Nord"


def test_inclusion_on_an_empty_store(empty_db_url):
    at = open_page()
    assert "portfolio demo" in at.info[0].value
    assert not at.get("plotly_chart")
