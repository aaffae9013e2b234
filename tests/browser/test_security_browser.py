"""In Chromium (#13): no page load makes a request to another origin, and text from users and files (a file named
like a Markdown image, an account's name, unknown headers) is shown as text, never as an element. The tables' own
CSV download is gone."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import copy_of_store, run_portfolio
from tests.importing.builders import HEADERS, MILESTONES, plan_workbook
from tests.support.accounts import TEST_PASSWORD
from tests.support.app_server import REPO_ROOT, running_app
from tests.support.browser import MAIN, SIDEBAR, SIDEBAR_NAV, TIMEOUT_MS, wait_for_drawn, wait_for_run
from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser

HOSTILE = "![x](http://tracker.invalid/track)"
HOSTILE_NAME = "<img src=http://tracker.invalid/name.png> [klik](http://tracker.invalid/n) **fed**"
PAGES = [("Milepæle", "milestones"), ("Inklusion", "inclusion"),
         ("FUT-infrastruktur", "infrastructure"), ("Import", "import"), ("Snapshots", "snapshots"),
         ("Revisionslog", "audit"), ("Overblik", "")]


def open_page(page: Page, label: str, path: str) -> None:
    page.locator(SIDEBAR_NAV).get_by_text(label, exact=True).click()
    if path:
        page.wait_for_url(f"**/{path}*", timeout=TIMEOUT_MS)
    else:
        page.wait_for_timeout(500)
    wait_for_run(page)


@pytest.fixture(scope="module")
def hostile_app_url(tmp_path_factory: pytest.TempPathFactory, demo_store_file: Path) -> Iterator[str]:
    url = copy_of_store(demo_store_file, tmp_path_factory, "hostile-store")
    added = subprocess.run(
        [sys.executable, "-m", "portfolio", "user", "add", "mallory", "--role", "admin", "--name", HOSTILE_NAME,
         "--password-stdin"],
        cwd=REPO_ROOT, env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "PORTFOLIO_USER": "admin"},
        input=TEST_PASSWORD, capture_output=True, text=True, timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    run_portfolio(url, "snapshot", "create", "--label", "Møde")
    with running_app(url) as base_url:
        yield base_url


def guard_origin(page: Page, base_url: str) -> list[str]:
    """Abort, and remember, every request to another origin."""
    own = urllib.parse.urlsplit(base_url)
    foreign: list[str] = []

    def handle(route: Route) -> None:
        target = urllib.parse.urlsplit(route.request.url)
        if target.scheme in ("data", "blob") or (target.scheme, target.netloc) == (own.scheme, own.netloc):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return foreign


def injected(page: Page) -> list[str]:
    """Elements that text from a file or an account became: images, links, bold text naming the tracker."""
    return page.evaluate("""() => [...document.querySelectorAll('img, a, strong, b, iframe, script, link')]
        .filter(el => /tracker\\.invalid|fed/.test(
            (el.getAttribute('src') || '') + (el.getAttribute('href') || '')
            + (el.tagName === 'STRONG' || el.tagName === 'B' ? el.textContent : '')))
        .map(el => el.outerHTML)""")


def test_pages_load_nothing_from_another_origin_and_show_hostile_text_as_text(
        page: Page, hostile_app_url: str, tmp_path) -> None:
    foreign = guard_origin(page, hostile_app_url)
    page.goto(hostile_app_url)
    wait_for_run(page)
    icon = page.locator("link[rel*=icon]").first.get_attribute("href") or ""
    assert not icon.startswith("http") or icon.startswith(hostile_app_url), icon

    log_in_browser(page, "mallory")
    wait_for_run(page)
    expect(page.locator(SIDEBAR).get_by_text("tracker.invalid/n", exact=False).first).to_be_visible()
    for label, path in PAGES:
        open_page(page, label, path)
        assert not page.locator('[data-testid="stException"]').count(), path

    # An upload whose name is a Markdown image: shown, imported, and then in the store, the audit log, the charts.
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    open_page(page, "Import", "import")
    main = page.locator(MAIN)
    page.locator("input[type=file]").set_input_files({"name": f"{HOSTILE}.xlsx", "mimeType": xlsx,
                                                      "buffer": plan_workbook()})
    expect(main.get_by_text("tracker.invalid/track).xlsx").first).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    main.get_by_role("button", name="Importér").click()
    expect(main.get_by_text("importeret som version").first).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert injected(page) == []

    # A workbook with an unknown column named like a Markdown image: its mapping label shows it as text.
    page.locator("input[type=file]").set_input_files({
        "name": "kolonner.xlsx", "mimeType": xlsx,
        "buffer": plan_workbook(headers=[*HEADERS, HOSTILE], milestones=[[*row, "x"] for row in MILESTONES])})
    expect(main.get_by_text("kolonner.xlsx").first).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    expect(main.get_by_text("Milepæle I: ").first).to_be_attached(timeout=TIMEOUT_MS)  # in a closed expander
    assert injected(page) == []

    open_page(page, "Overblik", "")
    wait_for_drawn(page)  # charts draw after the run
    assert injected(page) == []
    assert foreign == [], foreign


def test_the_tables_offer_no_csv_download_of_their_own(page: Page, hostile_app_url: str) -> None:
    page.goto(hostile_app_url)
    log_in_browser(page, "admin")
    wait_for_run(page)
    open_page(page, "Revisionslog", "audit")
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible(timeout=TIMEOUT_MS)
    table.hover()
    page.wait_for_timeout(500)
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    assert page.locator('[data-testid="stElementToolbar"] button[aria-label*="Download"]').count() == 0
    assert page.locator("[data-testid=stToolbarActions] >> text=Deploy").count() == 0


@pytest.mark.parametrize(("label", "path", "button"), [("Revisionslog", "audit", "Eksportér CSV"),
                                                       ("Snapshots", "snapshots", "Hent Excel-bilag")])
def test_an_exports_media_url_stops_working_after_logout(page: Page, hostile_app_url: str, label: str, path: str,
                                                         button: str) -> None:
    page.goto(hostile_app_url)
    log_in_browser(page, "admin")
    wait_for_run(page)
    open_page(page, label, path)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name=button).click()
    url = download.value.url
    assert url.startswith(hostile_app_url) and page.request.get(url).status == 200
    wait_for_run(page)
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("button", name="Log ind")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert page.request.get(url).status == 404
