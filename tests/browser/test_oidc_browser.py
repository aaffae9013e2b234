"""OpenID Connect end to end: the app with an [auth] section, against oidc-provider-mock on loopback.

Log in through the provider with the e-mail of a demo account, the account's role applies (the admin-only audit
page is listed or not), log out; an identity with no account sees nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import copy_of_store, run_portfolio
from tests.conftest import skip_or_fail
from tests.support import app_server

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
SIDEBAR_NAV = '[data-testid="stSidebarNav"]'
MAIN = '[data-testid="stMain"]'
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _mock_command() -> list[str] | None:
    script = Path(sys.executable).parent / "oidc-provider-mock"
    if script.exists():
        return [str(script)]
    found = shutil.which("oidc-provider-mock")
    return [found] if found else None


@contextlib.contextmanager
def oidc_provider(tmp_path: Path) -> Iterator[str]:
    command = _mock_command()
    if command is None:
        skip_or_fail("oidc-provider-mock is not installed (pip install -r requirements-dev.txt)")
    port = app_server.free_port()
    log = (tmp_path / "oidc.log").open("wb")
    process = subprocess.Popen([*command, "-p", str(port), "-H", "127.0.0.1"], stdout=log, stderr=log,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with _OPENER.open(f"{issuer}/.well-known/openid-configuration", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oidc-provider-mock did not start: {(tmp_path / 'oidc.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield issuer
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory, demo_store_file: Path) -> Iterator[str]:
    """The demo store served with OpenID Connect configured in secrets.toml (in a private HOME)."""
    tmp = tmp_path_factory.mktemp("oidc")
    url = copy_of_store(demo_store_file, tmp_path_factory, "oidc-store")
    run_portfolio(url, "user", "set-email", "admin", "sekretariat@demo.invalid")  # the demo has no admin of its own
    with oidc_provider(tmp) as issuer:
        port = app_server.free_port()
        home = tmp / "home"
        (home / ".streamlit").mkdir(parents=True)
        (home / ".streamlit" / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "test-cookie-secret-for-the-oidc-browser-test"\n'
            'client_id = "telemed-portfolio"\n'
            'client_secret = "test-client-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        )
        with pytest.MonkeyPatch.context() as patch:  # the redirect URI names the port: serve on that one
            patch.setattr(app_server, "free_port", lambda: port)
            with app_server.running_app(url, env={"HOME": str(home)}) as base_url:
                yield base_url


def wait_for_run(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT_MS)


def oidc_log_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url)
    page.get_by_role("button", name="Log ind med organisationens login").click(timeout=TIMEOUT_MS)
    page.locator("input[name=sub]").fill(email, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base_url}/**", timeout=TIMEOUT_MS)


def test_log_in_role_applies_log_out(page: Page, oidc_app: str) -> None:
    page.goto(oidc_app)
    expect(page.get_by_role("button", name="Log ind med organisationens login")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_label("Brugernavn")).to_have_count(0)  # no local form when OpenID Connect is configured

    oidc_log_in(page, oidc_app, "nord@demo.invalid")
    expect(page.get_by_text("Logget ind som Landsdel Nord · Landsdelsredaktør")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    nav = page.locator(SIDEBAR_NAV)
    expect(nav.get_by_text("Import", exact=True)).to_be_visible()
    expect(nav.get_by_text("Revisionslog", exact=True)).to_have_count(0)  # an editor is no admin

    page.get_by_role("button", name="Log ud").click()
    page.get_by_role("button", name="End session").click(timeout=TIMEOUT_MS)  # the provider's logout page
    expect(page.get_by_role("button", name="Log ind med organisationens login")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Logget ind som")).to_have_count(0)

    oidc_log_in(page, oidc_app, "sekretariat@demo.invalid")
    expect(page.get_by_text("Logget ind som ")).to_be_visible(timeout=TIMEOUT_MS)
    page.locator(SIDEBAR_NAV).get_by_text("Revisionslog", exact=True).click()
    main = page.locator(MAIN)
    expect(main.get_by_role("heading", name="Revisionslog")).to_be_visible(timeout=TIMEOUT_MS)
    # The audit log has both logins (method oidc) and the logout.
    expect(main.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=TIMEOUT_MS)
    assert not page.locator('[data-testid="stException"]').count()


def test_identity_without_account_sees_nothing(page: Page, oidc_app: str) -> None:
    oidc_log_in(page, oidc_app, "stranger@region.example")
    expect(page.get_by_text("har ingen adgang til porteføljen")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(SIDEBAR_NAV)).to_have_count(0)
    for name in ("Hovedstaden", "Sjælland", "DEMODATA"):
        expect(page.locator(MAIN).get_by_text(name)).to_have_count(0)
