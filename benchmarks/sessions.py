"""(f) Browser sessions at once on the two-process service (deploy/ on loopback), against one session alone.

    python -m benchmarks.sessions DATABASE_URL [--sessions 30] [--reruns 8]

Starts both app processes and nginx as tests/browser/test_service_browser.py does (tests/support/service.py),
logs each browser in with a session cookie of its own (the accounts of `portfolio demo`, in turn), and times page
reruns in Chromium: a click in the navigation until the app has connected and finished its script run, with 1–5 s
of reading between two clicks, as people do. First one session alone, then all at once (one browser, a context
each; all loaded before the timed reruns start). Every run is checked: no exception on the page, and
the sidebar names the session's own account (no session mixed up with another's).
Prints JSON: single and concurrent rerun times, their medians and 95th percentiles, errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

NAV = '[data-testid="stSidebarNav"]'
APP = '[data-testid="stApp"]'
# (navigation label, whether a URL is that page's): the overview is the default page, at "/".
THINK_S = (1.0, 5.0)  # seconds between two clicks of one person
PAGES = (("Inklusion", lambda url: "/inclusion" in url), ("Overblik", lambda url: "/inclusion" not in url))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _accounts(url: str, count: int) -> list[tuple[str, str, str]]:
    """(username, display name, session token) per browser session."""
    from portfolio.auth.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
    from portfolio.auth.sessions import issue_ticket, redeem_ticket
    from portfolio.db import make_engine, unit_of_work

    engine = make_engine(url)
    try:
        with unit_of_work(engine) as session:
            ensure_demo_accounts(session, actor="admin", password="bench-password-4711")
        out = []
        for number in range(count):
            name, _role, _landsdele, display = DEMO_ACCOUNTS[number % len(DEMO_ACCOUNTS)]
            with unit_of_work(engine) as session:
                ticket = issue_ticket(session, username=name)
            with unit_of_work(engine) as session:
                out.append((name, display or name, redeem_ticket(session, ticket, hours=8)))
        return out
    finally:
        engine.dispose()


async def _session(browser, base_url: str, account: tuple[str, str, str], reruns: int,  # type: ignore[no-untyped-def]
                   start: asyncio.Event, loading: asyncio.Semaphore,
                   loaded: list[int]) -> tuple[list[float], list[str]]:
    from portfolio.auth.sessions import COOKIE_NAME

    _name, display, token = account
    context = await browser.new_context(ignore_https_errors=True)
    await context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": base_url, "httpOnly": True,
                                "secure": True, "sameSite": "Lax"}])
    page = await context.new_page()
    times, errors = [], []
    try:
        try:
            async with loading:  # the first page loads a few at a time; the timed reruns start together
                await page.goto(base_url + "/", timeout=300_000)
                await _settled(page)
        finally:
            loaded.append(1)
        await start.wait()
        pause = random.Random(display)  # noqa: S311 - think time, not crypto
        for number in range(reruns):
            await asyncio.sleep(pause.uniform(*THINK_S))  # people read before they click again
            label, arrived = PAGES[number % len(PAGES)]
            path = label
            started = time.perf_counter()
            await page.locator(NAV).get_by_text(label, exact=True).click(timeout=300_000)
            await page.wait_for_url(arrived, timeout=120_000)
            await _settled(page)
            times.append(time.perf_counter() - started)
            if await page.locator('[data-testid="stException"]').count():
                errors.append(f"{display}: an exception on {path}")
            if not await page.get_by_text(f"Logget ind som {display}").count():
                errors.append(f"{display}: the sidebar does not name the session's own account on {path}")
    except Exception as error:  # noqa: BLE001 - a failed session is a finding of the benchmark, not its end
        errors.append(f"{display}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
    finally:
        await context.close()
    return times, errors


async def _settled(page) -> None:  # type: ignore[no-untyped-def]
    await page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=120_000)
    await page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=120_000)


async def _measure(base_url: str, accounts: list[tuple[str, str, str]], reruns: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
        try:
            alone = asyncio.Event()
            alone.set()
            single, single_errors = await _session(browser, base_url, accounts[0], reruns, alone,
                                                   asyncio.Semaphore(1), [])
            together, loading, loaded = asyncio.Event(), asyncio.Semaphore(4), []
            tasks = [asyncio.create_task(_session(browser, base_url, account, reruns, together, loading, loaded))
                     for account in accounts[1:]]
            while len(loaded) < len(tasks):
                await asyncio.sleep(0.2)
            together.set()
            results = await asyncio.gather(*tasks)
        finally:
            await browser.close()
    concurrent = [t for times, _ in results for t in times] or [float("nan")]
    errors = single_errors + [e for _, errs in results for e in errs]
    return {"sessions": len(accounts) - 1, "reruns_each": reruns, "single_runs": single,
            "single_median_s": statistics.median(single), "single_p95_s": _percentile(single, 0.95),
            "concurrent_median_s": statistics.median(concurrent), "concurrent_p95_s": _percentile(concurrent, 0.95),
            "concurrent_runs": len(concurrent), "errors": errors[:20]}


def measure(url: str, sessions: int, reruns: int) -> dict:
    from tests.support.service import running_service

    accounts = _accounts(url, sessions + 1)
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp, running_service(url, Path(tmp)) as service:
        return asyncio.run(_measure(service.url, accounts, reruns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--reruns", type=int, default=8)
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(measure(args.url, args.sessions, args.reruns)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
