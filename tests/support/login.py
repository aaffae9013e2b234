"""Logging in from tests: an AppTest session seeded as after a successful login, or the form in a browser."""

from __future__ import annotations

import os
from pathlib import Path

from portfolio.db import make_engine
from portfolio.schema import initialise_store
from tests.support.accounts import TEST_PASSWORD, seed_test_accounts

DEFAULT_USER = "admin"
APP = str(Path(__file__).resolve().parents[2] / "app.py")


def log_in(at, username: str = DEFAULT_USER, database_url: str | None = None):  # type: ignore[no-untyped-def]
    """Make ``at`` (an AppTest, before its first run) logged in as ``username`` in the store at DATABASE_URL.

    The store is created and given the test accounts when needed (e.g. a store the app would create itself).
    """
    from ui.auth import SESSION_KEY, session_state_for

    engine = make_engine(database_url or os.environ["DATABASE_URL"])
    try:
        initialise_store(engine, actor="test")
        seed_test_accounts(engine)
    finally:
        engine.dispose()
    at.session_state[SESSION_KEY] = session_state_for(username)
    return at


def open_logged_in(page: str, username: str = DEFAULT_USER):  # type: ignore[no-untyped-def]
    """app.py run once logged in as ``username``, then ``pages/<page>.py`` reached through the navigation, as a
    user reaches it; both runs without an exception."""
    from streamlit.testing.v1 import AppTest

    at = log_in(AppTest.from_file(APP, default_timeout=60), username)  # the login gate shows nothing else
    at.run()
    assert not at.exception, at.exception
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def log_in_browser(page, username: str = DEFAULT_USER, password: str = TEST_PASSWORD,  # type: ignore[no-untyped-def]
                   timeout: float = 60_000) -> None:
    """Fill the login form the app shows before anything else (Danish labels)."""
    from playwright.sync_api import expect

    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name="Log ud")).to_be_visible(timeout=timeout)
