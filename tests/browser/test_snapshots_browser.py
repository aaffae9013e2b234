"""The snapshots page in a real browser: freeze the demo portfolio and download the status pack.

The pack handed out must be the snapshot just frozen, even when earlier snapshots exist and were chosen before
(the secretariat once circulated last meeting's pack that way).
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation

from tests.support.browser import MAIN, TIMEOUT_MS, log_in_and_open, wait_for_run

pytestmark = pytest.mark.browser


def _freeze(page: Page, label: str) -> int:
    main = page.locator(MAIN)
    created = re.compile(r"Snapshot \d+ er oprettet\.")
    # the notice of an earlier freeze stays on screen until the rerun that replaces it: wait for a new one
    before = main.get_by_text(created).all_inner_texts()
    main.get_by_label("Betegnelse").fill(label)
    main.get_by_role("button", name="Fastfrys").click()
    notice = main.get_by_text(created)
    for shown in before:
        expect(notice).not_to_have_text(shown, timeout=TIMEOUT_MS)
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    return int(re.search(r"\d+", notice.inner_text()).group())  # type: ignore[union-attr]


def _download_pack(page: Page) -> tuple[str, bytes]:
    button = page.locator(MAIN).get_by_role("button", name="Hent PowerPoint-statuspakke")
    expect(button).to_be_enabled(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    download = info.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def _first_slide_text(data: bytes) -> str:
    slide = Presentation(io.BytesIO(data)).slides[0]
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_after_freezing_the_page_compares_and_offers_the_new_snapshot(page: Page, demo_app_url: str) -> None:
    log_in_and_open(page, demo_app_url, "admin", "Snapshots", "snapshots")
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Snapshots til møderne")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)

    first = _freeze(page, "Møde A")
    name, data = _download_pack(page)
    assert name.startswith("Statuspakke_") and name.endswith(f"_Moede-A_snapshot-{first}.pptx"), name
    assert "Møde A" in _first_slide_text(data)

    second = _freeze(page, "Møde B")
    assert second != first
    # "siden sidst" compares the new snapshot with the one before it ...
    expect(main.get_by_text(re.compile(r'til "Møde B"'))).to_be_visible(timeout=TIMEOUT_MS)
    # ... and the download box offers the new one, with its label and date in the file name and on slide 1
    name, data = _download_pack(page)
    assert re.fullmatch(rf"Statuspakke_\d{{4}}-\d{{2}}-\d{{2}}_Moede-B_snapshot-{second}\.pptx", name), name
    first_slide = _first_slide_text(data)
    assert "Møde B" in first_slide and "Møde A" not in first_slide
    assert re.search(r"pr\. \d{1,2}\. \w+ \d{4}", first_slide), first_slide
    assert not main.get_by_text("ikke det nyeste").count()
    assert not page.locator('[data-testid="stException"]').count()
