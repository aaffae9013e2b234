"""Which FUT components have gone quiet: no status entry within N days of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.models import Component, ComponentStatus


@dataclass(frozen=True)
class StaleComponent:
    code: str
    name: str
    last_status_date: dt.date | None  # None: never reported (by as_of)
    days_since: int | None


def stale_components(session: Session, as_of: dt.date, max_age_days: int) -> list[StaleComponent]:
    """Components whose newest status_date on or before ``as_of`` is older than ``as_of - max_age_days``,
    or that have no status by then. Entries dated after ``as_of`` do not count (the page can look back)."""
    newest = (
        select(ComponentStatus.component_id, func.max(ComponentStatus.status_date).label("newest"))
        .where(ComponentStatus.status_date <= as_of)
        .group_by(ComponentStatus.component_id)
        .subquery()
    )
    rows = session.execute(
        select(Component.code, Component.name, newest.c.newest)
        .outerjoin(newest, newest.c.component_id == Component.id)
        .order_by(Component.sort_order, Component.code)
    ).all()
    cutoff = as_of - dt.timedelta(days=max_age_days)
    stale = []
    for code, name, last in rows:
        if last is None:
            stale.append(StaleComponent(code, name, None, None))
        elif last < cutoff:
            stale.append(StaleComponent(code, name, last, (as_of - last).days))
    return stale
