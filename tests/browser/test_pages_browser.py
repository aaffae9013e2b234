"""Every dashboard page in a real browser (Debian's Chromium): drawn at its URL, charts rendered, no exception,
and the page follows a changed filter. One app server per module (``demo_app_url``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import EXCEPTION, MAIN, SIDEBAR, TIMEOUT_MS, wait_for_run
from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser

CHART = f'{MAIN} [data-testid="stPlotlyChart"] .js-plotly-plot'


def open_page(page: Page, url: str) -> None:
    page.goto(url)  # a new browser session: the login gate comes first
    log_in_browser(page)
    page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert page.locator(EXCEPTION).all_inner_texts() == []


@pytest.mark.parametrize(("path", "title", "charts"), [
    ("", "Overblik: Telemedicin til borgere med KOL", 3),
    ("milestones", "Milepæle: Telemedicin til borgere med KOL", 6),  # a timeline per landsdel + the trend
    ("inclusion", "Inklusion: Telemedicin til borgere med KOL", 2),
    ("infrastructure", "FUT-infrastruktur", 1),
])
def test_each_page_draws_its_charts(page: Page, demo_app_url: str, path: str, title: str, charts: int) -> None:
    open_page(page, f"{demo_app_url}/{path}")
    expect(page.locator(f"{MAIN} h1").first).to_have_text(title)
    expect(page.locator(CHART)).to_have_count(charts, timeout=TIMEOUT_MS)
    assert page.locator(f"{CHART} .main-svg").count() >= charts  # Plotly drew them


def test_inclusion_follows_the_language(page: Page, demo_app_url: str) -> None:
    open_page(page, f"{demo_app_url}/inclusion")
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    expect(page.locator(f"{MAIN} h1").first).to_have_text("Inclusion: Telemedicine for citizens with COPD",
                                                           timeout=TIMEOUT_MS)
    wait_for_run(page)
    expect(page.locator(f"{CHART} .gtitle").first).to_contain_text("Active citizens against target")
    assert "lang=en" in page.url  # the view can be shared as a link
    assert page.locator(EXCEPTION).count() == 0


def test_milestones_follow_the_landsdel_filter(page: Page, demo_app_url: str) -> None:
    open_page(page, f"{demo_app_url}/milestones?landsdele=syd&landsdele=midt")
    expect(page.locator(f"{CHART} .gtitle").last).to_contain_text("Trendanalyse: Syd", timeout=TIMEOUT_MS)
    page.locator(SIDEBAR).get_by_role("button", name="Remove Syd").click()  # the chip's ✕ in the multiselect
    expect(page.locator(f"{CHART} .gtitle").last).to_contain_text("Trendanalyse: Midt", timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert "landsdele=syd" not in page.url
    assert page.locator(EXCEPTION).count() == 0
