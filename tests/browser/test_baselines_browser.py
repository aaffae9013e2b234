"""The import preview in a real browser flags a baseline moved without the steering group's approval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.baselines.test_import_flag import moved_workbook
from tests.browser.conftest import copy_of_store, run_portfolio
from tests.importing.builders import plan_workbook
from tests.support.app_server import running_app
from tests.support.browser import EXCEPTION, MAIN, TIMEOUT_MS, log_in_and_open, wait_for_run

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def first_plan_app_url(tmp_path_factory: pytest.TempPathFactory, empty_store_file: Path) -> Iterator[str]:
    """The app on a store holding Syd's first KOL plan (imported with the CLI)."""
    url = copy_of_store(empty_store_file, tmp_path_factory, "baseline-store")
    first = tmp_path_factory.mktemp("plans") / "Syd_KOL.xlsx"
    first.write_bytes(plan_workbook())
    run_portfolio(url, "import-plan", str(first))
    with running_app(url) as base_url:
        yield base_url


def test_the_import_preview_flags_a_moved_baseline(page: Page, first_plan_app_url: str, tmp_path) -> None:
    second = tmp_path / "Syd_KOL_v2.xlsx"
    second.write_bytes(moved_workbook())
    log_in_and_open(page, first_plan_app_url, "admin", "Import", "import")
    main = page.locator(MAIN)
    wait_for_run(page)
    page.locator("input[type=file]").set_input_files(str(second))
    expect(main.get_by_text("Baseline ændret uden godkendelse")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Bliver version: v2")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    flag = main.locator('[data-testid="stDataFrame"]').first
    expect(flag).to_be_visible()
    main.get_by_text("Baseline ændret uden godkendelse").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "baseline-flag.png"))
    assert not page.locator(EXCEPTION).count()
