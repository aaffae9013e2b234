"""Read-side queries. Aggregation happens in SQL; results are plain dataclasses or DataFrames.

"As of" a date means: what the store knew from submissions dated on or before it.
The latest plan of a landsdel is its newest submission by that date; an inclusion figure
is the one from the newest submission that reported that month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portfolio.domain import (
    ComponentKind,
    MilestoneHealth,
    MilestoneStatus,
    Phase,
    ProgrammeKind,
    ProjectState,
    Rag,
    RiskState,
)
from portfolio.health import health_case
from portfolio.models import (
    Component,
    ComponentStatus,
    InclusionCount,
    Landsdel,
    Milestone,
    MilestoneDependency,
    Municipality,
    PlanVersion,
    Programme,
    ProgrammeStatus,
    Risk,
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
    # One round trip for the three maxima (each an index lookup): every page and the sidebar ask for it.
    dates = session.execute(select(
        select(func.max(PlanVersion.submitted_on)).scalar_subquery(),
        select(func.max(ComponentStatus.status_date)).scalar_subquery(),
        select(func.max(ProgrammeStatus.reported_on)).scalar_subquery(),
    )).one()
    known = [d for d in dates if d is not None]
    return max(known) if known else None


@dataclass(frozen=True)
class SidebarChoices:
    """What the shared sidebar offers: programmes, landsdele and the dates to choose "as of" from."""

    programmes: list[ProgrammeRef]
    programme: str | None  # the programme asked for when it exists, else the first; None without programmes
    landsdele: list[LandsdelRef]
    as_of_dates: list[dt.date]  # the programme's plan submission dates and the newest report, newest first


def sidebar_choices(session: Session, programme_code: str | None) -> SidebarChoices:
    """Everything the sidebar offers, in one call: one cache entry and one data-version check per run."""
    programmes = regional_programmes(session)
    codes = [p.code for p in programmes]
    programme = programme_code if programme_code in codes else (codes[0] if codes else None)
    dates = set(session.scalars(
        select(PlanVersion.submitted_on).join(PlanVersion.programme).where(Programme.code == programme).distinct()
    )) if programme else set()
    latest = latest_data_date(session)
    return SidebarChoices(programmes=programmes, programme=programme, landsdele=landsdele(session),
                          as_of_dates=sorted(dates | ({latest} if latest else set()), reverse=True))


@dataclass(frozen=True)
class ViewScope:
    """What a page's selection resolves to: the programme, the reporting date and the chosen landsdele."""

    programme: ProgrammeRef
    programmes: list[ProgrammeRef]
    as_of: dt.date
    landsdele: list[LandsdelRef]  # the chosen ones, in their usual order
    names: dict[str, str]  # every landsdel's display name by key

    @property
    def keys(self) -> list[str]:
        return [ld.key for ld in self.landsdele]


def resolve_scope(session: Session, programme_code: str | None, as_of: dt.date | None,
                  landsdel_keys: Sequence[str] | None) -> ViewScope | None:
    """Unknown or missing programme: the first one; no date: the newest reported; keys None: every landsdel.

    None when the store has no regional programme at all.
    """
    programmes = regional_programmes(session)
    if not programmes:
        return None
    programme = next((p for p in programmes if p.code == programme_code), programmes[0])
    every = landsdele(session)
    chosen = [ld for ld in every if landsdel_keys is None or ld.key in landsdel_keys]
    return ViewScope(programme=programme, programmes=programmes,
                     as_of=as_of or latest_data_date(session) or dt.date.today(),
                     landsdele=chosen, names={ld.key: ld.name for ld in every})


def _landsdel_filter(stmt: Select, landsdel_keys: Sequence[str] | None) -> Select:
    return stmt.where(Landsdel.key.in_(landsdel_keys)) if landsdel_keys else stmt


def latest_plans(session: Session, programme_code: str, as_of: dt.date,
                 landsdel_keys: Sequence[str] | None = None) -> list[PlanRef]:
    """Per landsdel, its newest plan submitted by the date."""
    return _plans_at_rank(session, programme_code, as_of, 1, landsdel_keys)


def previous_plans(session: Session, programme_code: str, as_of: dt.date,
                   landsdel_keys: Sequence[str] | None = None) -> list[PlanRef]:
    """Per landsdel, the plan submitted before its latest one by the date (for "slipped since last time")."""
    return _plans_at_rank(session, programme_code, as_of, 2, landsdel_keys)


def _newest_first(model: type, *, partition_by: Any, dated: Any, where: Sequence[Any] = (),
                  join: tuple[Any, Any] | None = None) -> Any:
    """``model``'s ids numbered per ``partition_by``, newest ``dated`` first (ties: the newest row): rank 1 is the
    row in force, rank 2 the one before it."""
    stmt = select(model.id, func.row_number().over(
        partition_by=partition_by, order_by=(dated.desc(), model.id.desc())).label("rank"))
    if join is not None:
        stmt = stmt.join(*join)
    return stmt.where(*where).subquery()


def _plans_at_rank(session: Session, programme_code: str, as_of: dt.date, rank: int,
                   landsdel_keys: Sequence[str] | None) -> list[PlanRef]:
    """Per landsdel, the plan that is ``rank``-th newest (by submission date) among those submitted by the date."""
    ranked = _newest_first(PlanVersion, partition_by=PlanVersion.landsdel_id, dated=PlanVersion.submitted_on,
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


def inclusion_now(session: Session, programme_code: str, as_of: dt.date,
                  landsdel_keys: Sequence[str] | None = None) -> dict[str, tuple[dt.date, int]]:
    """Per landsdel with figures: its latest reported month and the active citizens then (summed over
    municipalities, each month's figure from the newest submission by the date that reported it).

    Only the rows of each landsdel's latest month are ranked, not its whole history as in
    :func:`inclusion_by_month`: the latest month is one backward step on ``ix_inclusion_lookup``.
    """
    programme_id = select(Programme.id).where(Programme.code == programme_code).scalar_subquery()
    reported = (InclusionCount.programme_id == programme_id, PlanVersion.submitted_on <= as_of)
    newest_month = (
        select(InclusionCount.month).join(PlanVersion, PlanVersion.id == InclusionCount.plan_version_id)
        .where(InclusionCount.landsdel_id == Landsdel.id, *reported)
        .order_by(InclusionCount.month.desc()).limit(1).correlate(Landsdel).scalar_subquery()
    )
    # MATERIALIZED: computed once per landsdel. Inlined, SQLite without statistics ran the correlated
    # subquery once per inclusion row (70 ms on the demo store instead of 2).
    latest = (_landsdel_filter(select(Landsdel.id, Landsdel.key, newest_month.label("month")), landsdel_keys)
              .cte("latest_month").prefix_with("MATERIALIZED"))
    ranked = (
        select(latest.c.key, latest.c.month, InclusionCount.active_citizens,
               func.row_number().over(
                   partition_by=(InclusionCount.landsdel_id, InclusionCount.municipality_code),
                   order_by=(PlanVersion.submitted_on.desc(), PlanVersion.id.desc())).label("rank"))
        .join(InclusionCount, (InclusionCount.landsdel_id == latest.c.id) & (InclusionCount.month == latest.c.month))
        .join(PlanVersion, PlanVersion.id == InclusionCount.plan_version_id)
        .where(*reported)
        .subquery()
    )
    rows = session.execute(select(ranked.c.key, ranked.c.month, func.sum(ranked.c.active_citizens))
                           .where(ranked.c.rank == 1).group_by(ranked.c.key, ranked.c.month))
    return {key: (month, int(active)) for key, month, active in rows}


def current_targets(session: Session, programme_code: str, as_of: dt.date) -> dict[str, TargetRef]:
    """Per landsdel, the target set in force by the date with its points, in due order (one query: the
    overview, inclusion page and snapshots all ask for it)."""
    ranked = _newest_first(TargetSet, partition_by=TargetSet.landsdel_id, dated=TargetSet.effective_from,
                           join=(Programme, Programme.id == TargetSet.programme_id),
                           where=(Programme.code == programme_code, TargetSet.effective_from <= as_of))
    rows = session.execute(
        select(Landsdel.key, TargetSet.target_group_size, TargetSet.effective_from, TargetSet.source,
               TargetPoint.due_date, TargetPoint.target_count)
        .join(ranked, ranked.c.id == TargetSet.id).join(Landsdel, Landsdel.id == TargetSet.landsdel_id)
        .outerjoin(TargetPoint, TargetPoint.target_set_id == TargetSet.id)  # a set without points is still in force
        .where(ranked.c.rank == 1)
        .order_by(Landsdel.sort_order, TargetPoint.due_date)
    ).all()
    sets: dict[str, tuple[int, dt.date, str]] = {}
    points: dict[str, list[tuple[dt.date, int]]] = {}
    for key, size, effective, source, due, count in rows:
        sets[key] = (size, effective, source)
        if due is not None:
            points.setdefault(key, []).append((due, count))
    return {key: TargetRef(key, size, tuple(points.get(key, ())), effective, source)
            for key, (size, effective, source) in sets.items()}


def component_states(session: Session, as_of: dt.date) -> list[ComponentState]:
    """Each FUT component with its newest status entry on or before the date (None if never reported)."""
    ranked = _newest_first(ComponentStatus, partition_by=ComponentStatus.component_id,
                           dated=ComponentStatus.status_date, where=(ComponentStatus.status_date <= as_of,))
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
    ranked = _newest_first(ProgrammeStatus, partition_by=ProgrammeStatus.programme_id,
                           dated=ProgrammeStatus.reported_on, where=(ProgrammeStatus.reported_on <= as_of,))
    rows = session.execute(
        select(Programme.code, Programme.name_da, Programme.name_en, ProgrammeStatus.reported_on, ProgrammeStatus.rag,
               ProgrammeStatus.state, ProgrammeStatus.enrolled, ProgrammeStatus.note, ProgrammeStatus.source)
        .join(ranked, ranked.c.id == ProgrammeStatus.id)
        .join(Programme, Programme.id == ProgrammeStatus.programme_id)
        .where(ranked.c.rank == 1)
        .order_by(Programme.sort_order)
    ).all()
    return [ProjectStatusRef(*row) for row in rows]


# --- read models of the milestones, inclusion and infrastructure pages ----------------------


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
            in session.execute(_landsdel_filter(stmt, landsdel_keys))]


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


@dataclass(frozen=True)
class PreviousForecast:
    status_date: dt.date
    rag: Rag
    pilot_forecast: dt.date | None
    production_forecast: dt.date | None


def previous_component_forecasts(session: Session, as_of: dt.date) -> dict[str, PreviousForecast]:
    """Per component, the status entry before its newest one by the date (to see forecasts move)."""
    ranked = _newest_first(ComponentStatus, partition_by=ComponentStatus.component_id,
                           dated=ComponentStatus.status_date, where=(ComponentStatus.status_date <= as_of,))
    rows = session.execute(
        select(Component.code, ComponentStatus.status_date, ComponentStatus.rag, ComponentStatus.pilot_forecast,
               ComponentStatus.production_forecast)
        .join(ranked, ranked.c.id == ComponentStatus.id)
        .join(Component, Component.id == ComponentStatus.component_id)
        .where(ranked.c.rank == 2)
    ).all()
    return {code: PreviousForecast(day, Rag(rag), pilot, production) for code, day, rag, pilot, production in rows}


@dataclass(frozen=True)
class RiskRef:
    component_code: str | None
    component_name: str | None
    title: str
    rag: Rag
    state: RiskState
    raised_on: dt.date
    owner: str
    source: str


def open_risks(session: Session, as_of: dt.date) -> list[RiskRef]:
    """Risks raised by the date and not closed, worst first."""
    rows = session.execute(
        select(Component.code, Component.name, Risk.title, Risk.rag, Risk.state, Risk.raised_on, Risk.owner,
               Risk.source)
        .outerjoin(Component, Component.id == Risk.component_id)
        .where(Risk.raised_on <= as_of, Risk.state == RiskState.OPEN)
        .order_by(Risk.raised_on.desc(), Risk.id)
    ).all()
    risks = [RiskRef(code, name, title, Rag(rag), RiskState(state), raised, owner or "", source)
             for code, name, title, rag, state, raised, owner, source in rows]
    return sorted(risks, key=lambda r: -r.rag.severity)


def inclusion_by_municipality(session: Session, programme_code: str, as_of: dt.date,
                              landsdel_keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Per municipality: new inclusions and drop-outs in all, active citizens in its latest reported month."""
    current = current_inclusion_rows(programme_code, as_of)
    in_force = select(current).where(current.c.rank == 1).cte("in_force")  # used twice: computed once
    latest = (
        select(in_force.c.municipality_code, in_force.c.month, in_force.c.active_citizens,
               func.row_number().over(partition_by=in_force.c.municipality_code,
                                      order_by=in_force.c.month.desc()).label("recent"))
        .where(in_force.c.municipality_code.is_not(None))
        .subquery()
    )
    totals = (
        select(in_force.c.landsdel_id, in_force.c.municipality_code,
               func.sum(in_force.c.new_inclusions).label("new_inclusions"),
               func.sum(in_force.c.dropouts).label("dropouts"))
        .where(in_force.c.municipality_code.is_not(None))
        .group_by(in_force.c.landsdel_id, in_force.c.municipality_code)
        .subquery()
    )
    stmt = (
        select(Landsdel.key.label("landsdel"), Landsdel.name.label("landsdel_name"),
               totals.c.municipality_code.label("code"), Municipality.name.label("municipality"),
               totals.c.new_inclusions, totals.c.dropouts, latest.c.active_citizens, latest.c.month)
        .join(Landsdel, Landsdel.id == totals.c.landsdel_id)
        .join(Municipality, Municipality.code == totals.c.municipality_code)
        .join(latest, (latest.c.municipality_code == totals.c.municipality_code) & (latest.c.recent == 1))
        .order_by(Landsdel.sort_order, Municipality.name)
    )
    rows = session.execute(_landsdel_filter(stmt, landsdel_keys)).all()
    columns = ["landsdel", "landsdel_name", "code", "municipality", "new_inclusions", "dropouts",
               "active_citizens", "month"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("new_inclusions", "dropouts", "active_citizens"):
        frame[column] = frame[column].astype("int64")
    return frame


def inclusion_sources(session: Session, programme_code: str, as_of: dt.date,
                      landsdel_keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Per landsdel and month, the newest submission whose figures are in force (for "where is this from")."""
    current = current_inclusion_rows(programme_code, as_of)
    newest = (
        select(current.c.landsdel_id, current.c.month, func.max(current.c.plan_version_id).label("plan_id"))
        .where(current.c.rank == 1)
        .group_by(current.c.landsdel_id, current.c.month)
        .subquery()
    )
    stmt = (
        select(Landsdel.key.label("landsdel"), newest.c.month, PlanVersion.version_no, PlanVersion.source_file,
               PlanVersion.submitted_on)
        .join(Landsdel, Landsdel.id == newest.c.landsdel_id)
        .join(PlanVersion, PlanVersion.id == newest.c.plan_id)
        .order_by(Landsdel.key, newest.c.month)
    )
    rows = session.execute(_landsdel_filter(stmt, landsdel_keys)).all()
    return pd.DataFrame(rows, columns=["landsdel", "month", "version_no", "source_file", "submitted_on"])
