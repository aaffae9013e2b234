"""Shared fixtures: stores on SQLite and on a real PostgreSQL, and cleared Streamlit caches."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from portfolio.db import make_engine
from portfolio.schema import initialise_store
from tests.support.accounts import seed_test_accounts
from tests.support.postgres import PostgresServer, PostgresUnavailable, start_server

IN_CI = os.environ.get("CI", "").lower() == "true"
_counter = itertools.count()
# Under pytest-xdist each worker (gw0, gw1, ...) is its own process with its own session fixtures: it starts its own
# PostgreSQL server, but on a shared one (TEST_POSTGRES_URL) the template databases must not collide.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEMPLATE_DB = f"portfolio_template_{WORKER}"
DEMO_TEMPLATE_DB = f"portfolio_demo_template_{WORKER}"


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing service skips; in CI a needed test must run, so it fails."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | str | None]:
    external = os.environ.get("TEST_POSTGRES_URL")
    if external:
        yield external
        return
    try:
        server = start_server()
    except (PostgresUnavailable, OSError, FileNotFoundError) as error:
        if IN_CI:
            raise
        yield None
        pytest.postgres_unavailable = str(error)  # type: ignore[attr-defined]
        return
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str | None:
    """A migrated database with reference data that each test clones (CREATE DATABASE … TEMPLATE)."""
    if postgres_server is None:
        return None
    admin_url, url_for = _urls(postgres_server)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB}"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
    engine = make_engine(url_for(TEMPLATE_DB))
    initialise_store(engine, actor="test")
    seed_test_accounts(engine)
    engine.dispose()
    admin.dispose()
    return TEMPLATE_DB


def _urls(server: PostgresServer | str):
    if isinstance(server, str):
        base = server.rsplit("/", 1)[0]
        return f"{base}/postgres", lambda db: f"{base}/{db}"
    return server.admin_url, server.url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    initialise_store(engine, actor="test")
    seed_test_accounts(engine)
    engine.dispose()
    return path


def _sqlite_engine(template: Path, tmp_path: Path) -> Engine:
    path = tmp_path / f"store-{next(_counter)}.db"
    shutil.copyfile(template, path)
    return make_engine(f"sqlite:///{path}")


def _postgres_engine(server, template: str | None) -> Engine:
    if server is None or template is None:
        skip_or_fail(f"PostgreSQL is not available: {getattr(pytest, 'postgres_unavailable', 'not started')}")
    admin_url, url_for = _urls(server)
    name = f"t_{os.getpid()}_{next(_counter)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
    admin.dispose()
    return make_engine(url_for(name))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path: Path) -> Iterator[Engine]:
    """An initialised store (schema + reference data), once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        eng = _sqlite_engine(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        eng = _postgres_engine(request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template"))
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """An initialised SQLite store, for tests that do not concern the database backend."""
    eng = _sqlite_engine(sqlite_template, tmp_path)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A SQLite store with the demo data, built once per session and copied per test."""
    from portfolio.demo import load_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    load_demo(engine, actor="test")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_demo_template(postgres_server, postgres_template) -> str | None:
    """The PostgreSQL template with the demo data too (loading it per test would cost seconds each)."""
    from portfolio.demo import load_demo

    if postgres_server is None or postgres_template is None:
        return None
    admin_url, url_for = _urls(postgres_server)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DEMO_TEMPLATE_DB}"))
        conn.execute(text(f"CREATE DATABASE {DEMO_TEMPLATE_DB} TEMPLATE {postgres_template}"))
    admin.dispose()
    engine = make_engine(url_for(DEMO_TEMPLATE_DB))
    load_demo(engine, actor="test")
    engine.dispose()
    return DEMO_TEMPLATE_DB


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_engine_both(request, tmp_path: Path) -> Iterator[Engine]:
    """A store with the demo data, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        eng = _sqlite_engine(request.getfixturevalue("demo_template"), tmp_path)
    else:
        eng = _postgres_engine(request.getfixturevalue("postgres_server"),
                               request.getfixturevalue("postgres_demo_template"))
    yield eng
    eng.dispose()


@pytest.fixture
def demo_engine(demo_template: Path, tmp_path: Path) -> Iterator[Engine]:
    eng = _sqlite_engine(demo_template, tmp_path)
    yield eng
    eng.dispose()


@pytest.fixture
def demo_db_url(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL of a private copy of the demo store, set in the environment (for AppTest and the CLI)."""
    path = tmp_path / "demo-copy.db"
    shutil.copyfile(demo_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def empty_db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL of a store that does not exist yet (the app must create it)."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Streamlit caches are process-wide and would leak one test's store into the next."""
    yield
    try:
        import streamlit as st
    except ImportError:  # pragma: no cover
        return
    st.cache_data.clear()
    st.cache_resource.clear()
