"""The demo tells the minutes' story, and tells it the same way every time."""

import datetime as dt

from sqlalchemy import select

from portfolio.db import make_engine, read_session
from portfolio.demo import load_demo
from portfolio.models import ComponentStatus, InclusionCount, Milestone, PlanVersion
from portfolio.overview import portfolio_overview
from portfolio.schema import initialise_store
from tests.support.accounts import seed_test_accounts


def _dump(engine):
    with read_session(engine) as session:
        plans = session.execute(select(PlanVersion.landsdel_id, PlanVersion.programme_id, PlanVersion.version_no,
                                       PlanVersion.submitted_on, PlanVersion.checksum, PlanVersion.imported_at)
                                .order_by(PlanVersion.id)).all()
        milestones = session.execute(select(Milestone.code, Milestone.forecast_date, Milestone.actual_date,
                                            Milestone.status).order_by(Milestone.id)).all()
        inclusion = session.execute(select(InclusionCount.municipality_code, InclusionCount.month,
                                           InclusionCount.new_inclusions, InclusionCount.active_citizens,
                                           InclusionCount.dropouts).order_by(InclusionCount.id)).all()
        statuses = session.execute(select(ComponentStatus.status_date, ComponentStatus.phase,
                                          ComponentStatus.content_hash).order_by(ComponentStatus.id)).all()
    return plans, milestones, inclusion, statuses


def test_demo_is_deterministic(tmp_path):
    engines = []
    for name in ("a", "b"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        initialise_store(engine, actor="test")
        seed_test_accounts(engine)
        load_demo(engine, actor="test")
        engines.append(engine)
    assert _dump(engines[0]) == _dump(engines[1])


def test_demo_tells_the_story_of_the_8_september_2022_meeting(demo_engine):
    with read_session(demo_engine) as session:
        overview = portfolio_overview(session, "KOL")
    assert overview.as_of == dt.date(2022, 9, 8)
    assert [tile.name for tile in overview.tiles] == ["Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"]
    assert all(tile.plan.version_no == 9 for tile in overview.tiles)
    # inclusion runs below target nationally; Nord (TeleCare Nord) is ahead
    assert overview.national.active_citizens < overview.national.expected_now
    nord = overview.tiles[0]
    assert nord.inclusion.active_citizens > nord.inclusion.expected_now
    # FUT as the minutes report it
    states = {c.code: (c.phase.value, c.rag.value) for c in overview.components}
    assert states["KL_GATEWAY"] == ("production", "green")
    assert states["K_PRO"][0] == "pilot"
    assert states["KOL_HJERTE"][0] == "development"
    assert {states[code][0] for code in ("KIH_DB", "NSP", "CPR_OPSLAG", "NEMSMS")} == {"development"}
    assert {p.code for p in overview.national_projects} == {"GRAVIDITET", "ECPR"}


def test_full_inclusion_slips_past_2023_except_where_the_plan_is_a_wish(demo_engine):
    with read_session(demo_engine) as session:
        rows = session.execute(
            select(PlanVersion.landsdel_id, PlanVersion.version_no, Milestone.forecast_date)
            .join(Milestone.plan_version).where(Milestone.code == "9.3", PlanVersion.programme_id == 1)
        ).all()
    first = {ld: fc for ld, v, fc in rows if v == 1}
    last = {ld: fc for ld, v, fc in rows if v == 9}
    assert all(fc == dt.date(2023, 12, 31) for fc in first.values())
    slipped = [ld for ld in last if last[ld] > dt.date(2023, 12, 31)]
    assert len(slipped) == 4  # Syd keeps its wish date


def test_as_of_an_earlier_date_reads_the_plans_submitted_by_then(demo_engine):
    with read_session(demo_engine) as session:
        overview = portfolio_overview(session, "KOL", as_of=dt.date(2022, 3, 7))
    assert {tile.plan.version_no for tile in overview.tiles} == {3}
    assert overview.tiles[0].inclusion.latest_month == dt.date(2022, 2, 1)
