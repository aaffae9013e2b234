"""Any two stored plan versions of a landsdel and programme, compared ("version A / version B").

The same comparison the import preview shows, between two versions already in the store: milestones (each
changed field, days slipped), inclusion figures the later version reported differently, targets, target group
and the landsdel's own RAG.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.importing.diff import PlanDiff, diff_plans
from portfolio.importing.store import plan_from_store
from portfolio.models import Component, Landsdel, PlanVersion, Programme


@dataclass(frozen=True)
class VersionRef:
    id: int
    version_no: int
    submitted_on: dt.date
    source_file: str


@dataclass(frozen=True)
class VersionComparison:
    a: VersionRef
    b: VersionRef
    diff: PlanDiff
    component_names: dict[str, str]


def plan_versions(session: Session, programme_code: str, landsdel_key: str) -> list[VersionRef]:
    """The stored versions of one landsdel's plan for a programme, oldest first."""
    rows = session.execute(
        select(PlanVersion.id, PlanVersion.version_no, PlanVersion.submitted_on, PlanVersion.source_file)
        .join(Landsdel, Landsdel.id == PlanVersion.landsdel_id)
        .join(Programme, Programme.id == PlanVersion.programme_id)
        .where(Landsdel.key == landsdel_key, Programme.code == programme_code)
        .order_by(PlanVersion.version_no)
    ).all()
    return [VersionRef(*row) for row in rows]


def compare_versions(session: Session, programme_code: str, landsdel_key: str, version_a: int,
                     version_b: int) -> VersionComparison | None:
    """What changed from version A to version B (by version number); None when either is not stored."""
    versions = {v.version_no: v for v in plan_versions(session, programme_code, landsdel_key)}
    if version_a not in versions or version_b not in versions:
        return None
    a, b = versions[version_a], versions[version_b]
    before, after = plan_from_store(session, a.id), plan_from_store(session, b.id)
    names = dict(session.execute(select(Component.code, Component.name)).all())
    return VersionComparison(a, b, diff_plans(before, after, a.version_no), names)
