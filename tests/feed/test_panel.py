"""The feed panel of the infrastructure page, driven with Streamlit's AppTest on a store built here."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from portfolio.db import read_session
from portfolio.feed.service import ingest_feed
from portfolio.feed.settings import FeedSettings
from portfolio.models import ComponentStatus
from tests.feed.conftest import GOOD_FEED, TODAY, FeedServer, entry, feed_json

TIMEOUT = 30


def panel(lang, as_of, settings):  # noqa: ANN001 - AppTest runs this function's source as a script
    import streamlit as st

    from portfolio.dashboard.infrastructure import history_table
    from portfolio.feed.history import component_history
    from ui.feed_panel import render_feed_panel
    from ui.state import cached_query

    render_feed_panel(lang=lang, actor="panel-user", as_of=as_of, settings=settings)
    # below the panel on the infrastructure page: the status history (what the panel's uploads add to)
    st.dataframe(history_table(cached_query(component_history, as_of), lang), hide_index=True)


@pytest.fixture(autouse=True)
def _the_panel_reads_the_test_store(sqlite_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The panel reaches the store through ui.state, which opens the one DATABASE_URL names."""
    monkeypatch.setenv("DATABASE_URL", sqlite_store.url.render_as_string(hide_password=False))


def app(engine: Engine, *, lang: str = "en", as_of: dt.date = TODAY, settings: FeedSettings | None = None) -> AppTest:
    del engine  # the store of the autouse fixture above
    at = AppTest.from_function(panel, default_timeout=TIMEOUT,
                               kwargs={"lang": lang, "as_of": as_of,
                                       "settings": settings or FeedSettings(url=None, stale_days=45)})
    at.run()
    assert not at.exception, at.exception
    return at


def count(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(ComponentStatus)) or 0


def texts(at: AppTest) -> str:
    return "\n".join(e.value for e in at.text)


def test_upload_imports_and_shows_history(sqlite_store: Engine) -> None:
    at = app(sqlite_store)
    assert "Klinisk Administrativt Modul (KAM): never reported" in texts(at)
    at.file_uploader[0].set_value(("status.json", GOOD_FEED, "application/json"))
    at.button(key="fut_feed_import").click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["3 new status entries stored from status\\.json\\."]
    assert count(sqlite_store) == 3
    history = at.dataframe[-1].value
    assert len(history) == 3 and "Pilot i to kommuner." in list(history["Note"])
    assert "KL Gateway" not in texts(at)  # reported 2023-05-01: no longer stale
    with read_session(sqlite_store) as session:
        assert set(session.scalars(select(ComponentStatus.recorded_by))) == {"panel-user"}


def test_upload_with_problems_lists_each_and_stores_nothing(sqlite_store: Engine) -> None:
    at = app(sqlite_store, lang="da")
    bad = feed_json(entry("KAM", rag="lilla"), entry("Ukendt"), entry("K_PRO", date="2030-01-01"))
    at.file_uploader[0].set_value(("dårlig.json", bad, "application/json"))
    at.button(key="fut_feed_import").click()
    at.run()
    assert len(at.error) == 1 and "blev afvist" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems["Post"]) == ["1", "2", "3"]
    assert list(problems["Felt"]) == ["rag", "component", "date"]
    assert count(sqlite_store) == 0


def test_oversized_upload_is_refused(sqlite_store: Engine) -> None:
    at = app(sqlite_store, settings=FeedSettings(max_bytes=100))
    at.file_uploader[0].set_value(("big.json", GOOD_FEED, "application/json"))
    at.button(key="fut_feed_import").click()
    at.run()
    assert list(at.dataframe[0].value["Problem"]) == ["The file big.json is larger than the limit of 100 bytes."]
    assert count(sqlite_store) == 0


def test_notes_are_never_rendered_as_markdown_or_html(sqlite_store: Engine) -> None:
    note = "<script>alert(1)</script> **fed** [link](http://evil)"
    ingest_feed(sqlite_store, feed_json(entry("KAM", note=note)), "x.json", actor="x", today=TODAY)
    at = app(sqlite_store)
    assert note in list(at.dataframe[-1].value["Note"])
    assert not any(note in m.value or "<script>" in m.value for m in at.markdown)


def test_pull_now_and_the_note_when_no_url(sqlite_store: Engine, feed_server: FeedServer) -> None:
    at = app(sqlite_store)
    assert any("FUT_FEED_URL" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "fut_feed_pull"]

    feed_server.routes["/feed.json"] = lambda h: (200, {"Content-Type": "application/json", "ETag": '"x"'}, GOOD_FEED)
    settings = FeedSettings(url=feed_server.url("/feed.json"), stale_days=45, timeout=1, retries=0)
    at = app(sqlite_store, settings=settings)
    at.button(key="fut_feed_pull").click()
    at.run()
    assert not at.exception
    assert len(at.success) == 1 and count(sqlite_store) == 3
    assert "Last pulled" in texts(at)


def test_stale_threshold_is_configurable(sqlite_store: Engine) -> None:
    ingest_feed(sqlite_store, feed_json(entry("KAM", "2023-05-01")), "x.json", actor="x", today=TODAY)
    warning = texts(app(sqlite_store, settings=FeedSettings(stale_days=10)))
    assert "Klinisk Administrativt Modul (KAM): last 1 May 2023 (31 days ago)" in warning
    assert "Klinisk Administrativt Modul (KAM)" not in texts(app(sqlite_store, settings=FeedSettings(stale_days=31)))


def test_settings_from_env() -> None:
    settings = FeedSettings.from_env({"FUT_FEED_URL": " https://fut.example/feed.json ", "FUT_STALE_DAYS": "30"})
    assert (settings.url, settings.stale_days) == ("https://fut.example/feed.json", 30)
    assert FeedSettings.from_env({"FUT_STALE_DAYS": "abc"}).stale_days == 45
    assert FeedSettings.from_env({}).url is None
