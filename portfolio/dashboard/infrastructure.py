"""Read model of the FUT infrastructure page: components by phase, their history, risks, and who hangs on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

import portfolio.dashboard.messages  # noqa: F401 - registers the messages used below
from portfolio.dashboard import queries
from portfolio.dashboard.plan_context import load_plan_context
from portfolio.domain import ComponentKind, Phase
from portfolio.feed.history import HistoryRow, component_history
from portfolio.i18n import format_date, format_number, label, rag_badge, t
from portfolio.inventory import holds_portfolio_data, is_demo_store
from portfolio.knock_on import ComponentDates, PlanMilestone, ScenarioPush, compare
from portfolio.metrics import change_days


@dataclass(frozen=True)
class Dependent:
    landsdel_name: str
    code: str
    title: str
    due: dt.date | None
    done: bool
    pushed_to: dt.date | None
    pushed_days: int | None


@dataclass(frozen=True)
class ComponentCard:
    state: queries.ComponentState
    previous: queries.PreviousForecast | None
    pilot_moved_days: int | None  # latest pilot forecast − the previous entry's
    production_moved_days: int | None
    dependents: list[Dependent]
    moved_pushes: list[ScenarioPush]  # milestones the move since the previous entry pushed further

    @property
    def code(self) -> str:
        return self.state.code


@dataclass(frozen=True)
class InfrastructureView:
    programme: queries.ProgrammeRef
    as_of: dt.date
    cards: list[ComponentCard]
    history: list[HistoryRow]
    risks: list[queries.RiskRef]
    landsdel_names: dict[str, str]
    plan_milestones: tuple[PlanMilestone, ...]
    components: dict[str, ComponentDates]
    is_demo: bool
    store_has_data: bool

    @property
    def has_data(self) -> bool:
        return any(card.state.status_date for card in self.cards)

    def by_phase(self) -> dict[Phase | None, list[ComponentCard]]:
        board: dict[Phase | None, list[ComponentCard]] = {phase: [] for phase in Phase}
        for card in self.cards:
            board.setdefault(card.state.phase, []).append(card)
        return board


def infrastructure_view(session: Session, programme_code: str | None, as_of: dt.date | None,
                        landsdel_keys: Sequence[str] | None = None) -> InfrastructureView | None:
    """Everything the infrastructure page shows, in one call. None when the store has no programme."""
    scope = queries.resolve_scope(session, programme_code, as_of, landsdel_keys)
    if scope is None:
        return None
    programme, as_of, names = scope.programme, scope.as_of, scope.names
    context = load_plan_context(session, programme.code, as_of, scope.keys)
    previous = queries.previous_component_forecasts(session, as_of)
    pushes = {(p.landsdel, p.code): p for p in context.pushes}
    cards = []
    for state in context.components:
        dependents = []
        for milestone in context.plan_milestones:
            if state.code in milestone.components:
                push = pushes.get((milestone.landsdel, milestone.code))
                dependents.append(Dependent(names.get(milestone.landsdel, milestone.landsdel), milestone.code,
                                            milestone.title, milestone.due, milestone.done,
                                            push.pushed_to if push else None, push.days if push else None))
        before = previous.get(state.code)
        moved_pushes: list[ScenarioPush] = []
        if before is not None:
            then = {**context.component_dates, state.code: ComponentDates(
                state.code, state.name, state.phase, before.pilot_forecast, before.production_forecast)}
            moved_pushes = compare(context.plan_milestones, then, context.component_dates)
        cards.append(ComponentCard(
            state=state, previous=before,
            pilot_moved_days=change_days(before.pilot_forecast, state.pilot_forecast) if before else None,
            production_moved_days=change_days(before.production_forecast, state.production_forecast)
            if before else None,
            dependents=dependents, moved_pushes=moved_pushes))
    return InfrastructureView(
        programme=programme, as_of=as_of, cards=cards, history=component_history(session, as_of),
        risks=queries.open_risks(session, as_of), landsdel_names=names,
        plan_milestones=context.plan_milestones, components=context.component_dates,
        is_demo=is_demo_store(session), store_has_data=holds_portfolio_data(session),
    )


# --- tables (plain strings in the users' formats; user text is never Markdown) -------------------


def _d(day: dt.date | None, lang: str) -> str:
    return format_date(day, lang, "short") if day else ""


def history_table(history: Sequence[HistoryRow], lang: str) -> pd.DataFrame:
    """Newest first."""
    return pd.DataFrame([{
        t("dash.col.component", lang): row.component_name, t("dash.col.date", lang): _d(row.status_date, lang),
        t("dash.col.phase", lang): label(row.phase, lang), t("dash.col.rag", lang): rag_badge(row.rag, lang),
        t("dash.col.note", lang): row.note, t("dash.col.pilot_forecast", lang): _d(row.pilot_forecast, lang),
        t("dash.col.production_forecast", lang): _d(row.production_forecast, lang),
        t("dash.col.source", lang): row.source,
    } for row in sorted(history, key=lambda r: (r.status_date, r.recorded_at), reverse=True)])


def integrations_table(cards: Sequence[ComponentCard], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("dash.col.component", lang): card.state.name,
        t("dash.col.phase", lang): label(card.state.phase, lang) if card.state.phase else "",
        t("dash.col.rag", lang): rag_badge(card.state.rag, lang), t("dash.col.date", lang): _d(card.state.status_date,
                                                                                              lang),
        t("dash.col.production_forecast", lang): _d(card.state.production_forecast, lang),
        t("dash.col.note", lang): card.state.note,
    } for card in cards if card.state.kind is ComponentKind.INTEGRATION])


def risks_table(risks: Sequence[queries.RiskRef], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("dash.col.rag", lang): rag_badge(risk.rag, lang), t("dash.col.risk", lang): risk.title,
        t("dash.col.component", lang): risk.component_name or t("dash.general", lang),
        t("dash.col.raised", lang): _d(risk.raised_on, lang), t("dash.col.owner", lang): risk.owner,
        t("dash.col.source", lang): risk.source,
    } for risk in risks])


def dependents_table(card: ComponentCard, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("dash.col.landsdel", lang): d.landsdel_name, t("dash.col.code", lang): d.code,
        t("dash.col.title", lang): d.title, t("dash.col.due", lang): _d(d.due, lang),
        t("dash.col.done", lang): "✓" if d.done else "",
        t("dash.col.pushed_to", lang): _d(d.pushed_to, lang),
        t("dash.col.pushed_days", lang): format_number(d.pushed_days, lang) if d.pushed_days else "",
    } for d in card.dependents])


def scenario_table(pushes: Sequence[ScenarioPush], landsdel_names: dict[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("dash.col.landsdel", lang): landsdel_names.get(p.landsdel, p.landsdel), t("dash.col.code", lang): p.code,
        t("dash.col.title", lang): p.title, t("dash.col.due", lang): _d(p.planned, lang),
        t("dash.col.before", lang): _d(p.before, lang), t("dash.col.after", lang): _d(p.after, lang),
        t("dash.col.extra_days", lang): format_number(p.extra_days, lang),
        t("dash.col.days_from_plan", lang): format_number(p.days_from_plan, lang),
    } for p in pushes])
