"""Engine, sessions and the unit of work.

SQLite is the embedded default (a file under data/, WAL mode, foreign keys on);
PostgreSQL via psycopg 3 is the shared deployment. Callers never build engines
themselves: they ask :func:`make_engine` and work inside :func:`unit_of_work`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from portfolio.models import AuditEvent
from portfolio.personal_data import install_store_guard

install_store_guard()  # every string any session writes passes the CPR gate


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        # Streamlit runs scripts on worker threads; in-memory SQLite must share one connection.
        connect_args={"check_same_thread": False, "timeout": 30},
        poolclass=StaticPool if in_memory else None,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A transaction: committed when the block ends normally, rolled back on any exception."""
    with session_factory(engine).begin() as session:
        yield session


@contextlib.contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for queries only; nothing it does is committed."""
    with session_factory(engine)() as session:
        yield session


def data_version(session: Session) -> int:
    """A number that changes with every write: every write appends an audit event."""
    return session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0
