"""The import page in a real browser: upload a workbook, see what was read and the diff, import it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.importing.builders import LONG_INCLUSION, MILESTONES, plan_workbook
from tests.support.browser import MAIN, TIMEOUT_MS, log_in_and_open, wait_for_run

pytestmark = pytest.mark.browser



def test_upload_see_diff_and_import(page: Page, empty_app_url: str, tmp_path) -> None:
    first, second = tmp_path / "Syd_KOL.xlsx", tmp_path / "Syd_KOL_v2.xlsx"
    first.write_bytes(plan_workbook(inclusion=LONG_INCLUSION))
    rows = [list(r) for r in MILESTONES]
    rows[2][3] = "2. halvår 2024"
    second.write_bytes(plan_workbook(milestones=[*rows, ["4", "Fuld drift", "Q4 2024", "", "", "grøn", "3", ""]]))

    log_in_and_open(page, empty_app_url, "admin", "Import", "import")
    main = page.locator(MAIN)
    expect(main.get_by_text("Import af milepælsplaner")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    page.locator("input[type=file]").set_input_files(str(first))
    expect(main.get_by_text("Ændringer i forhold til gældende plan")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Der er ingen tidligere plan; alle milepæle er nye.")).to_be_visible()
    main.get_by_role("button", name="Importér").click()
    expect(main.get_by_text("Syd_KOL.xlsx: importeret som version 1.")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    # The next submission: the page shows what changed against version 1 before importing.
    page.locator("input[type=file]").set_input_files(str(second))
    expect(main.get_by_text("Bliver version: v2")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    table = main.locator('[data-testid="stDataFrame"]').last
    expect(table).to_be_visible()
    main.get_by_role("button", name="Importér").click()
    expect(main.get_by_text("Syd_KOL_v2.xlsx: importeret som version 2.")).to_be_visible(timeout=TIMEOUT_MS)
    assert not page.locator('[data-testid="stException"]').count()
