"""Saved scenarios in a real browser: the secretariat saves the infrastructure page's what-if as a named scenario
and sees it listed, in Danish and in English. Screenshots go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import EXCEPTION, MAIN, SIDEBAR, TIMEOUT_MS, log_in_and_open, wait_for_run

pytestmark = pytest.mark.browser


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_save_a_scenario_and_see_it_listed(page: Page, demo_app_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in_and_open(page, demo_app_url, "admin", "FUT-infrastruktur", "infrastructure")
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Gemte scenarier")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Ingen gemte scenarier endnu.")).to_be_visible()
    form = main.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Gem scenarie"))
    form.get_by_label("Navn på scenariet").fill("Browser: FUT 8 uger senere")
    form.get_by_role("button", name="Gem scenarie").click()
    expect(main.get_by_text("Scenariet \"Browser: FUT 8 uger senere\" er gemt")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    listed = main.get_by_test_id("stDataFrame").filter(has_text="Browser: FUT 8 uger senere")
    expect(listed.first).to_be_visible(timeout=TIMEOUT_MS)
    assert page.locator(EXCEPTION).count() == 0
    main.get_by_role("heading", name="Gemte scenarier").scroll_into_view_if_needed()
    _shot(page, "scenarios-da")

    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    wait_for_run(page)
    expect(main.get_by_role("heading", name="Saved scenarios")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_role("button", name="Save scenario")).to_be_visible()
    main.get_by_role("heading", name="Saved scenarios").scroll_into_view_if_needed()
    _shot(page, "scenarios-en")
    form = main.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Save scenario"))
    # the choice in the chosen language (not the Danish "Ingen"), the date English style
    expect(form.get_by_role("combobox", name="Changed inclusion rate (optional)")).to_have_value("None")
    expect(form.get_by_role("combobox", name="Compute against snapshot")).to_have_value(
        "Møde 8. september 2022 (08/09/2022)")
    assert page.locator(EXCEPTION).count() == 0
