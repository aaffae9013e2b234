"""The sidebar always shows the app's own navigation, never Streamlit's file-based page list.

Streamlit builds a raw list (app, audit, import plan, …) from the ``pages/`` folder next to app.py until app.py has
called ``st.navigation``: on the first run after a server start, e.g. a shared link to /snapshots, it showed that list
and ran the page without app.py. serve.py settles it before the first session. Each test gets a freshly started
server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import copy_of_store
from tests.support.app_server import running_app
from tests.support.browser import MAIN, SIDEBAR_NAV, TIMEOUT_MS, wait_for_run
from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser

RAW_NAMES = ("app", "import plan", "import_plan", "overview", "milestones", "inclusion", "infrastructure", "audit")
_EVERYONE = ["Overblik", "Milepæle", "Inklusion", "FUT-infrastruktur", "Import", "Snapshots", "Møder", "Risici"]
APP_NAV = {"viewer": _EVERYONE, "admin": [*_EVERYONE, "Revisionslog"]}


@pytest.fixture
def fresh_demo_app(tmp_path_factory: pytest.TempPathFactory, demo_store_file: Path) -> Iterator[str]:
    with running_app(copy_of_store(demo_store_file, tmp_path_factory, "nav-store")) as base_url:
        yield base_url


def _nav_entries(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(f"{SIDEBAR_NAV} a").all_inner_texts()
            if text.strip()]


def _assert_app_navigation(page: Page, role: str) -> None:
    entries = [e.split("\n")[-1].strip() for e in _nav_entries(page)]
    assert entries == APP_NAV[role], entries
    assert not set(entries) & set(RAW_NAMES)


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_deep_link_first_paint_login_and_form_submit(page: Page, fresh_demo_app: str, role: str) -> None:
    page.goto(f"{fresh_demo_app}/snapshots")
    wait_for_run(page)
    assert not page.locator(SIDEBAR_NAV).count() or not _nav_entries(page)  # before login: no navigation at all

    log_in_browser(page, role)
    wait_for_run(page)
    page.wait_for_url("**/snapshots*", timeout=TIMEOUT_MS)  # the shared link still leads to its page
    _assert_app_navigation(page, role)

    # a form submitted on the page (a refusal for the viewer, a snapshot for the secretariat) keeps the navigation
    main = page.locator(MAIN)
    form = main.get_by_role("button", name="Fastfrys")
    if form.count():
        main.get_by_label("Betegnelse").fill("Navigationstest")
        form.click()
        wait_for_run(page)
    _assert_app_navigation(page, role)
    expect(main.get_by_role("heading", name="Snapshots til møderne")).to_be_visible(timeout=TIMEOUT_MS)
