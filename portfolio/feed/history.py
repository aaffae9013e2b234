"""Each component's status history, with where every entry came from (for the infrastructure page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.domain import Phase, Rag
from portfolio.models import Component, ComponentStatus


@dataclass(frozen=True)
class HistoryRow:
    component_code: str
    component_name: str
    status_date: dt.date
    phase: Phase
    rag: Rag
    note: str
    pilot_forecast: dt.date | None
    production_forecast: dt.date | None
    source: str
    recorded_at: dt.datetime
    recorded_by: str


def component_history(session: Session, as_of: dt.date | None = None, component_code: str | None = None
                      ) -> list[HistoryRow]:
    """Status entries ordered by component (sort order), then date and arrival; up to ``as_of`` if given."""
    query = (
        select(Component.code, Component.name, ComponentStatus)
        .join(ComponentStatus.component)
        .order_by(Component.sort_order, Component.code, ComponentStatus.status_date, ComponentStatus.id)
    )
    if as_of is not None:
        query = query.where(ComponentStatus.status_date <= as_of)
    if component_code is not None:
        query = query.where(Component.code == component_code)
    return [
        HistoryRow(code, name, s.status_date, s.phase, s.rag, s.note or "", s.pilot_forecast,
                   s.production_forecast, s.source, s.recorded_at, s.recorded_by)
        for code, name, s in session.execute(query).all()
    ]
