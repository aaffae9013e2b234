"""What the Playwright tests share: Streamlit's selectors and waiting for a script run to finish."""

from __future__ import annotations

from playwright.sync_api import Page

TIMEOUT_MS = 60_000
APP = '[data-testid="stApp"]'
MAIN = '[data-testid="stMain"]'  # the page itself (the sidebar's filters name every landsdel too)
SIDEBAR = '[data-testid="stSidebar"]'
SIDEBAR_NAV = '[data-testid="stSidebarNav"]'
EXCEPTION = '[data-testid="stException"]'


def wait_for_run(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Until the browser is connected and the app's script run has finished."""
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=timeout)


# Charts and tables are drawn after the script run has finished: a page shows skeletons until its lazily loaded
# elements arrive, and a Plotly chart its frame before its SVG.
_DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"]')
    && Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        .every((chart) => chart.querySelector('svg.main-svg'))"""


def wait_for_drawn(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Until the script run has finished and every element of the page is drawn (no skeleton, every chart's SVG)."""
    wait_for_run(page, timeout)
    page.wait_for_function(_DRAWN, timeout=timeout)


def log_in_and_open(page: Page, app_url: str, username: str, nav_label: str, url_path: str) -> None:
    """Log in on the main page and open a page from the navigation, as a user does."""
    from tests.support.login import log_in_browser

    page.goto(app_url)
    log_in_browser(page, username)
    wait_for_run(page)
    page.locator(SIDEBAR_NAV).get_by_text(nav_label, exact=True).click()
    page.wait_for_url(f"**/{url_path}*", timeout=TIMEOUT_MS)  # the shared view's query string follows
    wait_for_run(page)
