"""Read-side queries the overview and the sidebar use, against the slower general queries they replace, on the
demo store (SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from sqlalchemy import select

from portfolio.dashboard import queries
from portfolio.db import read_session, unit_of_work
from portfolio.domain import MilestoneHealth
from portfolio.health import milestone_health
from portfolio.models import Landsdel, PlanVersion, Programme, TargetSet

MEETING = dt.date(2022, 9, 8)
DATES = [dt.date(2021, 1, 1), dt.date(2022, 3, 7), MEETING, dt.date(2030, 1, 1)]


def _latest_from_months(frame) -> dict[str, tuple[dt.date, int]]:  # type: ignore[no-untyped-def]
    """What inclusion_now must give, read off the whole monthly history."""
    latest = {}
    for key, part in frame.groupby("landsdel"):
        month = part["month"].max()
        latest[key] = (month, int(part.loc[part["month"] == month, "active_citizens"].sum()))
    return latest


@pytest.mark.parametrize("as_of", DATES)
def test_inclusion_now_is_the_latest_month_of_the_monthly_figures(demo_engine_both, as_of):
    with read_session(demo_engine_both) as session:
        for programme in ("KOL", "HJERTESVIGT"):
            expected = _latest_from_months(queries.inclusion_by_month(session, programme, as_of))
            assert queries.inclusion_now(session, programme, as_of) == expected
            some = queries.inclusion_now(session, programme, as_of, ["syd", "nord"])
            assert some == {key: value for key, value in expected.items() if key in ("syd", "nord")}
    if as_of == MEETING:
        assert expected  # the demo has figures by the meeting: the comparison above compared something


def test_open_key_milestones_and_red_links_are_the_open_ones_of_the_plans(demo_engine_both):
    with read_session(demo_engine_both) as session:
        plans = queries.latest_plans(session, "KOL", MEETING)
        plan_ids = [plan.id for plan in plans]
        rows = queries.plan_milestones(session, plan_ids)
        links = queries.dependency_links(session, plan_ids)
        key_open = queries.open_key_milestones(session, plan_ids, MEETING)
        components = sorted({link.component_code for link in links if link.component_code})
        open_links = queries.open_component_links(session, plan_ids, MEETING, components[:2])

    def is_open(row: queries.MilestoneRow) -> bool:
        return milestone_health(status=row.status, baseline=row.baseline_date, forecast=row.forecast_date,
                                actual=row.actual_date, as_of=MEETING) is not MilestoneHealth.DONE

    expected = [(r.plan_id, r.code, r.baseline_date, r.forecast_date) for r in rows
                if r.is_key and r.baseline_date and is_open(r)]
    assert [(m.plan_id, m.code, m.baseline_date, m.forecast_date) for m in key_open] == expected
    assert key_open and len(key_open) < sum(1 for r in rows if r.is_key)  # some key milestones are done
    open_codes = {(r.plan_id, r.code) for r in rows if is_open(r)}
    assert open_links == [link for link in links if link.component_code in components[:2]
                          and (link.plan_id, link.milestone_code) in open_codes]
    assert open_links
    with read_session(demo_engine_both) as session:
        assert queries.open_component_links(session, plan_ids, MEETING, []) == []
        assert queries.open_key_milestones(session, [], MEETING) == []


def test_sidebar_choices(demo_engine_both):
    with read_session(demo_engine_both) as session:
        latest = queries.latest_data_date(session)
        kol = queries.sidebar_choices(session, "KOL")
        heart = queries.sidebar_choices(session, "HJERTESVIGT")
        unknown = queries.sidebar_choices(session, "NO_SUCH")
        submitted = {row for row in session.scalars(
            select(PlanVersion.submitted_on).join(Programme).where(Programme.code == "HJERTESVIGT"))}
    assert latest == MEETING
    assert [p.code for p in kol.programmes] == ["KOL", "HJERTESVIGT"]
    assert [ld.key for ld in kol.landsdele] == ["nord", "midt", "syd", "hovedstaden", "sjaelland"]
    assert heart.programme == "HJERTESVIGT"
    assert heart.as_of_dates == sorted(submitted | {latest}, reverse=True)
    assert unknown.programme == "KOL" and unknown.as_of_dates == kol.as_of_dates  # an unknown code: the first
    assert kol.as_of_dates[0] == MEETING and len(set(kol.as_of_dates)) == len(kol.as_of_dates)


def test_sidebar_choices_of_a_store_with_only_reference_data(engine):
    with read_session(engine) as session:
        choices = queries.sidebar_choices(session, None)
    assert choices.programme == "KOL" and choices.as_of_dates == []  # nothing reported: no date to offer
    assert len(choices.landsdele) == 5


def test_current_targets_keep_a_target_set_without_points(demo_engine_both):
    with read_session(demo_engine_both) as session:
        before = queries.current_targets(session, "KOL", MEETING)
    assert before["nord"].points and list(before["nord"].points) == sorted(before["nord"].points)
    with unit_of_work(demo_engine_both) as session:
        session.add(TargetSet(
            landsdel_id=session.scalar(select(Landsdel.id).where(Landsdel.key == "nord")),
            programme_id=session.scalar(select(Programme.id).where(Programme.code == "KOL")),
            target_group_size=1234, effective_from=MEETING, source="test", recorded_by="test"))
    with read_session(demo_engine_both) as session:
        after = queries.current_targets(session, "KOL", MEETING)
        earlier = queries.current_targets(session, "KOL", MEETING - dt.timedelta(days=1))
    assert after["nord"].target_group_size == 1234 and after["nord"].points == ()
    assert {key: ref for key, ref in after.items() if key != "nord"} == {
        key: ref for key, ref in before.items() if key != "nord"}
    assert earlier == before
