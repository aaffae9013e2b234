"""Read-side queries. Aggregation happens in SQL; results are plain dataclasses or DataFrames.

"As of" a date means: what the store knew from submissions dated on or before it.
The latest plan of a landsdel is its newest submission by that date; an inclusion figure
is the one from the newest submission that reported that month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portfolio.domain import ComponentKind, MilestoneHealth, Phase, ProgrammeKind, ProjectState, Rag
from portfolio.health import health_case
from portfolio.models import (
    Component,
    ComponentStatus,
    InclusionCount,
    Landsdel,
    Milestone,
    PlanVersion,
    Programme,
    ProgrammeStatus,
    TargetPoint,
    TargetSet,
)


@dataclass(frozen=True)
class LandsdelRef:
    id: int
    key: str
    name: str


@dataclass(frozen=True)
class ProgrammeRef:
    code: str
    name_da: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da


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


@dataclass(frozen=True)
class TargetRef:
    landsdel_key: str
    target_group_size: int
    points: tuple[tuple[dt.date, int], ...]
    effective_from: dt.date
    source: str


@dataclass(frozen=True)
class ComponentState:
    code: str
    name: str
    kind: ComponentKind
    phase: Phase | None
    rag: Rag | None
    status_date: dt.date | None
    note: str
    pilot_forecast: dt.date | None
    production_forecast: dt.date | None
    source: str


@dataclass(frozen=True)
class ProjectStatusRef:
    code: str
    name_da: str
    name_en: str
    reported_on: dt.date
    rag: Rag | None
    state: ProjectState
    enrolled: int | None
    note: str
    source: str


def landsdele(session: Session) -> list[LandsdelRef]:
    rows = session.execute(select(Landsdel.id, Landsdel.key, Landsdel.name).order_by(Landsdel.sort_order))
    return [LandsdelRef(*row) for row in rows]


def regional_programmes(session: Session) -> list[ProgrammeRef]:
    rows = session.execute(
        select(Programme.code, Programme.name_da, Programme.name_en)
        .where(Programme.kind == ProgrammeKind.REGIONAL).order_by(Programme.sort_order)
    )
    return [ProgrammeRef(*row) for row in rows]


def latest_data_date(session: Session) -> dt.date | None:
    """The newest date anything was reported for: the natural default "as of" for a meeting."""
    dates = [
        session.scalar(select(func.max(PlanVersion.submitted_on))),
        session.scalar(select(func.max(ComponentStatus.status_date))),
        session.scalar(select(func.max(ProgrammeStatus.reported_on))),
    ]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def reporting_dates(session: Session, programme_code: str) -> list[dt.date]:
    """The dates plans were submitted for a programme, newest first (choices for "as of")."""
    stmt = (select(PlanVersion.submitted_on).join(PlanVersion.programme)
            .where(Programme.code == programme_code).distinct().order_by(PlanVersion.submitted_on.desc()))
    return list(session.scalars(stmt))


def _landsdel_filter(stmt: Select, landsdel_keys: Sequence[str] | None) -> Select:
    return stmt.where(Landsdel.key.in_(landsdel_keys)) if landsdel_keys else stmt


def latest_plans(session: Session, programme_code: str, as_of: dt.date,
                 landsdel_keys: Sequence[str] | None = None) -> list[PlanRef]:
    ranked = (
        select(PlanVersion.id, func.row_number().over(
            partition_by=PlanVersion.landsdel_id,
            order_by=(PlanVersion.submitted_on.desc(), PlanVersion.id.desc())).label("rank"))
        .join(PlanVersion.programme)
        .where(Programme.code == programme_code, PlanVersion.submitted_on <= as_of)
        .subquery()
    )
    stmt = (
        select(PlanVersion.id, Landsdel.key, Landsdel.name, PlanVersion.version_no, PlanVersion.submitted_on,
               PlanVersion.source_file, PlanVersion.imported_by, PlanVersion.reported_rag)
        .join(ranked, ranked.c.id == PlanVersion.id)
        .join(PlanVersion.landsdel)
        .where(ranked.c.rank == 1)
        .order_by(Landsdel.sort_order)
    )
    return [PlanRef(*row) for row in session.execute(_landsdel_filter(stmt, landsdel_keys))]


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


def current_inclusion_rows(programme_code: str, as_of: dt.date):  # type: ignore[no-untyped-def]
    """A subquery of the inclusion figures in force: per municipality and month, the newest report."""
    return (
        select(InclusionCount.landsdel_id, InclusionCount.municipality_code, InclusionCount.month,
               InclusionCount.new_inclusions, InclusionCount.active_citizens, InclusionCount.dropouts,
               InclusionCount.plan_version_id,
               func.row_number().over(
                   partition_by=(InclusionCount.landsdel_id, InclusionCount.municipality_code, InclusionCount.month),
                   order_by=(PlanVersion.submitted_on.desc(), PlanVersion.id.desc())).label("rank"))
        .join(PlanVersion, PlanVersion.id == InclusionCount.plan_version_id)
        .join(Programme, Programme.id == InclusionCount.programme_id)
        .where(Programme.code == programme_code, PlanVersion.submitted_on <= as_of)
        .subquery()
    )


def inclusion_by_month(session: Session, programme_code: str, as_of: dt.date,
                       landsdel_keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Monthly totals per landsdel: new inclusions, active citizens, drop-outs (summed over municipalities)."""
    current = current_inclusion_rows(programme_code, as_of)
    stmt = (
        select(Landsdel.key.label("landsdel"), current.c.month,
               func.sum(current.c.new_inclusions).label("new_inclusions"),
               func.sum(current.c.active_citizens).label("active_citizens"),
               func.sum(current.c.dropouts).label("dropouts"))
        .join(Landsdel, Landsdel.id == current.c.landsdel_id)
        .where(current.c.rank == 1)
        .group_by(Landsdel.key, current.c.month)
        .order_by(Landsdel.key, current.c.month)
    )
    rows = session.execute(_landsdel_filter(stmt, landsdel_keys)).all()
    frame = pd.DataFrame(rows, columns=["landsdel", "month", "new_inclusions", "active_citizens", "dropouts"])
    for column in ("new_inclusions", "active_citizens", "dropouts"):
        frame[column] = frame[column].astype("int64")
    return frame


def current_targets(session: Session, programme_code: str, as_of: dt.date) -> dict[str, TargetRef]:
    ranked = (
        select(TargetSet.id, func.row_number().over(
            partition_by=TargetSet.landsdel_id,
            order_by=(TargetSet.effective_from.desc(), TargetSet.id.desc())).label("rank"))
        .join(Programme, Programme.id == TargetSet.programme_id)
        .where(Programme.code == programme_code, TargetSet.effective_from <= as_of)
        .subquery()
    )
    sets = session.execute(
        select(TargetSet.id, Landsdel.key, TargetSet.target_group_size, TargetSet.effective_from, TargetSet.source)
        .join(ranked, ranked.c.id == TargetSet.id).join(Landsdel, Landsdel.id == TargetSet.landsdel_id)
        .where(ranked.c.rank == 1)
    ).all()
    points: dict[int, list[tuple[dt.date, int]]] = {row[0]: [] for row in sets}
    if points:
        for set_id, due, count in session.execute(
            select(TargetPoint.target_set_id, TargetPoint.due_date, TargetPoint.target_count)
            .where(TargetPoint.target_set_id.in_(points)).order_by(TargetPoint.due_date)
        ):
            points[set_id].append((due, count))
    return {key: TargetRef(key, size, tuple(points[set_id]), effective, source)
            for set_id, key, size, effective, source in sets}


def component_states(session: Session, as_of: dt.date) -> list[ComponentState]:
    """Each FUT component with its newest status entry on or before the date (None if never reported)."""
    ranked = (
        select(ComponentStatus.id, func.row_number().over(
            partition_by=ComponentStatus.component_id,
            order_by=(ComponentStatus.status_date.desc(), ComponentStatus.id.desc())).label("rank"))
        .where(ComponentStatus.status_date <= as_of)
        .subquery()
    )
    latest = (select(ComponentStatus).join(ranked, ranked.c.id == ComponentStatus.id)
              .where(ranked.c.rank == 1).subquery())
    rows = session.execute(
        select(Component.code, Component.name, Component.kind, latest.c.phase, latest.c.rag, latest.c.status_date,
               latest.c.note, latest.c.pilot_forecast, latest.c.production_forecast, latest.c.source)
        .outerjoin(latest, latest.c.component_id == Component.id)
        .order_by(Component.sort_order, Component.name)
    ).all()
    return [
        ComponentState(code, name, ComponentKind(kind), Phase(phase) if phase else None, Rag(rag) if rag else None,
                       status_date, note or "", pilot, production, source or "")
        for code, name, kind, phase, rag, status_date, note, pilot, production, source in rows
    ]


def national_project_states(session: Session, as_of: dt.date) -> list[ProjectStatusRef]:
    ranked = (
        select(ProgrammeStatus.id, func.row_number().over(
            partition_by=ProgrammeStatus.programme_id,
            order_by=(ProgrammeStatus.reported_on.desc(), ProgrammeStatus.id.desc())).label("rank"))
        .where(ProgrammeStatus.reported_on <= as_of)
        .subquery()
    )
    rows = session.execute(
        select(Programme.code, Programme.name_da, Programme.name_en, ProgrammeStatus.reported_on, ProgrammeStatus.rag,
               ProgrammeStatus.state, ProgrammeStatus.enrolled, ProgrammeStatus.note, ProgrammeStatus.source)
        .join(ranked, ranked.c.id == ProgrammeStatus.id)
        .join(Programme, Programme.id == ProgrammeStatus.programme_id)
        .where(ranked.c.rank == 1)
        .order_by(Programme.sort_order)
    ).all()
    return [ProjectStatusRef(*row) for row in rows]
