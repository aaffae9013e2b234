"""The service as deploy/ sets it up: PostgreSQL, two app processes (the systemd unit's command) and nginx (the
site template, with TLS), all on loopback.

- /healthz answers through the proxy; plain http is sent to https; the security headers come once.
- A plan imported through process A shows in a browser on process B at its next rerun (caches follow the data
  version across processes).
- 20 browser sessions spread over both processes see the same figures; stopping process A moves its browsers to
  B, still logged in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text

from portfolio.auth.sessions import COOKIE_NAME, issue_ticket, redeem_ticket
from portfolio.db import make_engine, unit_of_work
from tests.browser.conftest import run_portfolio
from tests.conftest import WORKER, _urls, skip_or_fail
from tests.importing.builders import plan_workbook
from tests.support.browser import MAIN, SIDEBAR_NAV, TIMEOUT_MS, wait_for_run
from tests.support.login import log_in_browser
from tests.support.service import Service, get, nginx_binary, running_service

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SESSIONS = 20
METRICS = '[data-testid="stMetricValue"]'
SERVICE_DB = f"service_test_{WORKER}"  # one per pytest-xdist worker on a shared server (TEST_POSTGRES_URL)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, postgres_server) -> Iterator[Service]:
    if nginx_binary() is None:
        skip_or_fail("nginx is missing (apt-get install nginx, or run `make test`)")
    if postgres_server is None:
        skip_or_fail("PostgreSQL is not available")
    tmp = tmp_path_factory.mktemp("service")
    admin_url, url_for = _urls(postgres_server)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {SERVICE_DB}"))
        conn.execute(text(f"CREATE DATABASE {SERVICE_DB}"))
    admin.dispose()
    db_url = url_for(SERVICE_DB)
    run_portfolio(db_url, "init")
    run_portfolio(db_url, "demo")
    with running_service(db_url, tmp, env={"SESSION_HOURS": "8"}) as running:
        yield running


def _context(browser: Browser) -> BrowserContext:
    return browser.new_context(ignore_https_errors=True)


def _cookie_for(service: Service, username: str) -> dict:
    """A login as the login form makes one (ticket -> session), without typing the password 20 times."""
    engine = make_engine(service.db_url)
    try:
        with unit_of_work(engine) as session:
            ticket = issue_ticket(session, username=username)
        with unit_of_work(engine) as session:
            token = redeem_ticket(session, ticket, hours=8)
    finally:
        engine.dispose()
    return {"name": COOKIE_NAME, "value": token, "url": service.url, "httpOnly": True, "secure": True,
            "sameSite": "Lax"}


def _route(context: BrowserContext) -> str | None:
    """The routing cookie nginx gave the browser (deploy/nginx: the upstream is a hash of it)."""
    return next((c["value"] for c in context.cookies() if c["name"] == "portfolio_route"), None)


def _figures(page: Page) -> list[str]:
    metrics = page.locator(f"{MAIN} {METRICS}")
    expect(metrics.first).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    return metrics.all_inner_texts()


def test_health_redirect_and_headers_through_the_proxy(service: Service) -> None:
    port = int(service.url.rsplit(":", 1)[1])
    health = get("127.0.0.1", port, "/healthz", tls=True)
    assert health.status == 200 and health.body == b'{"status":"ok"}'
    assert health.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert health.msg.get_all("X-Frame-Options") == ["DENY"]  # once, not the app's and the proxy's
    assert health.getheader("Content-Security-Policy") == "frame-ancestors 'none'"
    assert "portfolio_route=" in (health.getheader("Set-Cookie") or "")
    plain = get("127.0.0.1", int(service.http_url.rsplit(":", 1)[1]), "/milestones?x=1", tls=False)
    assert plain.status == 301 and plain.getheader("Location") == f"{service.url}/milestones?x=1"
    static = re.search(rb'src="\./(static/js/[^"]+)"', get("127.0.0.1", port, "/", tls=True).body)
    assert static and get("127.0.0.1", port, "/" + static.group(1).decode(), tls=True).status == 200


def test_a_plan_imported_through_a_shows_on_b_at_its_next_rerun(browser: Browser, service: Service,
                                                                tmp_path: Path) -> None:
    on_b = _context(browser).new_page()
    on_b.goto(f"http://127.0.0.1:{service.ports['B']}/")
    log_in_browser(on_b, "viewer")
    wait_for_run(on_b)
    expect(on_b.locator(MAIN).get_by_text("Plan v9 modtaget", exact=False).first).to_be_visible()
    expect(on_b.locator(MAIN).get_by_text("Plan v10 modtaget", exact=False)).to_have_count(0)

    workbook = tmp_path / "Syd_KOL_september.xlsx"
    import datetime as dt

    workbook.write_bytes(plan_workbook(landsdel="Syd", submitted=dt.date(2022, 9, 1)))
    on_a = _context(browser).new_page()
    on_a.goto(f"http://127.0.0.1:{service.ports['A']}/")
    log_in_browser(on_a, "admin")
    wait_for_run(on_a)
    on_a.locator(SIDEBAR_NAV).get_by_text("Import", exact=True).click()
    wait_for_run(on_a)
    on_a.locator("input[type=file]").set_input_files(str(workbook))
    on_a.locator(MAIN).get_by_role("button", name="Importér").click()
    expect(on_a.locator(MAIN).get_by_text("importeret som version 10")).to_be_visible(timeout=TIMEOUT_MS)

    on_b.locator(SIDEBAR_NAV).get_by_text("Overblik", exact=True).click()  # B's next rerun
    expect(on_b.locator(MAIN).get_by_text("Plan v10 modtaget", exact=False)).to_be_visible(timeout=TIMEOUT_MS)


def test_the_benchmarks_protocol_client_is_served_as_a_browser_tab(service: Service) -> None:
    """benchmarks/sessions.py loads the service with tabs spoken over the WebSocket (benchmarks/streamlit_client.py):
    logged in by its cookie, the what-if widget found in its fragment, a changed value rerunning that fragment."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.streamlit_client import StreamlitTab

    async def talk() -> tuple:
        logged_in = StreamlitTab(service.url, "infrastructure", {COOKIE_NAME: _cookie_for(service, "nord")["value"]},
                                 timeout_s=60)
        stranger = StreamlitTab(service.url, "infrastructure", {}, timeout_s=60)
        try:
            await logged_in.connect()
            first = await logged_in.run()
            widget = first.widget("number_input", "Skred i uger")
            assert widget is not None and first.fragment_of[widget.id], "the what-if is not in a fragment"
            logged_in.set_widget(widget.id, int_value=int(widget.default) + 1)
            rerun = await logged_in.run(first.fragment_of[widget.id])
            await stranger.connect()
            return first, rerun, await stranger.run()
        finally:
            await logged_in.close()
            await stranger.close()

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API keeps an event loop running in this thread
        first, rerun, stranger = thread.submit(asyncio.run, talk()).result()
    assert any(text.startswith("Logget ind som Landsdel Nord") for text in first.texts())
    assert not first.exception and not rerun.exception
    assert rerun.widget("number_input", "Skred i uger") is not None
    assert len(rerun.elements) < len(first.elements) / 3  # the fragment, not the page
    assert not any(text.startswith("Logget ind som") for text in stranger.texts())
    assert stranger.widget("text_input", "Brugernavn") is not None  # no cookie: the login form


def test_sessions_spread_over_both_and_survive_stopping_one(browser: Browser, service: Service) -> None:
    contexts = [_context(browser) for _ in range(SESSIONS)]
    pages = []
    for number, context in enumerate(contexts):
        context.add_cookies([_cookie_for(service, "viewer" if number % 2 else "nord")])
        page = context.new_page()
        page.goto(service.url + "/")
        pages.append(page)
    figures = [_figures(page) for page in pages]
    assert len(figures[0]) >= 4 and all(f == figures[0] for f in figures), figures

    # A browser's requests all follow its routing cookie; nginx logs a WebSocket only when it closes, so the
    # health checks the front end makes before opening it show where each session lives.
    checks = re.findall(r'"GET /_stcore/health [^"]*" 200 \d+ upstream=127\.0\.0\.1:(\d+) route=(\S+)',
                        service.access_log.read_text())
    process_of_route = {route: int(port) for port, route in checks}
    served_by = [process_of_route.get(_route(context)) for context in contexts]
    assert set(served_by) == set(service.ports.values()), f"not spread over both processes: {served_by}"
    on_a = [page for page, port in zip(pages, served_by, strict=True) if port == service.ports["A"]]

    service.stop("A")
    for page in on_a:  # each browser's next step (a light page): the ones that were on A are served by B now
        page.locator(SIDEBAR_NAV).get_by_text("Snapshots", exact=True).click()
        expect(page.get_by_role("button", name="Log ud", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_label("Brugernavn")).to_have_count(0)
        page.locator(SIDEBAR_NAV).get_by_text("Overblik", exact=True).click()
    assert all(_figures(page) == figures[0] for page in on_a)
    for context in contexts:
        context.close()
