"""Engine, sessions and the unit of work.

SQLite is the embedded default (a file under data/, WAL mode, foreign keys on);
PostgreSQL via psycopg 3 is the shared deployment. Callers never build engines
themselves: they ask :func:`make_engine` and work inside :func:`unit_of_work`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker
from sqlalchemy.pool import StaticPool

from portfolio.models import AuditEvent
from portfolio.personal_data import install_store_guard

install_store_guard()  # every string any session writes passes the CPR gate


# A pooled server connection is pinged before use only when it has lain idle this long. Within a page's script run
# (a dozen checkouts in a few milliseconds) and under load (every connection busy) nothing is pinged; after a quiet
# spell, or a server restart, the first checkout finds out and the pool hands out a fresh connection instead.
PING_AFTER_IDLE_S = 1.0
# Connections are replaced after this long, whatever happens (a proxy or firewall dropping idle TCP sessions).
RECYCLE_S = 1800


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _server_engine(url)
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


def _server_engine(url: str) -> Engine:
    """A pooled engine for a database server (PostgreSQL).

    ``pool_pre_ping`` would cost a round trip on every checkout, and a page's run makes 4 to 14 of them (one per
    cached query). Instead a connection is pinged only when it has been idle for ``PING_AFTER_IDLE_S``; the pool is
    last-in-first-out, so a busy process keeps reusing the connection it just returned and lets spare ones idle (and
    be pinged, or recycled, when they are needed again). A ping that finds the server gone raises
    ``DisconnectionError``, on which the pool drops that connection and connects afresh (SQLAlchemy's documented
    pessimistic disconnect handling). A connection that fails during a statement is invalidated by SQLAlchemy with
    every connection pooled before it, so after a server restart at most the one statement that met the dead
    connection fails (only when the restart came less than ``PING_AFTER_IDLE_S`` after that connection's last use).
    """
    engine = create_engine(url, pool_pre_ping=False, pool_use_lifo=True, pool_recycle=RECYCLE_S)
    dialect = engine.dialect

    @event.listens_for(engine.pool, "checkin")
    def _returned(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_S:
            return  # a new connection, or one in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError() from error
            raise

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


_READ_FACTORY = "_portfolio_read_factory"  # kept on the engine: it lives and dies with it


def _read_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading. On a server they run in autocommit: every statement is its own transaction, which at
    PostgreSQL's read committed is what a read-only transaction gives anyway (each statement sees the data committed
    when it starts), without the BEGIN and ROLLBACK round trips. A read session that tries to write is refused,
    since nothing would roll that back. SQLite keeps its transaction (a consistent snapshot across statements, and
    no round trips to save)."""
    factory = engine.__dict__.get(_READ_FACTORY)
    if factory is None:
        if engine.dialect.name == "sqlite":
            factory = session_factory(engine)
        else:
            factory = sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
            event.listen(factory, "before_flush", _refuse_flush)
            event.listen(factory, "do_orm_execute", _refuse_dml)
        setattr(engine, _READ_FACTORY, factory)
    return factory


class ReadSessionWrite(RuntimeError):
    """A write attempted in :func:`read_session` (a programming error: writes go through :func:`unit_of_work`)."""


def _refuse_flush(session: Session, _flush_context: UOWTransaction, _instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadSessionWrite("read_session does not write; use unit_of_work")


def _refuse_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadSessionWrite("read_session does not write; use unit_of_work")


@contextlib.contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A transaction: committed when the block ends normally, rolled back on any exception."""
    with session_factory(engine).begin() as session:
        yield session


@contextlib.contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for queries only: it never commits, and on a server it refuses to write (see ``_read_factory``)."""
    with _read_factory(engine)() as session:
        yield session


def data_version(session: Session) -> int:
    """A number that changes with every write: every write appends an audit event."""
    return session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0
