"""Playwright fixtures: Debian's Chromium (never a downloaded browser) and the real app on a loopback port.

Every test in tests/browser is marked ``browser``. Without /usr/bin/chromium the tests skip,
except with CI=true, where they fail (`make test` installs Chromium).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.support.accounts import TEST_PASSWORD
from tests.support.app_server import REPO_ROOT, running_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_BROWSER_DIR = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    # pytest-base-url (pulled in by pytest-playwright) defines its session fixture in a way pytest 9 deprecates.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium, or run `make test`)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


def run_portfolio(database_url: str, *args: str) -> subprocess.CompletedProcess:
    """Run the `portfolio` CLI (this interpreter, repository root) against ``database_url``; fail loudly."""
    result = subprocess.run(
        [sys.executable, "-m", "portfolio", *args],
        cwd=REPO_ROOT, env={**os.environ, "DATABASE_URL": database_url,
                            # the accounts init and demo create: log in with tests.support.login.log_in_browser
                            "PORTFOLIO_ADMIN_PASSWORD": TEST_PASSWORD, "PORTFOLIO_DEMO_PASSWORD": TEST_PASSWORD},
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`portfolio {' '.join(args)}` exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-2000:]}\n--- stderr ---\n{result.stderr[-2000:]}"
        )
    return result


def _sqlite_url(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp(name) / 'store.db'}"


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store made by `portfolio init` + `portfolio demo`, once per worker: each module's app serves a copy."""
    url = _sqlite_url(tmp_path_factory, "demo-store-template")
    run_portfolio(url, "init")
    run_portfolio(url, "demo")
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture(scope="session")
def empty_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store made by `portfolio init` only (reference data, no plans), once per worker."""
    url = _sqlite_url(tmp_path_factory, "empty-store-template")
    run_portfolio(url, "init")
    return Path(url.removeprefix("sqlite:///"))


def copy_of_store(store: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """A copy of ``store`` for one module alone (SQLite's backup API: the whole store, whatever its journal holds)."""
    path = tmp_path_factory.mktemp(name) / "store.db"
    with contextlib.closing(sqlite3.connect(store)) as source, contextlib.closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def demo_app_url(tmp_path_factory: pytest.TempPathFactory, demo_store_file: Path) -> Iterator[str]:
    """The app serving a store of its own with `portfolio init` + `portfolio demo` loaded."""
    with running_app(copy_of_store(demo_store_file, tmp_path_factory, "demo-store")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def empty_app_url(tmp_path_factory: pytest.TempPathFactory, empty_store_file: Path) -> Iterator[str]:
    """The app serving a store of its own after `portfolio init` only (reference data, no plans)."""
    with running_app(copy_of_store(empty_store_file, tmp_path_factory, "empty-store")) as base_url:
        yield base_url
