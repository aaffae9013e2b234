"""As-of queries on the FUT infrastructure: component status entries, the national projects' status, and the
open risks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.dashboard.queries.sql import newest_first
from portfolio.domain import (
    ComponentKind,
    Phase,
    ProjectState,
    Rag,
    RiskState,
)
from portfolio.models import (
    Component,
    ComponentStatus,
    Programme,
    ProgrammeStatus,
    Risk,
)


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

def component_states(session: Session, as_of: dt.date) -> list[ComponentState]:
    """Each FUT component with its newest status entry on or before the date (None if never reported)."""
    ranked = newest_first(ComponentStatus, partition_by=ComponentStatus.component_id,
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
    ranked = newest_first(ProgrammeStatus, partition_by=ProgrammeStatus.programme_id,
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

@dataclass(frozen=True)
class PreviousForecast:
    status_date: dt.date
    rag: Rag
    pilot_forecast: dt.date | None
    production_forecast: dt.date | None

def previous_component_forecasts(session: Session, as_of: dt.date) -> dict[str, PreviousForecast]:
    """Per component, the status entry before its newest one by the date (to see forecasts move)."""
    ranked = newest_first(ComponentStatus, partition_by=ComponentStatus.component_id,
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
    description: str = ""


def risks_raised_by(session: Session, as_of: dt.date, *, open_only: bool = False) -> list[RiskRef]:
    """Risks raised by the date (only the open ones if asked), oldest first (their state is the one recorded:
    these risks carry no history). The snapshot freezes all of them; the infrastructure page shows the open ones."""
    stmt = (
        select(Component.code, Component.name, Risk.title, Risk.rag, Risk.state, Risk.raised_on, Risk.owner,
               Risk.source, Risk.description)
        .outerjoin(Component, Component.id == Risk.component_id)
        .where(Risk.raised_on <= as_of)
        .order_by(Risk.raised_on, Risk.id)
    )
    if open_only:
        stmt = stmt.where(Risk.state == RiskState.OPEN)
    return [RiskRef(code, name, title, Rag(rag), RiskState(state), raised, owner or "", source, description or "")
            for code, name, title, rag, state, raised, owner, source, description in session.execute(stmt)]


def open_risks(session: Session, as_of: dt.date) -> list[RiskRef]:
    """Risks raised by the date and not closed, worst first, then newest first."""
    return sorted(risks_raised_by(session, as_of, open_only=True),
                  key=lambda r: (-r.rag.severity, -r.raised_on.toordinal()))
