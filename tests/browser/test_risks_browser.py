"""The risk log in a real browser: the heat map and the lit lamps on /risks in Danish and English, the lit lamps on
the overview, and a risk re-scored by the secretariat. Screenshots go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import EXCEPTION, MAIN, SIDEBAR, TIMEOUT_MS, log_in_and_open, wait_for_run
from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_risk_page_heat_map_lamps_and_rescoring(page: Page, demo_app_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in_and_open(page, demo_app_url, "admin", "Risici", "risks")
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Risikolog og advarselslamper")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT_MS)  # the 5×5 heat map
    expect(main.get_by_text("Sandsynlighed", exact=True).first).to_be_visible()
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
    _shot(page, "risks-da")

    form = main.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Gem"))
    form.get_by_label("Sandsynlighed", exact=True).click()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    form.get_by_label("Note (hvorfor)").fill("Prognosen er rykket igen")
    form.get_by_role("button", name="Gem").click()
    expect(main.get_by_text("Version 3 er gemt.")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    wait_for_run(page)
    expect(main.get_by_role("heading", name="Risk log and warning lamps")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Probability", exact=True).first).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
    _shot(page, "risks-en")
    main.get_by_role("heading", name="History").scroll_into_view_if_needed()
    _shot(page, "risks-en-history")


def test_the_overview_shows_the_lit_lamps(page: Page, demo_app_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(demo_app_url)  # the overview is the default page
    log_in_browser(page, "viewer")
    wait_for_run(page)
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Tændte advarselslamper")).to_be_visible(timeout=TIMEOUT_MS)
    # (its score depends on whether the other test re-scored it first: they share the store)
    expect(main.get_by_text(re.compile(r"^Integrationen til KIH-databasen er ikke på plads \(\d+\): Integration: "
                                       r"KIH-databasen: prognosen for drift er rykket 90 dage"))).to_be_visible(
        timeout=TIMEOUT_MS)
    expect(main.get_by_text(re.compile(r"Midt KOL: \d+ aktive borgere, \d+ % under de \d+, der skulle være nået"))
           ).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
    main.get_by_role("heading", name="Tændte advarselslamper").scroll_into_view_if_needed()
    _shot(page, "overview-lamps-da")
