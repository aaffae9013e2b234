"""What the store holds, counted in SQL: the answer of `portfolio status`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.models import (
    AuditEvent,
    Component,
    ComponentStatus,
    InclusionCount,
    Landsdel,
    Milestone,
    Municipality,
    PlanVersion,
    Programme,
    ProgrammeStatus,
    Snapshot,
    TargetSet,
)

DEMO_ACTION = "demo.load"


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def store_inventory(session: Session) -> dict[str, Any]:
    per_plan = session.execute(
        select(Landsdel.name, Programme.code, func.count(PlanVersion.id), func.max(PlanVersion.submitted_on))
        .join(PlanVersion.landsdel)
        .join(PlanVersion.programme)
        .group_by(Landsdel.name, Landsdel.sort_order, Programme.code, Programme.sort_order)
        .order_by(Programme.sort_order, Landsdel.sort_order)
    ).all()
    return {
        "landsdele": _count(session, Landsdel),
        "municipalities": _count(session, Municipality),
        "programmes": _count(session, Programme),
        "plan_versions": {
            "total": sum(row[2] for row in per_plan),
            "by_landsdel_programme": [
                {"landsdel": name, "programme": code, "count": count,
                 "latest_submitted_on": latest.isoformat() if latest else None}
                for name, code, count, latest in per_plan
            ],
        },
        "milestones": _count(session, Milestone),
        "inclusion_rows": _count(session, InclusionCount),
        "target_sets": _count(session, TargetSet),
        "components": _count(session, Component),
        "status_entries": _count(session, ComponentStatus),
        "programme_status_reports": _count(session, ProgrammeStatus),
        "snapshots": _count(session, Snapshot),
        "audit_events": _count(session, AuditEvent),
        "demo_data": is_demo_store(session),
    }


def is_demo_store(session: Session) -> bool:
    return session.scalar(select(func.count()).where(AuditEvent.action == DEMO_ACTION)) > 0


def holds_portfolio_data(session: Session) -> bool:
    """True once anything beyond reference data is stored (the FUT catalogue's components are reference data;
    a component added by hand, or a component's status entry, is not)."""
    from portfolio.catalogue import read_catalogue

    catalogue = [entry.code for entry in read_catalogue()]
    added = session.scalar(select(func.count()).select_from(Component).where(Component.code.not_in(catalogue)))
    return bool(added) or any(_count(session, model) for model in (PlanVersion, ComponentStatus, ProgrammeStatus))
