"""Ten people open the overview at once (one app server, ten Chromium sessions): every one sees all five
landsdele and no error. Logs in through the form when the app has a login gate."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.robustness.support import LANDSDELE, REPO
from tests.support.app_server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSIONS = 10
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
PASSWORD = "Robust-sessions-4711"
# The demo accounts `portfolio demo` creates (one per role and landsdel) and the admin `portfolio init` creates.
ACCOUNTS = ["admin", "nord", "midt", "syd", "hovedstaden", "sjaelland", "fut", "viewer"]
TIMEOUT_MS = 120_000
APP, MAIN, EXCEPTION = '[data-testid="stApp"]', '[data-testid="stMain"]', '[data-testid="stException"]'
_ALL_NAMES_PRESENT = """
(names) => {
  const root = document.querySelector('[data-testid="stMain"]');
  if (!root) return false;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.data);
  const text = parts.join("\\n");
  return names.every((name) => new RegExp("(^|[^\\\\p{L}])" + name + "($|[^\\\\p{L}])", "u").test(text));
}
"""

_LOGIN_OR_OVERVIEW = ("(names) => !!document.querySelector('[data-testid=\"stMain\"] input[type=\"password\"]') || ("
                      + _ALL_NAMES_PRESENT + ")(names)")


def _demo_store(tmp_path: Path) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = {**os.environ, "DATABASE_URL": url, "PORTFOLIO_ADMIN_PASSWORD": PASSWORD,
           "PORTFOLIO_DEMO_PASSWORD": PASSWORD}
    for command in ("init", "demo"):
        done = subprocess.run([sys.executable, "-m", "portfolio", command], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
    return url, env


async def _wait_for_run(page) -> None:  # type: ignore[no-untyped-def]
    await page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=TIMEOUT_MS)
    await page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=TIMEOUT_MS)


async def _session(browser, base_url: str, username: str, shots: Path) -> dict:  # type: ignore[no-untyped-def]
    context = await browser.new_context()
    page = await context.new_page()
    try:
        await page.goto(base_url, timeout=TIMEOUT_MS)
        # The first thing drawn is either the login form or the overview itself.
        await page.wait_for_function(_LOGIN_OR_OVERVIEW, arg=LANDSDELE, timeout=TIMEOUT_MS)
        password = page.locator(f'{MAIN} input[type="password"]')
        if await password.count():
            await page.locator(f'{MAIN} input[autocomplete="username"]').fill(username)
            await password.fill(PASSWORD)
            await password.press("Enter")
        await page.wait_for_function(_ALL_NAMES_PRESENT, arg=LANDSDELE, timeout=TIMEOUT_MS)
        await _wait_for_run(page)
        return {"user": username, "exceptions": await page.locator(EXCEPTION).all_inner_texts(), "error": None}
    except Exception as error:  # noqa: BLE001 - reported per session below
        shot = shots / f"{username}-{id(page)}.png"
        await page.screenshot(path=str(shot), full_page=True)
        return {"screenshot": str(shot), "user": username,
                "exceptions": await page.locator(EXCEPTION).all_inner_texts(),
                "error": f"{type(error).__name__}: {str(error)[:500]}"}
    finally:
        await context.close()


async def _all_sessions(base_url: str, shots: Path) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            users = list(itertools.islice(itertools.cycle(ACCOUNTS), SESSIONS))
            return await asyncio.gather(*(_session(browser, base_url, user, shots) for user in users))
        finally:
            await browser.close()


def test_ten_browser_sessions_on_the_overview_at_once(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium, or run `make test`)")
    url, env = _demo_store(tmp_path)
    # The sessions run on a thread of their own: pytest-playwright's sync fixtures may hold a running loop here.
    with running_app(url, env=env) as base_url, ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, _all_sessions(base_url, tmp_path)).result()
    assert len(results) == SESSIONS
    failed = [r for r in results if r["error"] or r["exceptions"]]
    assert not failed, failed
