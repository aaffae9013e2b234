"""Login and roles in a real browser: no data before login; `nord` may import Nord's plan, not Syd's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.importing.builders import plan_workbook
from tests.support.browser import MAIN, TIMEOUT_MS, log_in_and_open, wait_for_run

pytestmark = pytest.mark.browser



def test_no_portfolio_data_before_login(page: Page, demo_app_url: str) -> None:
    for path in ("", "milestones", "inclusion?landsdele=syd", "infrastructure", "import", "snapshots", "audit"):
        page.goto(f"{demo_app_url}/{path}")
        expect(page.get_by_label("Brugernavn")).to_be_visible(timeout=TIMEOUT_MS)
        wait_for_run(page)
        shown = page.locator(MAIN).inner_text()
        for data in ("Hovedstaden", "Sjælland", "KL Gateway", "Aktive borgere", "DEMODATA"):
            assert data not in shown, f"/{path} shows {data!r} before login"
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0


def test_nord_may_import_nord_but_not_syd(page: Page, demo_app_url: str, tmp_path) -> None:
    syd, nord = tmp_path / "Syd_KOL.xlsx", tmp_path / "Nord_KOL.xlsx"
    syd.write_bytes(plan_workbook(landsdel="Syd"))
    nord.write_bytes(plan_workbook(landsdel="Nord"))

    log_in_and_open(page, demo_app_url, "nord", "Import", "import")
    main = page.locator(MAIN)
    expect(main.get_by_text("Import af milepælsplaner")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    page.locator("input[type=file]").set_input_files(str(syd))
    expect(main.get_by_text("Du kan ikke importere planer for Syd")).to_be_visible(timeout=TIMEOUT_MS)
    main.get_by_role("button", name="Importér").click()  # the service itself refuses, whatever the page shows
    expect(main.get_by_text("Syd_KOL.xlsx: afvist")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Syd_KOL.xlsx: importeret")).to_have_count(0)
    wait_for_run(page)

    page.locator("input[type=file]").set_input_files(str(nord))  # added below the Syd file
    expect(main.get_by_role("heading", name="Nord_KOL.xlsx")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    main.get_by_role("button", name="Importér").last.click()
    expect(main.get_by_text("Nord_KOL.xlsx: importeret som version 10.")).to_be_visible(timeout=TIMEOUT_MS)
    assert not page.locator('[data-testid="stException"]').count()
