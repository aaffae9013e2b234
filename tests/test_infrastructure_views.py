"""The FUT infrastructure read model on the demo story."""

import datetime as dt

from portfolio.dashboard.infrastructure import history_table, infrastructure_view, risks_table
from portfolio.db import read_session
from portfolio.domain import Phase, Rag
from portfolio.knock_on import what_if

MEETING = dt.date(2022, 9, 8)


def test_infrastructure_view_on_the_demo(demo_engine):
    with read_session(demo_engine) as session:
        view = infrastructure_view(session, "KOL", MEETING)
    board = view.by_phase()
    assert [c.code for c in board[Phase.PRODUCTION]] == ["KL_GATEWAY", "KAM", "ADM_MODUL"]
    assert [c.code for c in board[Phase.PILOT]] == ["K_PRO"]
    cards = {card.code: card for card in view.cards}
    # KIH-databasen's production forecast moved from 31 Dec 2022 to 31 Mar 2023 at the meeting
    kih = cards["KIH_DB"]
    assert kih.state.rag is Rag.RED and kih.production_moved_days == 90
    assert len(kih.dependents) == 5  # milestone 6.4 in every landsdel's plan
    assert kih.moved_pushes == []  # the landsdele had already moved 6.4 to March 2023 themselves
    assert len(cards["KOL_HJERTE"].dependents) == 10  # 6.3 and 8.1 in five plans
    assert len(view.risks) == 6 and view.risks[0].rag is Rag.RED
    assert len(history_table(view.history, "da")) == len(view.history) == 27
    assert risks_table(view.risks, "en").iloc[0]["Component"] == "General"


def test_what_if_on_the_demo(demo_engine):
    with read_session(demo_engine) as session:
        view = infrastructure_view(session, "KOL", MEETING)
    pushes = what_if(view.plan_milestones, view.components, "KOL_HJERTE", 12)
    assert pushes and all(p.extra_days > 0 for p in pushes)
    assert what_if(view.plan_milestones, view.components, "KL_GATEWAY", 12) == []  # in production


def test_infrastructure_view_on_an_empty_store(sqlite_engine):
    with read_session(sqlite_engine) as session:
        view = infrastructure_view(session, None, None)
    # the FUT catalogue is there from `portfolio init`, none of it reported yet
    assert not view.has_data and view.risks == [] and all(card.state.status_date is None for card in view.cards)


def test_what_if_starts_on_the_component_whose_slip_moves_the_most(demo_engine):
    from portfolio.knock_on import most_moving_component

    with read_session(demo_engine) as session:
        view = infrastructure_view(session, "KOL", MEETING)
    codes = [card.code for card in view.cards if card.dependents]
    chosen = most_moving_component(view.plan_milestones, view.components, codes, 8)
    moved = {code: len(what_if(view.plan_milestones, view.components, code, 8)) for code in codes}
    assert moved[chosen] == max(moved.values()) > 0
    assert moved["KL_GATEWAY"] == 0 and chosen != "KL_GATEWAY"  # in production: a slip moves nothing
