"""portfolio/db.py on a server: read sessions in autocommit that refuse writes, and a pool that pings only idle
connections yet survives the server dropping every connection (as a restart does)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, exc, insert, select, text
from sqlalchemy.pool import NullPool

from portfolio import db
from portfolio.models import AuditEvent, Landsdel


def _drop_every_connection(engine: Engine) -> None:
    """What a server restart does to the pool: every connection it holds is dead."""
    admin = create_engine(engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        assert killed >= 1
    finally:
        admin.dispose()


def test_read_session_reads_and_refuses_to_write(engine):
    with db.read_session(engine) as session:
        assert db.data_version(session) >= 0
        landsdel = session.scalars(select(Landsdel)).first()
        assert landsdel is not None
        if engine.dialect.name == "sqlite":
            return  # a transaction that is rolled back, as before
        landsdel.name = "changed"
        with pytest.raises(db.ReadSessionWrite):
            session.flush()
        session.rollback()
        with pytest.raises(db.ReadSessionWrite):
            session.execute(insert(AuditEvent).values(actor="x", action="x"))
    with db.read_session(engine) as session:
        assert session.scalars(select(Landsdel.name)).all().count("changed") == 0


ON_SERVER = pytest.mark.parametrize("engine", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


@ON_SERVER
def test_read_session_runs_without_a_transaction_on_a_server(engine):
    with db.read_session(engine) as session:
        assert session.connection().execute(text("SHOW transaction_isolation")).scalar() == "read committed"
        assert session.connection().connection.dbapi_connection.autocommit
    with db.unit_of_work(engine) as session:  # the same pooled connection is transactional again for writes
        assert not session.connection().connection.dbapi_connection.autocommit


@ON_SERVER
def test_pool_recovers_after_the_server_dropped_every_connection(engine, monkeypatch):
    engine = db.make_engine(engine.url.render_as_string(hide_password=False))  # a pool of its own
    try:
        with db.read_session(engine) as session:
            before = db.data_version(session)
        _drop_every_connection(engine)
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)  # the connection has been idle "long enough"
        with db.read_session(engine) as session:  # pinged, found dead, replaced: no error reaches the caller
            assert db.data_version(session) == before
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 3600.0)  # used a moment ago: not pinged
        _drop_every_connection(engine)
        with pytest.raises(exc.OperationalError) as failed, db.read_session(engine) as session:
            db.data_version(session)
        assert failed.value.connection_invalidated  # the trade-off: that one statement fails ...
        with db.read_session(engine) as session:  # ... and the pool is renewed for the next
            assert db.data_version(session) == before
    finally:
        engine.dispose()
