"""The import's side of the store: a plan version stored in one transaction (milestones, dependencies, inclusion
figures, targets, the landsdel's remembered headers), and stored plans read back in the reader's shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.bulk import bulk_insert
from portfolio.importing.dates import ParsedDate
from portfolio.importing.diff import content_key
from portfolio.importing.parsed import Mappings, ParsedInclusion, ParsedMilestone, ParsedPlan, ParsedTarget
from portfolio.models import (
    TARGET_WIDTH,
    WHO_WIDTH,
    Component,
    ImportMapping,
    InclusionCount,
    Landsdel,
    Milestone,
    MilestoneDependency,
    Municipality,
    PlanVersion,
    Programme,
    TargetPoint,
    TargetSet,
)
from portfolio.text import clip

DEPENDENCY_KIND = "dependency"  # ImportMapping.sheet_kind of a remembered dependency name -> component code
# PlanVersion.imported_by, ImportMapping.created_by; PlanVersion.source_file
ACTOR_WIDTH, FILE_WIDTH = WHO_WIDTH, TARGET_WIDTH


@dataclass(frozen=True)
class HeaderMapping:
    """A hand-made mapping of an unknown header to a field, for one landsdel."""

    kind: str  # "milestones", "inclusion", "targets"
    header_key: str
    field: str


# --- the landsdel's own headers and dependency names -------------------------------------------------------


def stored_mappings(session: Session, landsdel_key: str | None) -> Mappings:
    if not landsdel_key:
        return {}
    rows = session.execute(
        select(ImportMapping.sheet_kind, ImportMapping.header_key, ImportMapping.field)
        .join(Landsdel, Landsdel.id == ImportMapping.landsdel_id)
        .where(Landsdel.key == landsdel_key)
    ).all()
    out: Mappings = {}
    for kind, key, name in rows:
        out.setdefault(kind, {})[key] = name
    return out


def upsert_mappings(session: Session, landsdel_id: int, mappings: list[HeaderMapping], actor: str) -> None:
    """Remember each mapping for the landsdel: a new one is added, a changed one takes the new field and the name
    of who changed it; one that says what is stored already is left as it is (and keeps its author)."""
    for mapping in mappings:
        existing = session.scalar(select(ImportMapping).where(
            ImportMapping.landsdel_id == landsdel_id, ImportMapping.sheet_kind == mapping.kind,
            ImportMapping.header_key == mapping.header_key))
        if existing is None:
            session.add(ImportMapping(landsdel_id=landsdel_id, sheet_kind=mapping.kind, header_key=mapping.header_key,
                                      field=mapping.field, created_by=clip(actor, ACTOR_WIDTH)))
        elif existing.field != mapping.field:
            existing.field = mapping.field
            existing.created_by = clip(actor, ACTOR_WIDTH)


# --- storing a plan version -------------------------------------------------------------------------------------


def plan_ids(session: Session, plan: ParsedPlan) -> tuple[Landsdel, Programme]:
    landsdel = session.scalar(select(Landsdel).where(Landsdel.key == plan.landsdel))
    programme = session.scalar(select(Programme).where(Programme.code == plan.programme))
    if landsdel is None or programme is None:  # reference data missing: the store is not initialised
        raise LookupError("reference data missing")
    return landsdel, programme


def latest_version(session: Session, landsdel_id: int, programme_id: int) -> PlanVersion | None:
    return session.scalar(
        select(PlanVersion)
        .where(PlanVersion.landsdel_id == landsdel_id, PlanVersion.programme_id == programme_id)
        .order_by(PlanVersion.version_no.desc())
        .limit(1)
    )


def store_plan(session: Session, plan: ParsedPlan, data: bytes, file_name: str, actor: str,
               mappings: list[HeaderMapping]) -> int | None:
    """The plan as a new version with the next number, in the session's transaction; None when the same plan is
    the latest already (someone imported it a moment ago)."""
    landsdel, programme = plan_ids(session, plan)
    checksum = audit.sha256(data)
    latest = latest_version(session, landsdel.id, programme.id)
    if latest is not None and (latest.checksum == checksum
                               or content_key(plan_from_store(session, latest.id)) == content_key(plan)):
        return None  # someone imported the same plan a moment ago
    version_no = (latest.version_no if latest else 0) + 1
    version = PlanVersion(
        landsdel_id=landsdel.id, programme_id=programme.id, version_no=version_no,
        submitted_on=plan.submitted_on or dt.date.today(), source_file=clip(file_name, FILE_WIDTH), checksum=checksum,
        imported_by=clip(actor, ACTOR_WIDTH), reported_rag=plan.reported_rag,
    )
    session.add(version)
    session.flush()  # a concurrent import with the same number fails here (unique constraint)
    _insert_rows(session, version, plan)
    if plan.targets and plan.target_group_size is not None:
        target_set = TargetSet(landsdel_id=landsdel.id, programme_id=programme.id,
                               target_group_size=plan.target_group_size, effective_from=version.submitted_on,
                               plan_version_id=version.id, source=clip(file_name, FILE_WIDTH),
                               recorded_by=clip(actor, ACTOR_WIDTH))
        target_set.points = [TargetPoint(due_date=t.due_date, target_count=t.target_count) for t in plan.targets]
        session.add(target_set)
    upsert_mappings(session, landsdel.id, mappings, actor)
    audit.record(session, actor=actor, action="plan.import",
                 target=f"{landsdel.name}/{programme.code} v{version_no}", file_name=clip(file_name, FILE_WIDTH),
                 checksum=checksum, detail={"plan_version_id": version.id, "milestones": len(plan.milestones),
                                            "inclusion_rows": len(plan.inclusions),
                                            "new_inclusions": plan.new_inclusions_total,
                                            "mappings": len(mappings)})
    session.flush()
    return version_no


def _milestone_row(plan_version_id: int, order: int, parsed: ParsedMilestone) -> dict[str, Any]:
    row: dict[str, Any] = {
        "plan_version_id": plan_version_id, "code": parsed.code, "title": parsed.title,
        "category": parsed.category, "owner": parsed.owner, "is_key": parsed.is_key, "sort_order": order,
        "status": parsed.status, "comment": parsed.comment,
    }
    for name in ("baseline", "forecast", "actual"):
        value: ParsedDate | None = getattr(parsed, name)
        row[f"{name}_date"] = value.date if value else None
        row[f"{name}_precision"] = value.precision if value else None
        row[f"{name}_text"] = value.text if value else ""
    return row


def _insert_rows(session: Session, version: PlanVersion, plan: ParsedPlan) -> None:
    """A plan's milestones, dependencies and inclusion rows, inserted set-wise in the session's transaction:
    the ORM's per-object bookkeeping took seconds for a plan of a few thousand rows."""
    connection = session.connection()
    bulk_insert(connection, Milestone.__table__, [_milestone_row(version.id, order, parsed)
                                                  for order, parsed in enumerate(plan.milestones, start=1)])
    milestone_ids = dict(session.execute(
        select(Milestone.sort_order, Milestone.id).where(Milestone.plan_version_id == version.id)).all())
    components = {c.code: c.id for c in session.scalars(select(Component))}
    dependencies = [
        {"milestone_id": milestone_ids[order], "depends_on_code": target if kind == "milestone" else None,
         "component_id": components[target] if kind != "milestone" else None}
        for order, parsed in enumerate(plan.milestones, start=1)
        for kind, target in dict.fromkeys(parsed.resolved)
    ]
    bulk_insert(connection, MilestoneDependency.__table__, dependencies)
    bulk_insert(connection, InclusionCount.__table__, [
        {"plan_version_id": version.id, "landsdel_id": version.landsdel_id, "programme_id": version.programme_id,
         "municipality_code": row.municipality_code, "month": row.month, "new_inclusions": row.new_inclusions,
         "active_citizens": row.active_citizens, "dropouts": row.dropouts}
        for row in plan.inclusions])


def plan_from_store(session: Session, plan_version_id: int) -> ParsedPlan:
    """A stored plan version in the same shape the reader produces (for diffs and the template export)."""
    version = session.get(PlanVersion, plan_version_id)
    if version is None:
        raise LookupError(plan_version_id)
    components = {c.id: (c.code, c.name) for c in session.scalars(select(Component))}
    names = dict(session.execute(select(Municipality.code, Municipality.name)).all())
    plan = ParsedPlan(landsdel=version.landsdel.key, programme=version.programme.code,
                      submitted_on=version.submitted_on, reported_rag=version.reported_rag)
    dependencies: dict[int, list[MilestoneDependency]] = {}
    for dependency in session.scalars(
            select(MilestoneDependency).join(Milestone, Milestone.id == MilestoneDependency.milestone_id)
            .where(Milestone.plan_version_id == version.id).order_by(MilestoneDependency.id)):
        dependencies.setdefault(dependency.milestone_id, []).append(dependency)
    for stored in session.scalars(select(Milestone).where(Milestone.plan_version_id == version.id)
                                  .order_by(Milestone.sort_order, Milestone.id)):
        # the dependencies: one query for all above, not one per milestone
        plan.milestones.append(_stored_milestone(stored, dependencies.get(stored.id, []), components))
    for row in session.scalars(select(InclusionCount).where(InclusionCount.plan_version_id == version.id)
                               .order_by(InclusionCount.month, InclusionCount.municipality_code, InclusionCount.id)):
        plan.inclusions.append(ParsedInclusion(
            month=row.month, municipality=names.get(row.municipality_code) if row.municipality_code else None,
            municipality_code=row.municipality_code, new_inclusions=row.new_inclusions,
            active_citizens=row.active_citizens, dropouts=row.dropouts))
    target_set = session.scalar(select(TargetSet).where(TargetSet.plan_version_id == version.id)
                                .order_by(TargetSet.id.desc()).limit(1))
    if target_set is not None:
        plan.target_group_size = target_set.target_group_size
        plan.targets = [ParsedTarget(p.due_date, p.target_count) for p in target_set.points]
    return plan


def _stored_milestone(stored: Milestone, dependencies: list[MilestoneDependency],
                      components: dict[int, tuple[str, str]]) -> ParsedMilestone:
    milestone = ParsedMilestone(code=stored.code, title=stored.title, category=stored.category,
                                owner=stored.owner, is_key=stored.is_key, status=stored.status,
                                comment=stored.comment, sort_order=stored.sort_order)
    for name in ("baseline", "forecast", "actual"):
        date = getattr(stored, f"{name}_date")
        if date is not None:
            setattr(milestone, name, ParsedDate(date, getattr(stored, f"{name}_precision"),
                                                getattr(stored, f"{name}_text") or ""))
    for dependency in dependencies:
        if dependency.depends_on_code is not None:
            milestone.depends_on.append(dependency.depends_on_code)
            milestone.resolved.append(("milestone", dependency.depends_on_code))
        elif dependency.component_id in components:
            code, name = components[dependency.component_id]
            milestone.depends_on.append(name)
            milestone.resolved.append(("component", code))
    return milestone


def effective_inclusions(session: Session, landsdel_id: int, programme_id: int) -> list[InclusionCount]:
    """Inclusion figures as they stand: for each (municipality, month) the latest submission's figure."""
    query = (select(InclusionCount, PlanVersion.version_no)
             .join(PlanVersion, PlanVersion.id == InclusionCount.plan_version_id)
             .where(InclusionCount.landsdel_id == landsdel_id, InclusionCount.programme_id == programme_id))
    best: dict[tuple[int | None, dt.date], tuple[int, InclusionCount]] = {}
    for row, version_no in session.execute(query):
        key = (row.municipality_code, row.month)
        if key not in best or version_no > best[key][0]:
            best[key] = (version_no, row)
    return sorted((row for _, row in best.values()), key=lambda r: (r.month, r.municipality_code or 0))
