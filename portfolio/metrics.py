"""Portfolio metrics: plain functions over plain values, each with hand-computed tests."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from portfolio import months as _months
from portfolio.domain import Rag


def expected_target(points: Sequence[tuple[dt.date, int]], day: dt.date) -> int | None:
    """The target count due by ``day``, read off the straight line between the target points.

    Before the first point there is no line to read (None); after the last point the last
    target stands.
    """
    ordered = sorted(points)
    if not ordered or day < ordered[0][0]:
        return None
    for (d0, c0), (d1, c1) in zip(ordered, ordered[1:], strict=False):
        if d0 <= day <= d1:
            return round(c0 + (c1 - c0) * (day - d0).days / (d1 - d0).days)
    return ordered[-1][1]


def next_target(points: Sequence[tuple[dt.date, int]], day: dt.date) -> tuple[dt.date, int] | None:
    """The first target point due on or after ``day``."""
    return next(((d, c) for d, c in sorted(points) if d >= day), None)


def share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


# --- calendar months -------------------------------------------------------------------


def month_index(day: dt.date) -> int:
    return _months.month_index(day)


def end_of_month_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` calendar months after ``day``'s month (0: its own month)."""
    return _months.end_of_month_after(day, months)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s month (Aug → Dec is 4)."""
    return _months.months_between(start, end)


# --- inclusion: forecast of full inclusion and the rate needed ------------------------------


@dataclass(frozen=True)
class InclusionForecast:
    """When the whole target group is reached at the recent pace, with a band from the slowest and fastest months.

    ``rate`` is the mean monthly net growth of active citizens over the last ``months_used`` months;
    ``rate_low`` / ``rate_high`` the smallest and largest of those monthly growths. A date is None when
    the pace in question never gets there (no growth); ``reached`` when the group is already included.
    """

    active_now: int
    last_month: dt.date | None
    target_group_size: int | None
    months_used: int
    rate: float | None
    rate_low: float | None
    rate_high: float | None
    full_date: dt.date | None
    full_date_early: dt.date | None
    full_date_late: dt.date | None

    @property
    def remaining(self) -> int | None:
        if self.target_group_size is None:
            return None
        return max(0, self.target_group_size - self.active_now)

    @property
    def reached(self) -> bool:
        return self.remaining == 0


def _date_at(last_month: dt.date, remaining: int, rate: float | None) -> dt.date | None:
    if rate is None or rate <= 0:
        return None
    return end_of_month_after(last_month, math.ceil(remaining / rate))


def inclusion_forecast(active_by_month: Sequence[tuple[dt.date, int]], target_group_size: int | None,
                       window: int = 6) -> InclusionForecast:
    """Forecast the month the target group is fully included, from active citizens per month.

    Net growth per month = active this month − active the month before; the last ``window`` growths
    give the mean (the forecast), the minimum (late end of the band) and the maximum (early end).
    Months needed = remaining / rate, rounded up; the date is the end of that month after the last
    reported month.
    """
    ordered = sorted(active_by_month)
    if not ordered:
        return InclusionForecast(0, None, target_group_size, 0, None, None, None, None, None, None)
    last_month, active_now = ordered[-1]
    counts = [count for _, count in ordered[-(window + 1):]]
    growth = [b - a for a, b in zip(counts, counts[1:], strict=False)]
    rate = sum(growth) / len(growth) if growth else None
    low, high = (min(growth), max(growth)) if growth else (None, None)
    forecast = InclusionForecast(active_now, last_month, target_group_size, len(growth), rate, low, high,
                                 None, None, None)
    remaining = forecast.remaining
    if remaining is None:
        return forecast
    if remaining == 0:
        done = end_of_month_after(last_month, 0)
        return InclusionForecast(active_now, last_month, target_group_size, len(growth), rate, low, high,
                                 done, done, done)
    return InclusionForecast(
        active_now, last_month, target_group_size, len(growth), rate, low, high,
        full_date=_date_at(last_month, remaining, rate),
        full_date_early=_date_at(last_month, remaining, high),
        full_date_late=_date_at(last_month, remaining, low),
    )


def required_monthly_rate(*, target_count: int, active_now: int, last_month: dt.date, due: dt.date) -> float | None:
    """Net new citizens needed per month to reach ``target_count`` by ``due``.

    (target count − active now) / months left, where months left counts the calendar months after
    the last reported month up to and including the due date's month. None when no month is left;
    0 when the target is already met.
    """
    gap = target_count - active_now
    if gap <= 0:
        return 0.0
    months_left = months_between(last_month, due)
    if months_left <= 0:
        return None
    return gap / months_left


# --- milestones and RAG ------------------------------------------------------------------------


def effective_slip_days(*, baseline: dt.date | None, forecast: dt.date | None, as_of: dt.date) -> int | None:
    """Days a milestone that is not done has slipped from its baseline, as seen on ``as_of``.

    Forecast − baseline; a due date (forecast, else baseline) already passed counts as due on ``as_of``.
    """
    if baseline is None:
        return None
    due = forecast or baseline
    return (max(due, as_of) - baseline).days


def change_days(previous: dt.date | None, current: dt.date | None) -> int | None:
    """How far a date moved between two reports (positive: later)."""
    if previous is None or current is None:
        return None
    return (current - previous).days


def rag_rollup(rags: Iterable[Rag | None]) -> Rag | None:
    """The worst of the statuses given (None when none is known)."""
    known = [Rag(r) for r in rags if r is not None]
    return max(known, key=lambda r: r.severity) if known else None
