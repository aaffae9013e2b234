"""Where a milestone stands on a reporting date: the one rule, in Python and as SQL.

- done: reported done, or an actual date on or before the reporting date;
- paused: reported paused (sat på pause);
- late: not done and its due date (forecast, else baseline) is before the reporting date;
- at risk: reported amber or red, or forecast later than baseline (it has slipped);
- on track: the rest.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, case, func, or_

from portfolio.domain import MilestoneHealth, MilestoneStatus
from portfolio.models import Milestone


def milestone_health(
    *,
    status: MilestoneStatus | None,
    baseline: dt.date | None,
    forecast: dt.date | None,
    actual: dt.date | None,
    as_of: dt.date,
) -> MilestoneHealth:
    if status is MilestoneStatus.DONE or (actual is not None and actual <= as_of):
        return MilestoneHealth.DONE
    if status is MilestoneStatus.PAUSED:
        return MilestoneHealth.PAUSED
    due = forecast or baseline
    if due is not None and due < as_of:
        return MilestoneHealth.LATE
    slipped = forecast is not None and baseline is not None and forecast > baseline
    if status in (MilestoneStatus.AMBER, MilestoneStatus.RED) or slipped:
        return MilestoneHealth.AT_RISK
    return MilestoneHealth.ON_TRACK


@lru_cache(maxsize=64)  # a page's queries ask for it several times per date; SQL expressions are immutable
def health_case(as_of: dt.date) -> ColumnElement[str]:
    """The same rule as :func:`milestone_health`, for grouping in SQL."""
    due = func.coalesce(Milestone.forecast_date, Milestone.baseline_date)
    return case(
        (or_(Milestone.status == MilestoneStatus.DONE,
             and_(Milestone.actual_date.is_not(None), Milestone.actual_date <= as_of)), MilestoneHealth.DONE.value),
        (Milestone.status == MilestoneStatus.PAUSED, MilestoneHealth.PAUSED.value),
        (due < as_of, MilestoneHealth.LATE.value),
        (or_(Milestone.status.in_([MilestoneStatus.AMBER, MilestoneStatus.RED]),
             Milestone.forecast_date > Milestone.baseline_date), MilestoneHealth.AT_RISK.value),
        else_=MilestoneHealth.ON_TRACK.value,
    )


def slip_days(baseline: dt.date | None, forecast: dt.date | None) -> int | None:
    if baseline is None or forecast is None:
        return None
    return (forecast - baseline).days
