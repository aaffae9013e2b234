"""Portfolio metrics: plain functions over plain values, each with hand-computed tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


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
