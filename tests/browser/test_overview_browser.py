"""The overview page in a real browser (Debian's Chromium), served by `streamlit run app.py`."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser

LANDSDELE = ["Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"]
RENDER_TIMEOUT_MS = 60_000
APP = '[data-testid="stApp"]'
EXCEPTION = '[data-testid="stException"]'

MAIN = '[data-testid="stMain"]'  # the page itself; the sidebar's landsdel filter names all five too

# True when every name stands as a whole word in some text node of the main area (hidden text included,
# e.g. a table's accessible copy; SVG chart labels too). "Nord" is not satisfied by "Nordjylland".
_ALL_NAMES_PRESENT = """
(names) => {
  const root = document.querySelector('[data-testid="stMain"]');
  if (!root) return false;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.data);
  const text = parts.join("\\n");
  return names.every((name) => new RegExp("(^|[^\\\\p{L}])" + name + "($|[^\\\\p{L}])", "u").test(text));
}
"""


def wait_for_app_run(page: Page, timeout: float = RENDER_TIMEOUT_MS) -> None:
    """Wait until Streamlit is connected and its script run has finished."""
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=timeout)


def missing_names(page: Page) -> list[str]:
    return [name for name in LANDSDELE if not page.evaluate(_ALL_NAMES_PRESENT, [name])]


def exceptions_on(page: Page) -> list[str]:
    return [text[:1000] for text in page.locator(EXCEPTION).all_inner_texts()]


def wait_for_names(page: Page, names: list[str], timeout: float) -> None:
    try:
        page.wait_for_function(_ALL_NAMES_PRESENT, arg=names, timeout=timeout)
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"landsdele missing from the overview: {missing_names(page)}; exceptions shown: {exceptions_on(page)}"
        ) from None


def test_overview_shows_all_five_landsdele(page: Page, demo_app_url: str) -> None:
    page.goto(demo_app_url)
    log_in_browser(page)
    wait_for_names(page, ["Hovedstaden"], timeout=RENDER_TIMEOUT_MS)
    wait_for_app_run(page)
    wait_for_names(page, LANDSDELE, timeout=15_000)
    assert exceptions_on(page) == []


def test_overview_on_an_empty_store_shows_no_exception(page: Page, empty_app_url: str) -> None:
    page.goto(empty_app_url)
    log_in_browser(page, "admin")
    wait_for_app_run(page)
    expect(page.locator(f"{MAIN} h1").first).to_be_visible()
    assert exceptions_on(page) == []
