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
