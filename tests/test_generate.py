"""The scale generator: exact national-size counts, one transaction, refuses a store with data."""

import pytest
from sqlalchemy import func, select

from portfolio.dashboard.overview import portfolio_overview
from portfolio.db import read_session
from portfolio.demo import load_demo
from portfolio.generate import StoreNotEmpty, generate
from portfolio.inventory import store_inventory
from portfolio.models import InclusionCount, Milestone


def test_scale_1_is_national_size(engine):
    steps = []
    result = generate(engine, scale=1, actor="test", progress=lambda done, total: steps.append((done, total)))
    assert (result.programmes, result.plan_versions, result.milestones, result.inclusion_rows) == (2, 240, 48000, 23520)
    assert steps[-1] == (10, 10)
    with read_session(engine) as session:
        inventory = store_inventory(session)
        assert inventory["plan_versions"]["total"] == 240
        assert session.scalar(select(func.count()).select_from(Milestone)) == 48000
        assert session.scalar(select(func.count(func.distinct(InclusionCount.municipality_code)))) == 98
        overview = portfolio_overview(session, "KOL")
    assert all(tile.plan and tile.plan.version_no == 24 for tile in overview.tiles)
    assert overview.national.active_citizens > 0


def test_generator_refuses_a_store_with_data(sqlite_engine):
    load_demo(sqlite_engine, actor="test")
    with read_session(sqlite_engine) as session:
        before = store_inventory(session)
    with pytest.raises(StoreNotEmpty):
        generate(sqlite_engine, scale=1, actor="test")
    with read_session(sqlite_engine) as session:
        assert store_inventory(session) == before
