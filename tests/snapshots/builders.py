"""Small hand-made stores for the snapshot tests: plans, inclusion, targets and FUT rows written directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from portfolio import audit
from portfolio.db import read_session, unit_of_work
from portfolio.domain import ComponentKind, DatePrecision, MilestoneStatus, Phase, Rag
from portfolio.models import (
    Component,
    ComponentStatus,
    InclusionCount,
    Landsdel,
    Milestone,
    MilestoneDependency,
    PlanVersion,
    Programme,
    TargetPoint,
    TargetSet,
)

D = dt.date


@dataclass
class M:
    """A milestone as a test writes it: code, title, baseline, forecast, actual, status, dependencies."""

    code: str
    title: str
    baseline: dt.date | None = None
    forecast: dt.date | None = None
    actual: dt.date | None = None
    status: MilestoneStatus | None = None
    depends_on: list[str] = field(default_factory=list)  # milestone codes or component codes


def add_component(engine: Engine, code: str = "KL_GATEWAY", name: str = "KL Gateway") -> None:
    """A component (the FUT catalogue's are there already, from `portfolio init`)."""
    with unit_of_work(engine) as session:
        if session.scalar(select(Component.id).where(Component.code == code)) is None:
            session.add(Component(code=code, name=name, kind=ComponentKind.GATEWAY, description="", sort_order=0))
        audit.record(session, actor="test", action="test.component", target=code)


def add_status(engine: Engine, code: str, day: dt.date, phase: Phase, rag: Rag,
               production: dt.date | None = None) -> None:
    with unit_of_work(engine) as session:
        component = session.scalar(select(Component).where(Component.code == code))
        session.add(ComponentStatus(component=component, status_date=day, phase=phase, rag=rag, note=f"{phase} {rag}",
                                    production_forecast=production, source="test",
                                    content_hash=audit.sha256(f"{code}{day}{phase}{rag}".encode()),
                                    recorded_by="test"))
        audit.record(session, actor="test", action="test.status", target=code)


def add_plan(engine: Engine, *, landsdel: str = "nord", programme: str = "KOL", submitted: dt.date,
             milestones: list[M], rag: Rag | None = Rag.GREEN,
             inclusion: list[tuple[dt.date, int | None, int, int, int]] = (),  # type: ignore[assignment]
             targets: tuple[int, list[tuple[dt.date, int]]] | None = None) -> int:
    """Store one plan version (the next number); returns its id."""
    with unit_of_work(engine) as session:
        ld = session.scalar(select(Landsdel).where(Landsdel.key == landsdel))
        prog = session.scalar(select(Programme).where(Programme.code == programme))
        components = {c.code: c for c in session.scalars(select(Component))}
        number = len(session.scalars(select(PlanVersion.id).where(PlanVersion.landsdel_id == ld.id,
                                                                  PlanVersion.programme_id == prog.id)).all()) + 1
        version = PlanVersion(landsdel=ld, programme=prog, version_no=number, submitted_on=submitted,
                              source_file=f"{landsdel}-{programme}-{number}.xlsx",
                              checksum=audit.sha256(f"{landsdel}{programme}{number}".encode()), imported_by="test",
                              reported_rag=rag)
        for order, m in enumerate(milestones):
            row = Milestone(code=m.code, title=m.title, sort_order=order, status=m.status, comment="")
            for name in ("baseline", "forecast", "actual"):
                value = getattr(m, name)
                setattr(row, f"{name}_date", value)
                setattr(row, f"{name}_precision", DatePrecision.DAY if value else None)
            for target in m.depends_on:
                if target in components:
                    row.dependencies.append(MilestoneDependency(component=components[target]))
                else:
                    row.dependencies.append(MilestoneDependency(depends_on_code=target))
            version.milestones.append(row)
        session.add(version)
        session.flush()
        for month, municipality, new, active, dropouts in inclusion:
            session.add(InclusionCount(plan_version_id=version.id, landsdel_id=ld.id, programme_id=prog.id,
                                       municipality_code=municipality, month=month, new_inclusions=new,
                                       active_citizens=active, dropouts=dropouts))
        if targets:
            size, points = targets
            target_set = TargetSet(landsdel_id=ld.id, programme_id=prog.id, target_group_size=size,
                                   effective_from=submitted, plan_version_id=version.id, source="test",
                                   recorded_by="test")
            target_set.points = [TargetPoint(due_date=d, target_count=c) for d, c in points]
            session.add(target_set)
        audit.record(session, actor="test", action="plan.import", target=f"{landsdel}/{programme} v{number}")
        return version.id


def count_audit(engine: Engine, action: str) -> int:
    from portfolio.models import AuditEvent

    with read_session(engine) as session:
        return len(session.scalars(select(AuditEvent.id).where(AuditEvent.action == action)).all())
