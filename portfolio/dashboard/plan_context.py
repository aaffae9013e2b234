"""The plan context the milestones and infrastructure pages share: each landsdel's latest plan by the date, its
milestones and dependencies, the FUT components' latest status, and the knock-on of their forecasts.

Here, not in either page's read model, so one page's read model does not import another's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from portfolio.dashboard import queries
from portfolio.domain import MilestoneStatus
from portfolio.knock_on import ComponentDates, PlanMilestone, Push, is_about_pilot, knock_on


@dataclass(frozen=True)
class PlanContext:
    """The latest plans by the date, their milestones and dependencies, and the FUT components."""

    as_of: dt.date
    plans: dict[str, queries.PlanRef]  # by landsdel key
    rows: dict[str, list[queries.MilestoneRow]]  # by landsdel key
    links: dict[str, list[queries.DependencyLink]]  # by landsdel key
    components: list[queries.ComponentState]
    component_dates: dict[str, ComponentDates]
    plan_milestones: tuple[PlanMilestone, ...]
    pushes: tuple[Push, ...]

    def component_name(self, code: str) -> str:
        return next((c.name for c in self.components if c.code == code), code)


def component_dates(states: Iterable[queries.ComponentState]) -> dict[str, ComponentDates]:
    return {s.code: ComponentDates(s.code, s.name, s.phase, s.pilot_forecast, s.production_forecast) for s in states}


def _is_done(row: queries.MilestoneRow, as_of: dt.date) -> bool:
    return row.status is MilestoneStatus.DONE or (row.actual_date is not None and row.actual_date <= as_of)


def load_plan_context(session: Session, programme_code: str, as_of: dt.date,
                      landsdel_keys: Sequence[str] | None = None) -> PlanContext:
    plans = {p.landsdel_key: p for p in queries.latest_plans(session, programme_code, as_of, landsdel_keys)}
    key_of = {plan.id: key for key, plan in plans.items()}
    rows: dict[str, list[queries.MilestoneRow]] = {key: [] for key in plans}
    for row in queries.plan_milestones(session, list(key_of)):
        rows[key_of[row.plan_id]].append(row)
    links: dict[str, list[queries.DependencyLink]] = {key: [] for key in plans}
    for link in queries.dependency_links(session, list(key_of)):
        links[key_of[link.plan_id]].append(link)
    states = queries.component_states(session, as_of)
    dates = component_dates(states)
    milestones = []
    for key, plan_rows in rows.items():
        by_code: dict[str, list[queries.DependencyLink]] = {}
        for link in links[key]:
            by_code.setdefault(link.milestone_code, []).append(link)
        for row in plan_rows:
            deps = by_code.get(row.code, [])
            milestones.append(PlanMilestone(
                landsdel=key, code=row.code, title=row.title, due=row.forecast_date or row.baseline_date,
                done=_is_done(row, as_of),
                components=tuple(d.component_code for d in deps if d.component_code),
                predecessors=tuple(d.depends_on_code for d in deps if d.depends_on_code),
                about_pilot=is_about_pilot(row.category, row.title)))
    return PlanContext(as_of, plans, rows, links, states, dates, tuple(milestones),
                       tuple(knock_on(milestones, dates)))
