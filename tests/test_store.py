"""The store itself: migrations, transactions, SQLite settings, demo idempotence — on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from portfolio.db import make_engine, read_session, unit_of_work
from portfolio.demo import DemoOutcome, load_demo
from portfolio.domain import ComponentKind
from portfolio.inventory import store_inventory
from portfolio.models import Component
from portfolio.schema import current_revision, head_revision, initialise_store


def test_initialise_twice_is_harmless(engine):
    with read_session(engine) as session:
        before = store_inventory(session)
    assert initialise_store(engine, actor="test") is False
    assert current_revision(engine) == head_revision()
    with read_session(engine) as session:
        assert store_inventory(session) == before


def test_unit_of_work_commits_on_success_and_rolls_back_on_error(engine):
    with unit_of_work(engine) as session:
        session.add(Component(code="X1", name="Komponent 1", kind=ComponentKind.MODULE))
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        session.add(Component(code="X2", name="Komponent 2", kind=ComponentKind.MODULE))
        session.flush()
        raise RuntimeError("boom")
    with read_session(engine) as session:
        codes = set(session.scalars(select(Component.code)))
    assert "X1" in codes and "X2" not in codes


def test_constraints_are_enforced(engine):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        session.add(Component(code="DUP", name="A", kind=ComponentKind.MODULE))
        session.add(Component(code="DUP", name="B", kind=ComponentKind.MODULE))


def test_demo_twice_changes_nothing(engine):
    first = load_demo(engine, actor="test")
    assert first.outcome is DemoOutcome.LOADED and first.plan_versions == 65
    with read_session(engine) as session:
        before = store_inventory(session)
    assert load_demo(engine, actor="test").outcome is DemoOutcome.ALREADY_LOADED
    with read_session(engine) as session:
        after = store_inventory(session)
    assert after == before
    assert before["plan_versions"]["total"] == 65 and before["components"] == 9 and before["demo_data"]


def test_demo_refuses_a_store_with_real_data(engine):
    with unit_of_work(engine) as session:
        session.add(Component(code="REAL", name="Rigtig komponent", kind=ComponentKind.MODULE))
    assert load_demo(engine, actor="test").outcome is DemoOutcome.REFUSED
    with read_session(engine) as session:
        assert store_inventory(session)["plan_versions"]["total"] == 0


def test_sqlite_default_is_wal_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'store.db'}")
    initialise_store(engine, actor="test")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "sub" / "store.db").exists()
