"""The login survives a reload (an HttpOnly session cookie), and ends everywhere when it ends anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from portfolio.auth.sessions import COOKIE_NAME
from portfolio.db import make_engine
from tests.browser.conftest import copy_of_store, run_portfolio
from tests.support.app_server import running_app
from tests.support.login import log_in_browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, demo_store_file: Path) -> Iterator[tuple[str, str]]:
    db_url = copy_of_store(demo_store_file, tmp_path_factory, "cookie-store")
    with running_app(db_url, env={"SESSION_HOURS": "8"}) as base_url:
        yield base_url, db_url


def _logged_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Log ud", exact=True)).to_be_visible(timeout=60_000)


def _login_form(page: Page) -> None:
    expect(page.get_by_label("Brugernavn")).to_be_visible(timeout=60_000)


def test_reload_and_a_new_tab_keep_the_login_and_scripts_cannot_read_the_cookie(browser: Browser, app) -> None:
    base_url, _ = app
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/milestones")
    log_in_browser(page)
    expect(page).to_have_url(re.compile(r"/milestones"))  # back on the page the login was asked for
    cookie = next(c for c in context.cookies() if c["name"] == COOKIE_NAME)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain http on loopback
    assert len(cookie["value"]) >= 40
    assert COOKIE_NAME not in page.evaluate("document.cookie")
    page.reload()
    _logged_in(page)
    other = context.new_page()
    other.goto(base_url)
    _logged_in(other)
    expect(other.get_by_label("Brugernavn")).to_have_count(0)
    context.close()


def test_logout_in_one_tab_ends_the_other_at_its_next_step(browser: Browser, app) -> None:
    base_url, _ = app
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(base_url)
    log_in_browser(first, "viewer")
    second.goto(f"{base_url}/inclusion")
    _logged_in(second)
    first.get_by_role("button", name="Log ud", exact=True).click()
    _login_form(first)
    second.get_by_role("link", name="Milepæle").click()  # the next interaction
    _login_form(second)
    second.reload()
    _login_form(second)
    context.close()


def test_forged_expired_and_admin_ended_cookies_show_the_login_form(browser: Browser, app) -> None:
    base_url, db_url = app
    context = browser.new_context()
    context.add_cookies([{"name": COOKIE_NAME, "value": "forged-" + "x" * 40, "url": base_url}])
    page = context.new_page()
    page.goto(base_url)
    _login_form(page)

    log_in_browser(page, "syd")
    engine = make_engine(db_url)
    with engine.begin() as conn:  # the session's time runs out
        conn.execute(text("UPDATE login_session SET expires_at = '2000-01-01 00:00:00.000000' "
                          "WHERE kind = 'session' AND revoked_at IS NULL AND account_id = "
                          "(SELECT id FROM account WHERE username = 'syd')"))
    engine.dispose()
    page.reload()
    _login_form(page)

    log_in_browser(page, "syd")
    run_portfolio(db_url, "session", "revoke", "syd")  # an admin: log out everywhere
    page.get_by_role("link", name="Inklusion").click()
    _login_form(page)
    context.close()
