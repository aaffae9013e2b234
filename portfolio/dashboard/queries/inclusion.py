"""As-of queries on inclusion figures and targets. An inclusion figure is the one from the newest submission
that reported that month (aggregated in SQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.dashboard.queries.sql import landsdel_filter, newest_first
from portfolio.models import (
    InclusionCount,
    Landsdel,
    Municipality,
    PlanVersion,
    Programme,
    TargetPoint,
    TargetSet,
)


@dataclass(frozen=True)
class TargetRef:
    landsdel_key: str
    target_group_size: int
    points: tuple[tuple[dt.date, int], ...]
    effective_from: dt.date
    source: str

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
    rows = session.execute(landsdel_filter(stmt, landsdel_keys)).all()
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
    latest = (landsdel_filter(select(Landsdel.id, Landsdel.key, newest_month.label("month")), landsdel_keys)
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
    ranked = newest_first(TargetSet, partition_by=TargetSet.landsdel_id, dated=TargetSet.effective_from,
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
    rows = session.execute(landsdel_filter(stmt, landsdel_keys)).all()
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
    rows = session.execute(landsdel_filter(stmt, landsdel_keys)).all()
    return pd.DataFrame(rows, columns=["landsdel", "month", "version_no", "source_file", "submitted_on"])
