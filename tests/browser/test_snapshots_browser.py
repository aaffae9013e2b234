"""The snapshots page in a real browser: freeze the demo portfolio and download the status pack."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import MAIN, TIMEOUT_MS, log_in_and_open, wait_for_run

pytestmark = pytest.mark.browser



def test_create_a_snapshot_and_download_the_pack(page: Page, demo_app_url: str) -> None:
    log_in_and_open(page, demo_app_url, "admin", "Snapshots", "snapshots")
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Snapshots til møderne")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    main.get_by_label("Betegnelse").fill("Møde 8. september 2022")
    main.get_by_role("button", name="Fastfrys").click()
    expect(main.get_by_text("Snapshot 1 er oprettet.")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    button = main.get_by_role("button", name="Hent PowerPoint-statuspakke")
    expect(button).to_be_enabled(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "Statuspakke_2022-09-08_snapshot-1.pptx"
    with open(download.path(), "rb") as file:
        assert file.read(2) == b"PK"
    assert not page.locator('[data-testid="stException"]').count()
