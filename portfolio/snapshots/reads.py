"""As-of read functions the freeze needs beyond :mod:`portfolio.dashboard.queries` (built on them where they
overlap): plain dicts, ready for JSON.

Same rule as the queries: "as of" a date means what the store knew from submissions and
status entries dated on or before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.dashboard import queries
from portfolio.feed.history import component_history as status_history
from portfolio.models import (
    Component,
    Landsdel,
    Milestone,
    MilestoneDependency,
    Municipality,
)


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _value(enum: Any) -> str | None:
    return enum.value if enum is not None else None


def _date_part(date: dt.date | None, precision: Any, text: str) -> dict[str, Any] | None:
    if date is None:
        return None
    return {"date": date.isoformat(), "precision": _value(precision), "text": text or ""}


def milestones_of(session: Session, plan_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Every milestone of the given plan versions with all its fields and dependencies, in plan order."""
    out: dict[int, list[dict[str, Any]]] = {pid: [] for pid in plan_ids}
    if not plan_ids:
        return out
    components = {cid: (code, name) for cid, code, name in session.execute(
        select(Component.id, Component.code, Component.name))}
    rows = session.scalars(select(Milestone).where(Milestone.plan_version_id.in_(plan_ids))
                           .order_by(Milestone.plan_version_id, Milestone.sort_order, Milestone.id)).all()
    deps: dict[int, list[dict[str, str]]] = {m.id: [] for m in rows}
    if rows:
        for dep in session.scalars(select(MilestoneDependency)
                                   .where(MilestoneDependency.milestone_id.in_(list(deps)))
                                   .order_by(MilestoneDependency.id)):
            if dep.depends_on_code is not None:
                deps[dep.milestone_id].append({"milestone": dep.depends_on_code})
            elif dep.component_id in components:
                code, name = components[dep.component_id]
                deps[dep.milestone_id].append({"component": code, "name": name})
    for m in rows:
        out[m.plan_version_id].append({
            "code": m.code, "title": m.title, "category": m.category or "", "owner": m.owner or "",
            "is_key": bool(m.is_key), "sort_order": m.sort_order,
            "baseline": _date_part(m.baseline_date, m.baseline_precision, m.baseline_text),
            "forecast": _date_part(m.forecast_date, m.forecast_precision, m.forecast_text),
            "actual": _date_part(m.actual_date, m.actual_precision, m.actual_text),
            "status": _value(m.status), "comment": m.comment or "",
            "depends_on": deps[m.id],
        })
    return out


INCLUSION_COLUMNS = ("month", "municipality_code", "new_inclusions", "active_citizens", "dropouts")


def inclusion_rows(session: Session, programme_code: str, as_of: dt.date) -> dict[str, list[list[Any]]]:
    """Per landsdel key, the inclusion figures in force (newest report per municipality and month).

    Rows follow :data:`INCLUSION_COLUMNS`; a municipality code of None is a figure for the landsdel as a whole.
    """
    current = queries.current_inclusion_rows(programme_code, as_of)
    stmt = (
        select(Landsdel.key, current.c.month, current.c.municipality_code, current.c.new_inclusions,
               current.c.active_citizens, current.c.dropouts)
        .join(Landsdel, Landsdel.id == current.c.landsdel_id)
        .where(current.c.rank == 1)
    )
    out: dict[str, list[list[Any]]] = {}
    for key, month, code, new, active, dropouts in session.execute(stmt):
        out.setdefault(key, []).append([month.isoformat(), code, int(new), int(active), int(dropouts)])
    for rows in out.values():
        rows.sort(key=lambda r: (r[0], r[1] if r[1] is not None else -1))
    return out


def municipality_names(session: Session, codes: set[int]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.execute(select(Municipality.code, Municipality.name).where(Municipality.code.in_(codes)))
    return {str(code): name for code, name in sorted(rows)}


def component_history(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    """Every FUT component with its status entries dated on or before ``as_of``, oldest first (the entries are
    the infrastructure page's, :func:`portfolio.feed.history.component_history`)."""
    components = session.execute(select(Component.code, Component.name, Component.kind, Component.description)
                                 .order_by(Component.sort_order, Component.name)).all()
    history: dict[str, list[dict[str, Any]]] = {code: [] for code, *_ in components}
    for entry in status_history(session, as_of):
        history[entry.component_code].append({
            "status_date": entry.status_date.isoformat(), "phase": entry.phase.value, "rag": entry.rag.value,
            "note": entry.note, "pilot_forecast": iso(entry.pilot_forecast),
            "production_forecast": iso(entry.production_forecast), "source": entry.source,
        })
    return [{"code": code, "name": name, "kind": kind.value, "description": description or "",
             "current": history[code][-1] if history[code] else None, "history": history[code]}
            for code, name, kind, description in components]


def risks_as_of(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    """Risks raised on or before ``as_of`` (the dashboard's query, :func:`queries.risks_raised_by`)."""
    return [{"title": r.title, "description": r.description, "rag": r.rag.value, "state": r.state.value,
             "raised_on": r.raised_on.isoformat(), "owner": r.owner, "component": r.component_code, "source": r.source}
            for r in queries.risks_raised_by(session, as_of)]
