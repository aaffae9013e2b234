"""Calendar-month arithmetic, once: every wing counts months, steps through them and finds their ends here."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange


def month_index(day: dt.date) -> int:
    """Months since year 0 (January 2024 and December 2023 are one apart)."""
    return day.year * 12 + day.month - 1


def first_of(index: int) -> dt.date:
    """The first day of the month with this :func:`month_index`."""
    return dt.date(index // 12, index % 12 + 1, 1)


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, monthrange(year, month)[1])


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return end_of_month(day.year, day.month)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` calendar months after ``day``'s month (0: its own month)."""
    return first_of(month_index(day) + months)


def end_of_month_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` calendar months after ``day``'s month (0: its own month)."""
    return month_end(add_months(day, months))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s month (Aug → Dec is 4)."""
    return month_index(end) - month_index(start)


def month_starts(first: dt.date, last: dt.date, *, inclusive: bool = True) -> list[dt.date]:
    """The first day of each month from ``first``'s month (``first`` itself is kept as given) up to ``last``
    (included when ``inclusive``, otherwise stopping before it)."""
    out, current = [], first
    while current <= last if inclusive else current < last:
        out.append(current)
        current = add_months(current, 1)
    return out
