"""Issue #19: the meeting workflow with the keyboard alone (no clicks): log in, choose programme, landsdele and
date, read each page, open a chart's table, import a workbook (preview, map an unknown header, import), freeze two
snapshots, compare them, download the pack. After each step the focus is checked: a keyboard user sees where it is
(``:focus-visible`` on a visible element) or, after a page change, it is back at the start of the document, never on
something gone. And <html lang> follows a switch of language at once (WCAG 3.1.1).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.importing.builders import HEADERS, plan_workbook
from tests.support.browser import MAIN, SIDEBAR, TIMEOUT_MS, wait_for_run
from tests.support.login import TEST_PASSWORD

pytestmark = pytest.mark.browser
MAX_TABS = 150


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    expect(target).to_be_visible(timeout=TIMEOUT_MS)
    if target.evaluate("el => el === document.activeElement"):  # already there (e.g. after an arrow key)
        assert_focus_visible(page)
        return
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement || el.contains(document.activeElement)"):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {target}")


def assert_focus_visible(page: Page) -> None:
    """The focused element is on screen and shows keyboard focus (``:focus-visible``)."""
    state = page.evaluate("""() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        return {visible: !!(box.width || box.height), focusVisible: el.matches(':focus-visible'), tag: el.tagName};
    }""")
    assert state["visible"] and state["focusVisible"], state


def assert_focus_sound(page: Page) -> None:
    """After a step: the focus is on a visible element the user acted on, or at the document's start (body)."""
    state = page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'start';
        const box = el.getBoundingClientRect();
        return el.isConnected && (box.width || box.height) ? 'element' : 'lost';
    }""")
    assert state in ("start", "element"), state


def choose(page: Page, combobox: Locator, text: str) -> None:
    """A select box: tab to it, type, Enter."""
    tab_to(page, combobox)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_for_run(page)
    assert_focus_sound(page)


def open_page(page: Page, label: str, heading: str) -> None:
    """A page from the navigation: tab to its link and press Enter; its h1 is there."""
    tab_to(page, page.locator(SIDEBAR).get_by_role("link", name=label, exact=True))
    page.keyboard.press("Enter")
    expect(page.locator(MAIN).locator("h1").first).to_contain_text(heading, timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert_focus_sound(page)


def test_the_meeting_workflow_with_the_keyboard_alone(page: Page, demo_app_url: str, tmp_path) -> None:
    workbook = tmp_path / "Syd_KOL.xlsx"
    headers = [h if h != "Bemærkning" else "Supplerende oplysninger" for h in HEADERS]  # unknown: mapped below
    workbook.write_bytes(plan_workbook(headers=headers))
    main, sidebar = page.locator(MAIN), page.locator(SIDEBAR)

    # Log in.
    page.goto(demo_app_url)
    tab_to(page, page.get_by_label("Brugernavn"))
    page.keyboard.type("admin")
    tab_to(page, page.get_by_label("Adgangskode"))
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert_focus_sound(page)

    # Choose programme, landsdele and date in the sidebar.
    choose(page, sidebar.get_by_role("combobox", name="Program"), "hjerte")
    expect(main.locator("h1").first).to_contain_text("hjertesvigt", timeout=TIMEOUT_MS)
    choose(page, sidebar.get_by_role("combobox", name="Program"), "KOL")
    expect(main.locator("h1").first).to_contain_text("KOL", timeout=TIMEOUT_MS)
    tab_to(page, sidebar.get_by_role("combobox", name="Landsdele"))
    page.keyboard.press("Backspace")  # the last chosen landsdel (Sjælland) goes
    page.wait_for_function("() => !location.search.includes('sjaelland')", timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert_focus_sound(page)
    tab_to(page, sidebar.get_by_role("combobox", name="Status pr."))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_run(page)
    assert_focus_sound(page)

    # Read each page.
    for label, heading in (("Milepæle", "Milepæle"), ("Inklusion", "Inklusion"),
                           ("FUT-infrastruktur", "FUT-infrastruktur"), ("Møder", "Møder"),
                           ("Overblik", "Overblik")):
        open_page(page, label, heading)
    # A chart's table alternative opens with the keyboard.
    tab_to(page, main.locator("summary", has_text="Vis som tabel").first)
    page.keyboard.press("Enter")
    expect(main.locator('[data-testid="stTable"]').first).to_be_visible(timeout=TIMEOUT_MS)
    assert_focus_visible(page)

    # Import a workbook: choose the file, see the preview, map the unknown header, import. (On the branch as of
    # e400611 this press did not complete on the demo store; on main since the merge b45903e it does, and this
    # test keeps it so.)
    open_page(page, "Import", "Import")
    with page.expect_file_chooser(timeout=TIMEOUT_MS) as chooser:
        tab_to(page, main.locator('[data-testid="stFileUploader"] button').first)
        page.keyboard.press("Enter")
    chooser.value.set_files(str(workbook))
    expect(main.get_by_text("Ændringer i forhold til gældende plan")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    mapping = main.locator("summary", has_text="Ukendte kolonner: knyt dem til et felt")
    tab_to(page, mapping)
    if main.get_by_role("combobox", name="Supplerende oplysninger").count() == 0:
        page.keyboard.press("Enter")  # open the expander
    choose(page, main.get_by_role("combobox", name="Supplerende oplysninger"), "comment")
    expect(main.get_by_role("combobox", name="Supplerende oplysninger")).to_have_value("comment", timeout=TIMEOUT_MS)
    wait_for_run(page)
    tab_to(page, main.get_by_role("button", name="Importér"))
    page.keyboard.press("Enter")
    expect(main.get_by_text("Syd_KOL.xlsx: importeret som version")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert_focus_sound(page)
    expect(main.get_by_role("button", name="Importér")).to_have_count(0)  # imported: nothing left to press

    # Freeze two snapshots, compare them, download the pack.
    open_page(page, "Snapshots", "Snapshots")
    # the demo holds the snapshots of 9 June (1) and 8 September 2022 (2): these are the third and fourth
    for number, label in ((3, "Møde oktober"), (4, "Møde november")):
        tab_to(page, main.get_by_label("Betegnelse"))
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(label)
        tab_to(page, main.get_by_role("button", name="Fastfrys"))
        page.keyboard.press("Enter")
        expect(main.get_by_text(f"Snapshot {number} er oprettet.")).to_be_visible(timeout=TIMEOUT_MS)
        wait_for_run(page)
        assert_focus_sound(page)
    choose(page, main.get_by_role("combobox", name="Fra (ældre)"), "1 ·")
    expect(main.get_by_text("Sammenlign (siden sidst)")).to_be_visible()
    tab_to(page, main.get_by_role("button", name="Hent PowerPoint-statuspakke"))
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".pptx")
    assert_focus_sound(page)
    assert not page.locator('[data-testid="stException"]').count()


def test_html_lang_follows_a_language_switch_at_once(page: Page, demo_app_url: str) -> None:
    """WCAG 3.1.1: after switching to English (keyboard), <html lang> is "en" without a reload; and back."""
    page.goto(demo_app_url)
    tab_to(page, page.get_by_label("Brugernavn"))
    page.keyboard.type("admin")
    tab_to(page, page.get_by_label("Adgangskode"))
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log ud")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    assert page.evaluate("document.documentElement.lang") == "da"
    loads = page.evaluate("performance.getEntriesByType('navigation').length + ':' + performance.timeOrigin")

    sidebar = page.locator(SIDEBAR)
    tab_to(page, sidebar.get_by_role("radio", name="Dansk"))
    page.keyboard.press("ArrowRight")  # a radio group: the arrow chooses the next option, English
    expect(sidebar.get_by_role("button", name="Log out")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=TIMEOUT_MS)
    expect(sidebar.get_by_role("link", name="Milestones", exact=True)).to_be_visible()  # the navigation too
    assert_focus_sound(page)

    tab_to(page, sidebar.get_by_role("radio", name="English"))
    page.keyboard.press("ArrowLeft")
    expect(sidebar.get_by_role("button", name="Log ud")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("document.documentElement.lang === 'da'", timeout=TIMEOUT_MS)
    # no reload happened: the same document throughout
    assert page.evaluate("performance.getEntriesByType('navigation').length + ':' + performance.timeOrigin") == loads
