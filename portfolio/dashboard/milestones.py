"""Read model of the milestones page (the plan context it shares with the infrastructure page is in
:mod:`portfolio.dashboard.plan_context`).

Everything is read as of a date (the sidebar's "status pr."): each landsdel's latest plan by then,
the previous plan to see what slipped, and the FUT components' latest status entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

import portfolio.dashboard.messages  # noqa: F401 - registers the messages used below
from portfolio.baselines.reads import BaselineChange, baseline_changes, measured_baselines
from portfolio.dashboard import queries
from portfolio.dashboard.plan_context import PlanContext, load_plan_context
from portfolio.domain import MilestoneHealth, MilestoneStatus
from portfolio.health import milestone_health, slip_days
from portfolio.i18n import format_date, format_number, label, t
from portfolio.inventory import holds_portfolio_data, is_demo_store
from portfolio.knock_on import ComponentDates, PlanMilestone
from portfolio.metrics import change_days

# --- the milestones page ------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneLine:
    landsdel_key: str
    landsdel_name: str
    plan: queries.PlanRef
    code: str
    title: str
    category: str
    is_key: bool
    baseline: dt.date | None
    baseline_text: str
    forecast: dt.date | None
    forecast_text: str
    actual: dt.date | None
    actual_text: str
    status: MilestoneStatus | None
    health: MilestoneHealth
    slip_days: int | None  # forecast − baseline
    comment: str
    components: tuple[str, ...]  # names of the FUT components it hangs on
    predecessors: tuple[str, ...]
    pushed_to: dt.date | None  # by the FUT components' current forecasts (knock-on)
    pushed_days: int | None


@dataclass(frozen=True)
class SlipLine:
    landsdel_name: str
    code: str
    title: str
    previous_forecast: dt.date
    forecast: dt.date
    days: int
    previous_version: int
    version: int
    source_file: str


@dataclass(frozen=True)
class MilestonesView:
    programme: queries.ProgrammeRef
    as_of: dt.date
    lines: list[MilestoneLine]
    slipped: list[SlipLine]
    trend: list[queries.TrendPoint]
    trend_landsdel: str | None
    landsdel_names: dict[str, str]
    plan_milestones: tuple[PlanMilestone, ...]
    components: dict[str, ComponentDates]
    is_demo: bool
    store_has_data: bool
    categories: list[str] = field(default_factory=list)
    baseline_changes: list[BaselineChange] = field(default_factory=list)  # moved without approval

    @property
    def has_data(self) -> bool:
        return bool(self.lines)


def filter_lines(lines: Sequence[MilestoneLine], *, categories: Sequence[str] = (),
                 healths: Sequence[MilestoneHealth | str] = (), key_only: bool = False) -> list[MilestoneLine]:
    """The lines in any of the chosen categories and health states (none chosen: all)."""
    wanted = {MilestoneHealth(h) for h in healths}
    return [line for line in lines
            if (not categories or line.category in categories) and (not wanted or line.health in wanted)
            and (not key_only or line.is_key)]


MAX_TREND_LINES = 30  # more lines than this make the trend chart unreadable (and slow to draw)


@dataclass(frozen=True)
class TrendChoice:
    codes: list[str]  # the milestones the trend chart draws
    total: int  # of how many chosen

    @property
    def limited(self) -> bool:
        return len(self.codes) < self.total


def trend_choice(points: Sequence[queries.TrendPoint], codes: Sequence[str],
                 limit: int = MAX_TREND_LINES) -> TrendChoice:
    """The milestones of ``codes`` the trend chart draws: all when there are few enough to read; otherwise
    the key milestones first, then those whose date moved most from their first version, ``limit`` in all."""
    wanted = list(dict.fromkeys(codes))
    if len(wanted) <= limit:
        return TrendChoice(wanted, len(wanted))
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    key: set[str] = set()
    for point in sorted(points, key=lambda p: p.version_no):
        when = point.actual_date or point.forecast_date
        if when is not None:
            first.setdefault(point.code, when)
            last[point.code] = when
        if point.is_key:
            key.add(point.code)

    def moved(code: str) -> int:
        return abs((last[code] - first[code]).days) if code in first else 0

    ranked = sorted(wanted, key=lambda code: (code not in key, -moved(code)))  # stable: plan order breaks ties
    chosen = set(ranked[:limit])
    return TrendChoice([code for code in wanted if code in chosen], len(wanted))


def _slipped(session: Session, programme_code: str, as_of: dt.date, context: PlanContext) -> list[SlipLine]:
    """The milestones of the context's plans (the chosen landsdele's) whose forecast moved later since the plan
    before."""
    if not context.plans:
        return []
    previous = {p.landsdel_key: p for p in queries.previous_plans(session, programme_code, as_of, list(context.plans))}
    before = {}
    for row in queries.plan_milestones(session, [p.id for p in previous.values()]):
        before[(row.plan_id, row.code)] = row
    slipped = []
    for key, plan in context.plans.items():
        prev = previous.get(key)
        if prev is None:
            continue
        for row in context.rows[key]:
            old = before.get((prev.id, row.code))
            days = change_days(old.forecast_date, row.forecast_date) if old else None
            if old and days and days > 0 and old.forecast_date and row.forecast_date:
                slipped.append(SlipLine(plan.landsdel_name, row.code, row.title, old.forecast_date,
                                        row.forecast_date, days, prev.version_no, plan.version_no, plan.source_file))
    return sorted(slipped, key=lambda s: (-s.days, s.landsdel_name, s.code))


def milestones_view(session: Session, programme_code: str | None, as_of: dt.date | None,
                    landsdel_keys: Sequence[str] | None = None, trend_landsdel: str | None = None
                    ) -> MilestonesView | None:
    """Everything the milestones page shows, in one call. None when the store has no programme."""
    scope = queries.resolve_scope(session, programme_code, as_of, landsdel_keys)
    if scope is None:
        return None
    programme, as_of, names, keys = scope.programme, scope.as_of, scope.names, scope.keys
    context = load_plan_context(session, programme.code, as_of, keys)
    pushes = {(p.landsdel, p.code): p for p in context.pushes}
    approved = measured_baselines(session, [p.id for p in context.plans.values()], as_of)  # else its own
    lines = []
    for key, plan in context.plans.items():
        deps: dict[str, list[queries.DependencyLink]] = {}
        for link in context.links[key]:
            deps.setdefault(link.milestone_code, []).append(link)
        for row in context.rows[key]:
            push = pushes.get((key, row.code))
            lines.append(MilestoneLine(
                landsdel_key=key, landsdel_name=plan.landsdel_name, plan=plan, code=row.code, title=row.title,
                category=row.category, is_key=row.is_key, baseline=row.baseline_date, baseline_text=row.baseline_text,
                forecast=row.forecast_date, forecast_text=row.forecast_text, actual=row.actual_date,
                actual_text=row.actual_text, status=row.status,
                health=milestone_health(status=row.status, forecast=row.forecast_date, actual=row.actual_date,
                                        baseline=approved.get((plan.id, row.code), row.baseline_date), as_of=as_of),
                slip_days=slip_days(approved.get((plan.id, row.code), row.baseline_date), row.forecast_date),
                comment=row.comment,
                components=tuple(context.component_name(d.component_code) for d in deps.get(row.code, [])
                                 if d.component_code),
                predecessors=tuple(d.depends_on_code for d in deps.get(row.code, []) if d.depends_on_code),
                pushed_to=push.pushed_to if push else None, pushed_days=push.days if push else None,
            ))
    in_given_order = list(landsdel_keys) if landsdel_keys is not None else list(names)
    chosen = [k for k in in_given_order if k in context.plans]
    trend_key = trend_landsdel if trend_landsdel in chosen else (chosen[0] if chosen else None)
    trend = queries.milestone_trend(session, programme.code, as_of, [trend_key]) if trend_key else []
    return MilestonesView(
        programme=programme, as_of=as_of, lines=lines,
        slipped=_slipped(session, programme.code, as_of, context),
        trend=trend, trend_landsdel=trend_key, landsdel_names=names,
        plan_milestones=context.plan_milestones, components=context.component_dates,
        is_demo=is_demo_store(session), store_has_data=holds_portfolio_data(session),
        categories=sorted({line.category for line in lines if line.category}),
        baseline_changes=baseline_changes(session, [p.id for p in context.plans.values()], as_of),
    )


# --- tables (plain strings in the users' formats; user text is never Markdown) -------------------


def _d(day: dt.date | None, lang: str) -> str:
    return format_date(day, lang, "short") if day else ""


def _n(value: int | float | None, lang: str) -> str:
    return format_number(value, lang) if value is not None else ""


def milestone_table(lines: Sequence[MilestoneLine], lang: str) -> pd.DataFrame:
    records = [{
        t("dash.col.landsdel", lang): line.landsdel_name, t("dash.col.code", lang): line.code,
        t("dash.col.title", lang): line.title, t("dash.col.category", lang): line.category,
        t("dash.col.key", lang): "★" if line.is_key else "",
        t("dash.col.baseline", lang): _d(line.baseline, lang), t("dash.col.forecast", lang): _d(line.forecast, lang),
        t("dash.col.actual", lang): _d(line.actual, lang), t("dash.col.health", lang): label(line.health, lang),
        t("dash.col.reported", lang): label(line.status, lang) if line.status else "",
        t("dash.col.slip", lang): _n(line.slip_days, lang),
        t("dash.col.components", lang): ", ".join(line.components),
        t("dash.col.pushed_days", lang): _n(line.pushed_days, lang),
        t("dash.col.source", lang): f"v{line.plan.version_no} · {line.plan.source_file}",
        t("dash.col.comment", lang): line.comment,
    } for line in lines]
    return pd.DataFrame(records)


def slipped_table(slipped: Sequence[SlipLine], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("dash.col.landsdel", lang): s.landsdel_name, t("dash.col.code", lang): s.code,
        t("dash.col.title", lang): s.title, t("dash.col.previous_forecast", lang): _d(s.previous_forecast, lang),
        t("dash.col.forecast", lang): _d(s.forecast, lang), t("dash.col.slip", lang): _n(s.days, lang),
        t("dash.col.versions", lang): f"v{s.previous_version} → v{s.version}",
        t("dash.col.source", lang): s.source_file,
    } for s in slipped])


def dependency_table(lines: Sequence[MilestoneLine], lang: str) -> pd.DataFrame:
    # What the group asks first (where does it land, by how much) before the why (which components, status).
    return pd.DataFrame([{
        t("dash.col.landsdel", lang): line.landsdel_name, t("dash.col.code", lang): line.code,
        t("dash.col.title", lang): line.title, t("dash.col.pushed_to", lang): _d(line.pushed_to, lang),
        t("dash.col.pushed_days", lang): _n(line.pushed_days, lang),
        t("dash.col.forecast", lang): _d(line.forecast, lang),
        t("dash.col.components", lang): ", ".join(line.components),
        t("dash.col.health", lang): label(line.health, lang),
    } for line in lines if line.components])
