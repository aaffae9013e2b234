"""The meeting register in a real browser: draft an agenda from a snapshot, record a conclusion and an action
during the meeting, approve the minutes and download them as Word."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.conftest import copy_of_store, run_portfolio
from tests.support.app_server import running_app
from tests.support.browser import EXCEPTION, MAIN, SIDEBAR, TIMEOUT_MS, log_in_and_open, wait_for_run
from tests.support.tolerances import loose_tolerances

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def meetings_app_url(tmp_path_factory: pytest.TempPathFactory, demo_store_file: Path) -> Iterator[str]:
    """The demo store with the snapshots of 2 February and 8 September 2022."""
    url = copy_of_store(demo_store_file, tmp_path_factory, "meetings-store")
    run_portfolio(url, "snapshot", "create", "--label", "Møde 2. februar 2022", "--as-of", "2022-02-02")
    run_portfolio(url, "snapshot", "create", "--label", "Møde 8. september 2022", "--as-of", "2022-09-08")
    # No tolerance (B) items on the draft: the flow approves the minutes after concluding one item.
    loose = loose_tolerances(tmp_path_factory.mktemp("tolerances"))
    with running_app(url, env={"TOLERANCES_PATH": loose}) as base_url:
        yield base_url


def _choose(page: Page, scope, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    scope.get_by_label(label, exact=True).click()
    page.keyboard.type(option[:12])  # the list is long and virtualised: filter it down to the option
    page.get_by_role("option", name=option).first.click()


def test_draft_hold_approve_and_download_the_minutes(page: Page, meetings_app_url: str) -> None:
    log_in_and_open(page, meetings_app_url, "admin", "Møder", "meetings")
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Møder i porteføljestyregruppen")).to_be_visible(timeout=TIMEOUT_MS)

    # prepare: a meeting on the September snapshot, the agenda drafted from the data
    form = main.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Opret møde"))
    form.get_by_label("Titel").fill("Møde 8. december 2022")
    _choose(page, form, "Snapshot", "2 · 08.09.2022 · Møde 8. september 2022")
    form.get_by_role("button", name="Opret møde").click()
    expect(main.get_by_text("er oprettet")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    main.get_by_role("tab", name="Mødet", exact=True).click()
    main.get_by_role("button", name="Foreslå dagsorden ud fra data").click()
    expect(main.get_by_text("punkter er foreslået")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    # hold: the conclusion of item 2 (the minutes of 8 September) and an action
    main.get_by_role("tab", name="Mødeafvikling").click()
    run = main.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Gem konklusion"))
    _choose(page, run, "Punkt", "2. Referat (B)")
    _choose(page, run, "Udfald", "godkendt")
    run.get_by_label("Konklusion").fill("Referatet af 8. september blev godkendt.")
    run.get_by_role("textbox", name="Opfølgningspunkt").fill("Sekretariatet udsender det godkendte referat")
    _choose(page, run, "Ansvarlig", "Sekretariatet")
    run.get_by_role("spinbutton", name="day, Frist").click()
    page.keyboard.type("15122022")  # day, month, year segments
    page.keyboard.press("Tab")
    run.get_by_role("button", name="Gem konklusion").click()
    expect(main.get_by_text("Gemt.")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    # approve and download the minutes
    main.get_by_role("tab", name="Mødet", exact=True).click()
    main.get_by_role("button", name="Godkend og frys referatet").click()
    expect(main.get_by_text("Referatet er godkendt og frosset")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    main.get_by_role("tab", name="Mødet", exact=True).click()
    button = main.get_by_role("button", name="Hent referat (Word)")
    expect(button).to_be_enabled(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("Referat_") and download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as file:
        doc = Document(io.BytesIO(file.read()))
    texts = [p.text for p in doc.paragraphs]
    assert "2. Referat (B)" in texts and "Velkomst og siden sidst (O)" in " ".join(texts)
    assert "Konklusion (godkendt): Referatet af 8. september blev godkendt." in texts
    assert any("Sekretariatet udsender det godkendte referat" in t and "15. december 2022" in t for t in texts)
    assert not any("UDKAST" in t for t in texts)
    assert not page.locator(EXCEPTION).count()
    assert page.locator(SIDEBAR).count()
