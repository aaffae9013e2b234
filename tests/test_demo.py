"""The demo tells the minutes' story, and tells it the same way every time."""

import datetime as dt

from sqlalchemy import select

from portfolio.dashboard.overview import portfolio_overview
from portfolio.db import make_engine, read_session
from portfolio.demo import load_demo
from portfolio.models import ComponentStatus, InclusionCount, Milestone, PlanVersion
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
    # inclusion runs below target everywhere; Nord (TeleCare Nord) is ahead of the others, behind its own line
    assert overview.national.active_citizens < overview.national.expected_now
    shares = {tile.key: tile.inclusion.active_citizens / tile.inclusion.expected_now for tile in overview.tiles}
    assert all(share < 1 for share in shares.values()), shares
    assert shares["nord"] == max(shares.values()) and shares["nord"] > 0.85
    # FUT as the minutes report it
    states = {c.code: (c.phase.value, c.rag.value) for c in overview.components}
    assert states["KL_GATEWAY"] == ("production", "green")
    assert states["K_PRO"][0] == "pilot"
    assert states["KOL_HJERTE"][0] == "development"
    assert {states[code][0] for code in ("KIH_DB", "NSP", "CPR_OPSLAG", "NEMSMS")} == {"development"}
    assert {p.code for p in overview.national_projects} == {"GRAVIDITET", "ECPR", "EPJ_NORD"}
    # the national board's "gul" for the EPJ implementation sits with the other national projects
    assert next(p for p in overview.national_projects if p.code == "EPJ_NORD").rag.value == "amber"


def test_municipal_figures_follow_population(demo_engine):
    from sqlalchemy import select

    from portfolio.models import InclusionCount, Municipality, Programme

    with read_session(demo_engine) as session:
        rows = dict(session.execute(
            select(Municipality.name, InclusionCount.active_citizens)
            .join(Municipality, Municipality.code == InclusionCount.municipality_code)
            .join(Programme, Programme.id == InclusionCount.programme_id)
            .where(Programme.code == "KOL", InclusionCount.month == dt.date(2022, 8, 1))).all())
    assert rows.get("Læsø", 0) * 20 < rows["Aalborg"]  # about 1,800 against 220,000 inhabitants
    assert rows["Aalborg"] > rows["Hjørring"] and rows["Aarhus"] > rows.get("Samsø", 0) * 20


def test_demo_holds_the_two_meetings_so_siden_sidst_has_content(demo_engine):
    from portfolio.snapshots.freeze import list_snapshots
    from portfolio.snapshots.service import compare

    with read_session(demo_engine) as session:
        snapshots = list_snapshots(session)
        assert [(s.as_of, s.label) for s in snapshots] == [
            (dt.date(2022, 9, 8), "Møde 8. september 2022"), (dt.date(2022, 6, 9), "Møde 9. juni 2022")]
        diff = compare(session, snapshots[1].id, snapshots[0].id)
    assert diff.slipped and diff.completed and diff.fut_changes


def test_example_feed_continues_the_demo_story(demo_engine):
    """Taken in after the demo, the example feed moves no component back to an earlier phase."""
    from sqlalchemy import select

    from portfolio.config import DATA_DIR
    from portfolio.feed.service import ingest_feed
    from portfolio.models import Component, ComponentStatus

    result = ingest_feed(demo_engine, (DATA_DIR / "example-feed.json").read_bytes(), "example-feed.json",
                         actor="test")
    assert result.status == "imported", [p.describe("en") for p in result.errors]
    order = ["development", "acceptance_test", "pilot", "production"]
    with read_session(demo_engine) as session:
        rows = session.execute(select(Component.code, ComponentStatus.status_date, ComponentStatus.phase)
                               .join(Component, Component.id == ComponentStatus.component_id)
                               .order_by(Component.code, ComponentStatus.status_date)).all()
    history: dict[str, list[tuple[dt.date, str]]] = {}
    for code, day, phase in rows:
        history.setdefault(code, []).append((day, phase.value))
    for code, steps in history.items():
        ranks = [order.index(phase) for _, phase in steps]
        assert ranks == sorted(ranks), (code, steps)
    assert max(day for steps in history.values() for day, _ in steps) > dt.date(2022, 9, 8)
