"""Issue #19: axe-core (bundled by axe-playwright-python, nothing downloaded) in Chromium on every page, logged in as
each role, on the demo data and on an empty store, in Danish and English: no violation of impact serious or
critical; a moderate one only when docs/accessibility.md lists it with its reason. The headings form an outline
(one h1, no skipped level) and <html lang> is the chosen language. One logged-in page per role and store is reused
across the pages (a server per store); each page and language is its own test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.support.browser import wait_for_drawn
from tests.support.login import log_in_browser

STATEMENT = Path(__file__).resolve().parents[2] / "docs" / "accessibility.md"

PAGES = ("overview", "milestones", "inclusion", "infrastructure", "import", "snapshots", "meetings", "risks", "audit")
# The secretariat (admin) sees every page in both languages; the other roles see other forms on the pages where
# their rights differ (import, FUT status, snapshots, meetings), in Danish.
OTHER_ROLES = {"nord": ("import", "infrastructure", "snapshots", "meetings", "risks"),
               "fut": ("infrastructure", "meetings", "risks"),
               "viewer": ("overview", "import", "snapshots", "meetings")}
BLOCKING = {"serious", "critical"}
pytestmark = pytest.mark.browser


def _violations(page: Page) -> list[str]:
    """Serious and critical violations, and moderate ones the statement does not list (by rule id)."""
    listed = STATEMENT.read_text(encoding="utf-8")
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']}"
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING or (v.get("impact") == "moderate" and f"`{v['id']}`" not in listed)]


def outline_problems(page: Page) -> list[str]:
    """One h1 in the page's main part, and no heading more than one level below the one before it."""
    levels = page.evaluate("""() => Array.from(document.querySelectorAll(
        "[data-testid='stMain'] h1, [data-testid='stMain'] h2, [data-testid='stMain'] h3, "
        + "[data-testid='stMain'] h4, [data-testid='stMain'] h5, [data-testid='stMain'] h6"))
        .map(h => [Number(h.tagName[1]), h.textContent.slice(0, 60)])""")
    problems = [] if [level for level, _ in levels].count(1) == 1 else [f"h1 count: {levels}"]
    for (before, _), (level, text) in zip(levels, levels[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{before} → h{level} ({text})")
    return problems


def _url(base_url: str, name: str, lang: str) -> str:
    return f"{base_url}/{'' if name == 'overview' else name}?lang={lang}"  # the overview is the default page: /


def _settle(page: Page) -> None:
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=60_000)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    wait_for_drawn(page)  # axe checks the charts and tables, not their skeletons


@pytest.fixture(scope="module")
def signed_in(browser: Browser, browser_context_args: dict) -> Iterator[Callable[[str, str], Page]]:
    """A page logged in as a role on a store's server, made on first use and reused by the module's tests.

    Each test checks one page in one language (short tests, well within the per-test timeout), but logging in again
    for each would cost a login per page."""
    opened: dict[tuple[str, str], tuple[BrowserContext, Page]] = {}

    def page_for(base_url: str, username: str) -> Page:
        if (base_url, username) not in opened:
            context = browser.new_context(**browser_context_args)
            page = context.new_page()
            page.goto(base_url)
            log_in_browser(page, username)
            opened[(base_url, username)] = (context, page)
        return opened[(base_url, username)][1]

    yield page_for
    for context, _ in opened.values():
        context.close()


def _problems(page: Page, base_url: str, name: str, lang: str) -> list[str]:
    page.goto(_url(base_url, name, lang))
    _settle(page)
    assert page.evaluate("document.documentElement.lang") == lang, (name, lang)
    return _violations(page) + outline_problems(page)


ADMIN_PAGES = [pytest.param(lang, name, id=f"{name}-{lang}") for lang in ("da", "en") for name in PAGES]
ROLE_PAGES = [pytest.param(username, name, id=f"{username}-{name}")
              for username in sorted(OTHER_ROLES) for name in OTHER_ROLES[username]]


@pytest.mark.parametrize(("lang", "name"), ADMIN_PAGES)
def test_no_serious_violations_on_demo_data(signed_in, demo_app_url: str, lang: str, name: str):
    assert _problems(signed_in(demo_app_url, "admin"), demo_app_url, name, lang) == []


@pytest.mark.parametrize(("username", "name"), ROLE_PAGES)
def test_no_serious_violations_for_the_other_roles(signed_in, demo_app_url: str, username: str, name: str):
    assert _problems(signed_in(demo_app_url, username), demo_app_url, name, "da") == []


@pytest.mark.parametrize(("lang", "name"), ADMIN_PAGES)
def test_no_serious_violations_on_an_empty_store(signed_in, empty_app_url: str, lang: str, name: str):
    assert _problems(signed_in(empty_app_url, "admin"), empty_app_url, name, lang) == []


def test_the_login_page_in_both_languages(page: Page, demo_app_url: str):
    for lang in ("da", "en"):
        page.goto(f"{demo_app_url}/?lang={lang}")
        expect(page.get_by_role("button", name="Log ind" if lang == "da" else "Log in")).to_be_visible(timeout=60_000)
        assert page.evaluate("document.documentElement.lang") == lang
        assert _violations(page) == []

