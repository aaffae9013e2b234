"""Every page in Danish and English, on the demo data and on an empty store, as the secretariat: no leak of
"None"/"nan", raw enum values, field keys, file paths or Streamlit's English uploader texts, and every label the
page shows (navigation, titles, widget labels, buttons, tabs) is a message of the catalogue.

Scope: the page and the sidebar. Streamlit's header ("Deploy") is switched off by .streamlit/config.toml
(toolbarMode), which belongs to the security work (#13).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.support.browser import EXCEPTION, MAIN, SIDEBAR, SIDEBAR_NAV, TIMEOUT_MS, wait_for_drawn, wait_for_run
from tests.support.catalogue import in_catalogue
from tests.support.login import log_in_browser

pytestmark = pytest.mark.browser

PAGES = ("", "milestones", "inclusion", "infrastructure", "import", "snapshots", "meetings", "risks", "audit")
COMMON = [r"\bNone\b", r"\bnan\b", r"\bNaN\b", r"\bNaT\b", r"\bnull\b", r"\dMB\b", r"per file •", r"Limit \d+",
          r"Drag and drop", r"Browse files", r"\bis_key\b", r"\bdepends_on\b", r"\bon_track\b", r"\bat_risk\b",
          r"docs/", r"\.md\b",
          r"\.toml\b", r"[{}]", r"Traceback"]
FORBIDDEN = {
    "da": [*COMMON, r"Choose an option",
           r"\bUpload\b", r"\bempty\b", r"\bamber\b", r"\bgreen\b", r"\bdone\b", r"\bforecast\b",
           r"\bcode\b", r"\btitle\b", r"øjebliksbillede", r"\bSnapshot ID\b", r"\bDeploy\b"],
    "en": [*COMMON, r"øjebliksbillede"],
}
# Where the labels of a page are (texts made from data, e.g. a landsdel's name as a tile heading, are not labels).
LABELS = (f'{SIDEBAR_NAV} a span', f'{MAIN} h1', '[data-testid="stWidgetLabel"]', 'button[data-testid^="stBaseButton"]',
          '[data-baseweb="tab"]')

# The text a reader sees in each element the selectors find (icons, tooltips' "?" and styles left out), in one call
# to the page: an element at a time was most of this test's minute.
_VISIBLE_TEXTS = """(selectors) => selectors.flatMap((selector) =>
    Array.from(document.querySelectorAll(selector)).map((element) => {
        const copy = element.cloneNode(true);
        copy.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stTooltipIcon"], style, script')
            .forEach((node) => node.remove());
        document.body.appendChild(copy);
        const text = copy.innerText;
        copy.remove();
        return text;
    }))"""


def _visible_texts(page: Page, selectors: list[str]) -> list[str]:
    return page.evaluate(_VISIBLE_TEXTS, selectors)  # type: ignore[no-any-return]


def _text(page: Page) -> str:
    return "\n".join(_visible_texts(page, [MAIN, SIDEBAR]))


def _labels(page: Page) -> list[str]:
    return [text.strip() for text in _visible_texts(page, list(LABELS)) if text.strip()]


def _choose_language(page: Page, lang: str) -> None:
    page.locator(SIDEBAR).get_by_text("Dansk" if lang == "da" else "English", exact=True).click()
    wait_for_run(page)


def _open(page: Page, path: str) -> None:
    page.locator(f'{SIDEBAR_NAV} a[href$="/{path}"]').first.click()
    page.wait_for_url(f"**/{path}*", timeout=TIMEOUT_MS)
    wait_for_drawn(page)  # the charts' and tables' texts are checked too


def _check_every_page(page: Page, app_url: str) -> None:
    page.goto(app_url)
    log_in_browser(page, "admin")
    wait_for_run(page)
    problems: list[str] = []
    for lang in ("da", "en"):
        _choose_language(page, lang)
        for path in PAGES:
            _open(page, path)
            where = f"/{path} [{lang}]"
            assert not page.locator(EXCEPTION).count(), where
            text = _text(page)
            problems += [f"{where}: {pattern!r} in …{m.string[max(0, m.start() - 40):m.end() + 40]!r}…"
                         for pattern in FORBIDDEN[lang] for m in [re.search(pattern, text)] if m]
            problems += [f"{where}: label {label!r} is not in the message catalogue"
                         for label in _labels(page) if not in_catalogue(label, lang)]
    assert not problems, "\n".join(problems)


def test_demo_store_in_danish_and_english(page: Page, demo_app_url: str) -> None:
    _check_every_page(page, demo_app_url)


def test_empty_store_in_danish_and_english(page: Page, empty_app_url: str) -> None:
    _check_every_page(page, empty_app_url)
