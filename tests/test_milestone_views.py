"""The milestones read model on the demo story (8 September 2022), and on a store with nothing chosen."""

import datetime as dt

from portfolio.dashboard.milestones import (
    filter_lines,
    milestone_table,
    milestones_view,
    trend_choice,
)
from portfolio.db import read_session
from portfolio.domain import MilestoneHealth

MEETING = dt.date(2022, 9, 8)


def test_milestones_view_on_the_demo(demo_engine):
    with read_session(demo_engine) as session:
        view = milestones_view(session, "KOL", MEETING, None, "syd")
    assert view.as_of == MEETING and len(view.lines) == 5 * 19
    assert view.trend_landsdel == "syd" and {p.landsdel_key for p in view.trend} == {"syd"}
    assert len({p.version_no for p in view.trend}) == 9
    # Sjælland's full inclusion moved from Dec 2024 (v8) to Jun 2025 (v9): 181 days, first in the list
    first = view.slipped[0]
    assert (first.landsdel_name, first.code, first.days, first.previous_version, first.version) == (
        "Sjælland", "9.3", 181, 8, 9)
    # Nord's K-PRO milestone (forecast Oct 2022) is pushed to K-PRO's production forecast, 31 Dec 2022
    nord_62 = next(line for line in view.lines if line.landsdel_key == "nord" and line.code == "6.2")
    assert nord_62.components == ("K-PRO",)
    assert (nord_62.forecast, nord_62.pushed_to, nord_62.pushed_days) == (dt.date(2022, 10, 31),
                                                                         dt.date(2022, 12, 31), 61)


def test_filters_and_table(demo_engine):
    with read_session(demo_engine) as session:
        view = milestones_view(session, "KOL", MEETING)
    pilots = filter_lines(view.lines, categories=["Pilot"])
    assert {line.code for line in pilots} == {"8.1", "8.2"}
    done_keys = filter_lines(view.lines, healths=["done"], key_only=True)
    assert done_keys and all(line.health is MilestoneHealth.DONE and line.is_key for line in done_keys)
    table = milestone_table(pilots, "da")
    assert len(table) == 10 and table["Baseline"].iloc[0] == "30.09.2022"


def test_nothing_chosen_and_empty_store(demo_engine, sqlite_engine):
    with read_session(demo_engine) as session:
        view = milestones_view(session, "KOL", MEETING, ())
    assert not view.has_data and view.slipped == [] and view.trend == []
    with read_session(sqlite_engine) as session:
        empty = milestones_view(session, None, None)
    assert empty is not None and not empty.has_data and not empty.store_has_data


def test_every_read_model_runs_on_sqlite_and_postgresql(engine):
    from portfolio.dashboard.inclusion import inclusion_view
    from portfolio.dashboard.infrastructure import infrastructure_view
    from portfolio.dashboard.overview import portfolio_overview
    from portfolio.demo import load_demo

    load_demo(engine, actor="test")
    with read_session(engine) as session:
        milestones = milestones_view(session, "KOL", MEETING, ("syd", "midt"))
        inclusion = inclusion_view(session, "KOL", MEETING, ("syd",))
        infrastructure = infrastructure_view(session, "KOL", MEETING)
        overview = portfolio_overview(session, "KOL", MEETING)
    assert len(milestones.lines) == 2 * 19 and milestones.slipped and milestones.trend_landsdel == "syd"
    assert len(inclusion.landsdele) == 1 and not inclusion.municipalities.empty
    assert inclusion.landsdele[0].monthly["source_file"].notna().all()
    assert len(infrastructure.cards) == 9 and infrastructure.risks
    assert all(tile.derived is not None for tile in overview.tiles)


def _point(code: str, version: int, forecast: dt.date, *, key: bool = False):  # type: ignore[no-untyped-def]
    from portfolio.dashboard.queries import TrendPoint

    return TrendPoint(landsdel_key="syd", version_no=version, submitted_on=dt.date(2022, version, 1),
                      source_file="syd.xlsx", code=code, title=code, is_key=key, category="", baseline_date=None,
                      forecast_date=forecast, actual_date=None)


def test_the_trend_chart_draws_every_milestone_of_a_readable_plan():
    points = [_point(f"M{i}", 1, dt.date(2023, 1, 1)) for i in range(5)]
    choice = trend_choice(points, ["M3", "M1", "M3"])
    assert choice.codes == ["M3", "M1"] and not choice.limited


def test_a_long_plan_shows_its_key_milestones_then_those_that_moved_most():
    codes = [f"M{i}" for i in range(10)]
    points = [_point(code, 1, dt.date(2023, 1, 1), key=code == "M9") for code in codes]
    points += [_point("M2", 2, dt.date(2023, 3, 1)), _point("M5", 2, dt.date(2022, 6, 1)),  # 59 and 214 days
               _point("M7", 2, dt.date(2023, 1, 2))]
    choice = trend_choice(points, codes, limit=3)
    assert choice.limited and choice.total == 10
    assert choice.codes == ["M2", "M5", "M9"]  # in plan order; M9 is key, M5 and M2 moved most


def test_the_demo_plans_are_short_enough_to_draw_whole(demo_engine):
    with read_session(demo_engine) as session:
        view = milestones_view(session, "KOL", MEETING, None, "syd")
    codes = [line.code for line in view.lines if line.landsdel_key == "syd"]
    assert not trend_choice(view.trend, codes).limited
