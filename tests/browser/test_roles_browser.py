"""Each role sees the forms it may use, and for the others one sentence saying what it may do instead."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import MAIN, SIDEBAR, SIDEBAR_NAV, TIMEOUT_MS, wait_for_run
from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser

# role -> (import form, freeze form, feed upload) drawn
EXPECTED = {
    "viewer": (False, False, False),
    "nord": (True, False, False),
    "fut": (False, False, True),
    "admin": (True, True, True),
}


def _open(page: Page, path: str) -> None:
    page.locator(f'{SIDEBAR_NAV} a[href$="/{path}"]').first.click()
    page.wait_for_url(f"**/{path}*", timeout=TIMEOUT_MS)
    wait_for_run(page)


@pytest.mark.parametrize("user", list(EXPECTED))
def test_forms_fit_the_role(page: Page, demo_app_url: str, user: str) -> None:
    can_import, can_freeze, can_feed = EXPECTED[user]
    page.goto(demo_app_url)
    log_in_browser(page, user)
    wait_for_run(page)
    main = page.locator(MAIN)

    _open(page, "import")
    uploader = main.locator('[data-testid="stFileUploader"]')
    expect(main.get_by_role("button", name="Hent tom skabelon")).to_be_visible(timeout=TIMEOUT_MS)
    if can_import:
        expect(uploader).to_have_count(1)
    else:
        expect(uploader).to_have_count(0)
        expect(main.get_by_text("kan ikke importere milepælsplaner")).to_be_visible()
    if user == "nord":
        expect(main.get_by_text("Du kan importere planer for Nord.")).to_be_visible()

    _open(page, "snapshots")
    freeze = main.get_by_role("button", name="Fastfrys")
    if can_freeze:
        expect(freeze).to_have_count(1)
    else:
        expect(freeze).to_have_count(0)
        expect(main.get_by_text("kan ikke fastfryse snapshots")).to_be_visible()
    # every role may download the annex
    expect(main.get_by_role("button", name="Hent PowerPoint-statuspakke")).to_be_enabled(timeout=TIMEOUT_MS)

    _open(page, "infrastructure")
    feed = main.get_by_role("button", name="Indlæs fil")
    if can_feed:
        expect(feed).to_have_count(1)
    else:
        expect(feed).to_have_count(0)
        expect(main.get_by_text("kan ikke indlæse FUT-statusfeedet")).to_be_visible()
    assert not page.locator('[data-testid="stException"]').count()
    audit_link = page.locator(SIDEBAR).locator(f'{SIDEBAR_NAV} a[href$="/audit"]')
    expect(audit_link).to_have_count(1 if user == "admin" else 0)
