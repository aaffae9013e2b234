"""As-of queries on the landsdele's milestone plans: the plan in force, the one before it, milestones, their
health, dependencies and trend.

"As of" a date means: what the store knew from submissions dated on or before it. The latest plan of a landsdel
is its newest submission by that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.dashboard.queries.sql import landsdel_filter, newest_first
from portfolio.domain import (
    MilestoneHealth,
    MilestoneStatus,
    Rag,
)
from portfolio.health import health_case
from portfolio.models import (
    Component,
    Landsdel,
    Milestone,
    MilestoneDependency,
    PlanVersion,
    Programme,
)


@dataclass(frozen=True)
class PlanRef:
    id: int
    landsdel_key: str
    landsdel_name: str
    version_no: int
    submitted_on: dt.date
    source_file: str
    imported_by: str
    reported_rag: Rag | None

@dataclass(frozen=True)
class NextMilestone:
    code: str
    title: str
    due: dt.date

def latest_plans(session: Session, programme_code: str, as_of: dt.date,
                 landsdel_keys: Sequence[str] | None = None) -> list[PlanRef]:
    """Per landsdel, its newest plan submitted by the date."""
    return _plans_at_rank(session, programme_code, as_of, 1, landsdel_keys)

def previous_plans(session: Session, programme_code: str, as_of: dt.date,
                   landsdel_keys: Sequence[str] | None = None) -> list[PlanRef]:
    """Per landsdel, the plan submitted before its latest one by the date (for "slipped since last time")."""
    return _plans_at_rank(session, programme_code, as_of, 2, landsdel_keys)

def _plans_at_rank(session: Session, programme_code: str, as_of: dt.date, rank: int,
                   landsdel_keys: Sequence[str] | None) -> list[PlanRef]:
    """Per landsdel, the plan that is ``rank``-th newest (by submission date) among those submitted by the date."""
    ranked = newest_first(PlanVersion, partition_by=PlanVersion.landsdel_id, dated=PlanVersion.submitted_on,
                           join=(Programme, Programme.id == PlanVersion.programme_id),
                           where=(Programme.code == programme_code, PlanVersion.submitted_on <= as_of))
    stmt = (
        select(PlanVersion.id, Landsdel.key, Landsdel.name, PlanVersion.version_no, PlanVersion.submitted_on,
               PlanVersion.source_file, PlanVersion.imported_by, PlanVersion.reported_rag)
        .join(ranked, ranked.c.id == PlanVersion.id)
        .join(PlanVersion.landsdel)
        .where(ranked.c.rank == rank)
        .order_by(Landsdel.sort_order)
    )
    return [PlanRef(*row) for row in session.execute(landsdel_filter(stmt, landsdel_keys))]

def health_counts(session: Session, plan_ids: Sequence[int], as_of: dt.date) -> dict[int, dict[MilestoneHealth, int]]:
    health = health_case(as_of).label("health")
    stmt = (select(Milestone.plan_version_id, health, func.count())
            .where(Milestone.plan_version_id.in_(plan_ids))
            .group_by(Milestone.plan_version_id, health))
    counts: dict[int, dict[MilestoneHealth, int]] = {pid: dict.fromkeys(MilestoneHealth, 0) for pid in plan_ids}
    for plan_id, state, count in session.execute(stmt):
        counts[plan_id][MilestoneHealth(state)] = count
    return counts

def next_milestones(session: Session, plan_ids: Sequence[int], as_of: dt.date) -> dict[int, NextMilestone]:
    """Per plan, the open milestone due soonest on or after the reporting date."""
    due = func.coalesce(Milestone.forecast_date, Milestone.baseline_date)
    health = health_case(as_of)
    ranked = (
        select(Milestone.plan_version_id, Milestone.code, Milestone.title, due.label("due"),
               func.row_number().over(partition_by=Milestone.plan_version_id,
                                      order_by=(due, Milestone.sort_order)).label("rank"))
        .where(Milestone.plan_version_id.in_(plan_ids), due >= as_of,
               health.not_in([MilestoneHealth.DONE.value, MilestoneHealth.PAUSED.value]))
        .subquery()
    )
    rows = session.execute(select(ranked.c.plan_version_id, ranked.c.code, ranked.c.title, ranked.c.due)
                           .where(ranked.c.rank == 1))
    return {plan_id: NextMilestone(code, title, due_date) for plan_id, code, title, due_date in rows}

@dataclass(frozen=True)
class OpenKeyMilestone:
    plan_id: int
    code: str
    baseline_date: dt.date
    forecast_date: dt.date | None

def open_key_milestones(session: Session, plan_ids: Sequence[int], as_of: dt.date) -> list[OpenKeyMilestone]:
    """The key milestones with a baseline that are not done by the date, in plan order: the derived RAG's slip rule
    reads only these, so the other milestones of the plans are not fetched."""
    if not plan_ids:
        return []
    rows = session.execute(
        select(Milestone.plan_version_id, Milestone.code, Milestone.baseline_date, Milestone.forecast_date)
        .where(Milestone.plan_version_id.in_(plan_ids), Milestone.is_key.is_(True),
               Milestone.baseline_date.is_not(None), health_case(as_of) != MilestoneHealth.DONE.value)
        .order_by(Milestone.plan_version_id, Milestone.sort_order, Milestone.code)
    ).all()
    # Slip is measured against the approved baseline (else the first submission's): portfolio/baselines.
    from portfolio.baselines.reads import measured_baselines

    approved = measured_baselines(session, plan_ids, as_of, [row.code for row in rows])
    return [OpenKeyMilestone(plan_id, code, approved.get((plan_id, code), baseline), forecast)
            for plan_id, code, baseline, forecast in rows]


@dataclass(frozen=True)
class MilestoneRow:
    plan_id: int
    code: str
    title: str
    category: str
    is_key: bool
    sort_order: int
    baseline_date: dt.date | None
    baseline_text: str
    forecast_date: dt.date | None
    forecast_text: str
    actual_date: dt.date | None
    actual_text: str
    status: MilestoneStatus | None
    comment: str

def plan_milestones(session: Session, plan_ids: Sequence[int]) -> list[MilestoneRow]:
    """The milestones of the given plan versions, in plan order."""
    if not plan_ids:
        return []
    rows = session.execute(
        select(Milestone.plan_version_id, Milestone.code, Milestone.title, Milestone.category, Milestone.is_key,
               Milestone.sort_order, Milestone.baseline_date, Milestone.baseline_text, Milestone.forecast_date,
               Milestone.forecast_text, Milestone.actual_date, Milestone.actual_text, Milestone.status,
               Milestone.comment)
        .where(Milestone.plan_version_id.in_(plan_ids))
        .order_by(Milestone.plan_version_id, Milestone.sort_order, Milestone.code)
    ).all()
    return [MilestoneRow(pid, code, title, category or "", bool(key), order, base, base_text or "", fc,
                         fc_text or "", act, act_text or "", MilestoneStatus(status) if status else None, comment or "")
            for pid, code, title, category, key, order, base, base_text, fc, fc_text, act, act_text, status, comment
            in rows]

@dataclass(frozen=True)
class TrendPoint:
    landsdel_key: str
    version_no: int
    submitted_on: dt.date
    source_file: str
    code: str
    title: str
    is_key: bool
    category: str
    baseline_date: dt.date | None
    forecast_date: dt.date | None
    actual_date: dt.date | None

def milestone_trend(session: Session, programme_code: str, as_of: dt.date,
                    landsdel_keys: Sequence[str] | None = None) -> list[TrendPoint]:
    """Every milestone's dates in every plan version submitted by the date (milestone trend analysis)."""
    stmt = (
        select(Landsdel.key, PlanVersion.version_no, PlanVersion.submitted_on, PlanVersion.source_file,
               Milestone.code, Milestone.title, Milestone.is_key, Milestone.category, Milestone.baseline_date,
               Milestone.forecast_date, Milestone.actual_date)
        .join(PlanVersion, PlanVersion.id == Milestone.plan_version_id)
        .join(Landsdel, Landsdel.id == PlanVersion.landsdel_id)
        .join(Programme, Programme.id == PlanVersion.programme_id)
        .where(Programme.code == programme_code, PlanVersion.submitted_on <= as_of)
        .order_by(Landsdel.sort_order, Milestone.sort_order, Milestone.code, PlanVersion.submitted_on)
    )
    return [TrendPoint(key, no, submitted, source, code, title, bool(is_key), category or "", base, fc, act)
            for key, no, submitted, source, code, title, is_key, category, base, fc, act
            in session.execute(landsdel_filter(stmt, landsdel_keys))]

@dataclass(frozen=True)
class DependencyLink:
    plan_id: int
    milestone_code: str
    depends_on_code: str | None
    component_code: str | None

def dependency_links(session: Session, plan_ids: Sequence[int]) -> list[DependencyLink]:
    """What the milestones of the given plans hang on: another milestone's code, or a FUT component."""
    if not plan_ids:
        return []
    rows = session.execute(
        select(Milestone.plan_version_id, Milestone.code, MilestoneDependency.depends_on_code, Component.code)
        .join(MilestoneDependency, MilestoneDependency.milestone_id == Milestone.id)
        .outerjoin(Component, Component.id == MilestoneDependency.component_id)
        .where(Milestone.plan_version_id.in_(plan_ids))
        .order_by(Milestone.plan_version_id, Milestone.sort_order, MilestoneDependency.id)
    ).all()
    return [DependencyLink(*row) for row in rows]

def open_component_links(session: Session, plan_ids: Sequence[int], as_of: dt.date,
                         component_codes: Sequence[str]) -> list[DependencyLink]:
    """Which milestones not done by the date hang on one of the given FUT components (the derived RAG's dependency
    rule asks this for the red ones)."""
    if not plan_ids or not component_codes:
        return []
    rows = session.execute(
        select(Milestone.plan_version_id, Milestone.code, MilestoneDependency.depends_on_code, Component.code)
        .join(MilestoneDependency, MilestoneDependency.milestone_id == Milestone.id)
        .join(Component, Component.id == MilestoneDependency.component_id)
        .where(Milestone.plan_version_id.in_(plan_ids), Component.code.in_(component_codes),
               health_case(as_of) != MilestoneHealth.DONE.value)
        .order_by(Milestone.plan_version_id, Milestone.sort_order, MilestoneDependency.id)
    ).all()
    return [DependencyLink(*row) for row in rows]
