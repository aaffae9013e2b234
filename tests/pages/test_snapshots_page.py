"""AppTest of the snapshots page (/snapshots), through app.py so the shared set-up (and login) runs."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from portfolio.db import make_engine
from portfolio.snapshots.freeze import create_snapshot
from tests.support.login import open_logged_in


def open_page() -> AppTest:
    return open_logged_in("snapshots")


def _freeze(url: str, label: str, as_of: dt.date | None = None) -> int:
    engine = make_engine(url)
    try:
        return create_snapshot(engine, label=label, as_of=as_of, actor="test").id
    finally:
        engine.dispose()


def test_no_snapshots_on_an_empty_store(empty_db_url):
    at = open_page()
    assert any("ingen snapshots" in i.value for i in at.info)


def test_create_one_and_it_is_compared_and_offered_at_once(demo_db_url):
    at = open_page()
    assert at.title[0].value == "Snapshots til møderne"
    assert at.date_input(key="snap_as_of").value == dt.date(2022, 9, 8)  # the newest reported date
    at.text_input(key="snap_label").input("Ekstra møde")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("er oprettet" in s.value for s in at.success)
    listing = at.dataframe[0].value
    assert list(listing["Betegnelse"]) == ["Ekstra møde", "Møde 8. september 2022", "Møde 9. juni 2022"]
    new_id = int(listing["Id"].iloc[0])
    assert at.selectbox(key="snap_newer").value == new_id and at.selectbox(key="snap_export").value == new_id
    assert at.selectbox(key="snap_older").value == int(listing["Id"].iloc[1])


def test_an_empty_label_is_refused_with_a_message(demo_db_url):
    at = open_page()
    at.button[0].click().run()
    assert at.error and "betegnelse" in at.error[0].value
    assert len(at.dataframe[0].value) == 2  # nothing was frozen


def test_the_demo_meetings_are_compared_and_the_downloads_offered(demo_db_url):
    at = open_page()
    texts = [t.value for t in at.text]
    assert any('Fra "Møde 9. juni 2022"' in text and 'til "Møde 8. september 2022"' in text for text in texts)
    assert any("forskudt" in text for text in texts)
    slipped = at.dataframe[1].value
    assert list(slipped.columns) == ["Program", "Landsdel", "ID", "Milepæl", "Før", "Nu", "Dage"]
    assert (slipped["Dage"] > 0).all() and len(slipped) == 81
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == 4 and any("Excel" in label for label in labels) and any("PDF" in label for label in labels)
    assert not at.warning  # the newest snapshot is the one offered


def test_an_older_snapshot_chosen_for_download_is_flagged(demo_db_url):
    at = open_page()
    ids = list(at.dataframe[0].value["Id"])
    at.selectbox(key="snap_export").set_value(int(ids[-1])).run()
    assert at.warning and "ikke det nyeste" in at.warning[0].value


def test_english(demo_db_url):
    _freeze(demo_db_url, "Meeting")
    at = open_page()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Snapshots for the meetings"
    assert not at.exception
