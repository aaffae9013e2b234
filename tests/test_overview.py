"""The overview's read model: it fetches only what the page shows, so check it against the full plan context."""

import datetime as dt

import pytest

from portfolio.dashboard.overview import portfolio_overview
from portfolio.dashboard.plan_context import load_plan_context
from portfolio.db import read_session
from portfolio.domain import Rag
from portfolio.rag import RagRules, load_rules
from portfolio.snapshots.freeze import create_snapshot, load_snapshot
from portfolio.snapshots.view import entries
from tests.support.reference_rag import reference_rags

MEETING = dt.date(2022, 9, 8)
STRICT = RagRules(key_slip_amber_days=5, key_slip_red_days=10, inclusion_amber_share=0.99, inclusion_red_share=0.98)
LENIENT = RagRules(key_slip_amber_days=1000, key_slip_red_days=1000, inclusion_amber_share=0.5,
                   inclusion_red_share=0.5)


@pytest.mark.parametrize("rules", [RagRules(), STRICT, LENIENT], ids=["defaults", "strict", "lenient"])
@pytest.mark.parametrize("as_of", [dt.date(2022, 3, 7), MEETING])
def test_derived_rags_are_those_of_the_whole_plan_context(demo_engine_both, as_of, rules):
    with read_session(demo_engine_both) as session:
        for programme in ("KOL", "HJERTESVIGT"):
            overview = portfolio_overview(session, programme, as_of, None, rules)
            context = load_plan_context(session, programme, as_of)
            shares = {tile.key: tile.inclusion.share_of_expected for tile in overview.tiles}
            assert {tile.key: tile.derived for tile in overview.tiles if tile.derived} == reference_rags(
                context, shares, rules)
            assert overview.components == context.components


@pytest.mark.parametrize("as_of", [dt.date(2022, 3, 7), MEETING])
def test_a_snapshot_freezes_the_rag_the_overview_shows(demo_engine_both, as_of):
    # Two computations of one rule set, live from the store and frozen into the payload: the group sees both.
    info = create_snapshot(demo_engine_both, label="RAG", as_of=as_of, actor="sekretariatet")
    with read_session(demo_engine_both) as session:
        frozen = load_snapshot(session, info.id).payload
        compared = 0
        for programme, entry in entries(frozen):
            live = portfolio_overview(session, programme["code"], as_of, None, load_rules())
            tile = next(tile for tile in live.tiles if tile.key == entry["key"])
            assert (tile.derived.rag.value if tile.derived else None) == (entry["plan"] or {}).get("derived_rag")
            compared += tile.derived is not None
    assert compared >= 5


def test_the_derived_rag_on_the_demo_says_why(demo_engine):
    with read_session(demo_engine) as session:
        syd = next(tile for tile in portfolio_overview(session, "KOL", MEETING).tiles if tile.key == "syd")
        lenient = next(tile for tile in portfolio_overview(session, "KOL", MEETING, None, LENIENT).tiles
                       if tile.key == "syd")
    assert syd.derived is not None and syd.derived.rag is Rag.RED
    assert [r.rule for r in syd.derived.reasons] == ["key_slip", "inclusion", "red_component"]
    # lenient rules: only the dependency on the red integrations remains
    assert lenient.derived is not None and lenient.derived.rag is Rag.AMBER
    assert [r.rule for r in lenient.derived.reasons] == ["red_component"]


def test_chosen_landsdele_and_none(demo_engine_both):
    with read_session(demo_engine_both) as session:
        every = portfolio_overview(session, "KOL", MEETING)
        some = portfolio_overview(session, "KOL", MEETING, ("syd", "nord"))
        none = portfolio_overview(session, "KOL", MEETING, ())
    assert [tile.key for tile in some.tiles] == ["nord", "syd"]  # in their usual order
    assert some.tiles == [tile for tile in every.tiles if tile.key in ("nord", "syd")]
    assert some.national.active_citizens == sum(tile.inclusion.active_citizens for tile in some.tiles)
    assert none.tiles == [] and not none.has_data and none.store_has_data


def test_inclusion_status_is_the_latest_month(demo_engine_both):
    with read_session(demo_engine_both) as session:
        overview = portfolio_overview(session, "KOL", MEETING)
    nord = overview.tiles[0].inclusion
    assert nord.latest_month == dt.date(2022, 8, 1) and nord.active_citizens == 586
    assert overview.national.latest_month == dt.date(2022, 8, 1)
    assert overview.national.active_citizens == sum(tile.inclusion.active_citizens for tile in overview.tiles)
