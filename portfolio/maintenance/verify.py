"""`portfolio verify`: is the store whole? Every finding names what is wrong, so an administrator can act on it.

- the database's own integrity check (SQLite's ``PRAGMA integrity_check``; PostgreSQL checks pages itself),
- every foreign key points at a row that exists (checked in SQL on both databases, for every constraint),
- every plan version is complete: numbered 1..n per landsdel and programme without gaps, with milestones or
  inclusion rows, and as many of each as its import recorded in the audit log,
- every stored file checksum is known: a well-formed SHA-256 that the audit log recorded with the import
  (versions loaded by ``portfolio demo`` / ``generate`` are recorded by that load's event),
- the audit log's hash chain is intact: no event changed, removed or inserted out of order (portfolio/audit.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, MetaData, and_, func, not_, select, text
from sqlalchemy.orm import Session

from portfolio.audit import event_hash
from portfolio.models import TARGET_WIDTH, AuditEvent, InclusionCount, Milestone, PlanVersion
from portfolio.schema import VERSION_TABLE
from portfolio.text import clip

_HEX64 = re.compile(r"[0-9a-f]{64}")
MAX_FINDINGS_PER_CHECK = 20
# Plan versions that arrive without a file, each recorded by one audit event of the load that made them.
_BULK_LOADS = {"demo": "demo.load", "generator": "generate"}


@dataclass(frozen=True)
class Finding:
    check: str  # integrity, foreign_keys, plan_versions, checksums, audit_chain
    key: str  # message key (portfolio/maintenance/messages.py)
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # check -> how many things it looked at

    @property
    def ok(self) -> bool:
        return not self.findings


def verify_store(engine: Engine) -> VerifyReport:
    report = VerifyReport()
    with engine.connect() as connection:
        report.checked["integrity"] = 1
        report.findings += _limited(_integrity(connection))
        constraints, orphans = _foreign_keys(connection)
        report.checked["foreign_keys"] = constraints
        report.findings += _limited(orphans)
    with Session(engine) as session:
        versions, findings = _plan_versions(session)
        report.checked["plan_versions"] = versions
        report.findings += _limited(findings)
        report.checked["checksums"] = versions
        report.findings += _limited(_checksums(session))
        events, findings = _audit_chain(session)
        report.checked["audit_chain"] = events
        report.findings += _limited(findings)
    return report


def _limited(findings: Iterator[Finding] | list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for finding in findings:
        if len(out) == MAX_FINDINGS_PER_CHECK:
            out.append(Finding(finding.check, "svc.verify.more"))
            break
        out.append(finding)
    return out


def _integrity(connection: Connection) -> Iterator[Finding]:
    if connection.dialect.name != "sqlite":
        return
    for (line,) in connection.execute(text("PRAGMA integrity_check")):
        if line != "ok":
            yield Finding("integrity", "svc.verify.integrity", {"detail": clip(str(line), TARGET_WIDTH)})


def _foreign_keys(connection: Connection) -> tuple[int, list[Finding]]:
    metadata = MetaData()
    metadata.reflect(bind=connection)
    constraints, findings = 0, []
    for table in metadata.sorted_tables:
        if table.name == VERSION_TABLE:
            continue
        for constraint in table.foreign_key_constraints:
            constraints += 1
            parent = constraint.referred_table
            pairs = [(element.parent, element.column) for element in constraint.elements]
            child_cols = [child for child, _ in pairs]
            missing = (
                select(func.count()).select_from(table)
                .where(and_(*(c.isnot(None) for c in child_cols)))
                .where(not_(select(1).select_from(parent).where(and_(*(p == c for c, p in pairs))).exists()))
            )
            count = connection.execute(missing).scalar() or 0
            if count:
                findings.append(Finding("foreign_keys", "svc.verify.orphans", {
                    "table": table.name, "columns": ", ".join(c.name for c in child_cols),
                    "parent": parent.name, "count": count}))
    return constraints, findings


def _import_events(session: Session) -> dict[int, AuditEvent]:
    """The plan.import event of each imported plan version, by the version's id."""
    events: dict[int, AuditEvent] = {}
    for event in session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.import")):
        version_id = (event.detail or {}).get("plan_version_id")
        if isinstance(version_id, int):
            events[version_id] = event
    return events


def _plan_versions(session: Session) -> tuple[int, list[Finding]]:
    milestones = dict(session.execute(select(Milestone.plan_version_id, func.count()).group_by(
        Milestone.plan_version_id)).all())
    inclusions = dict(session.execute(select(InclusionCount.plan_version_id, func.count()).group_by(
        InclusionCount.plan_version_id)).all())
    events = _import_events(session)
    rows = session.execute(select(PlanVersion.id, PlanVersion.landsdel_id, PlanVersion.programme_id,
                                  PlanVersion.version_no, PlanVersion.imported_by)
                           .order_by(PlanVersion.landsdel_id, PlanVersion.programme_id, PlanVersion.version_no)).all()
    findings: list[Finding] = []
    expected: dict[tuple[int, int], int] = {}
    for version_id, landsdel_id, programme_id, version_no, _by in rows:
        key = (landsdel_id, programme_id)
        expected[key] = expected.get(key, 0) + 1
        if version_no != expected[key]:
            findings.append(Finding("plan_versions", "svc.verify.version_gap", {
                "id": version_id, "version": version_no, "expected": expected[key]}))
            expected[key] = version_no
        stored = (milestones.get(version_id, 0), inclusions.get(version_id, 0))
        event = events.get(version_id)
        if event is not None:
            recorded = ((event.detail or {}).get("milestones"), (event.detail or {}).get("inclusion_rows"))
            if all(isinstance(n, int) for n in recorded) and recorded != stored:
                findings.append(Finding("plan_versions", "svc.verify.version_incomplete", {
                    "id": version_id, "milestones": stored[0], "inclusion_rows": stored[1],
                    "recorded_milestones": recorded[0], "recorded_inclusion_rows": recorded[1]}))
        elif stored == (0, 0):
            findings.append(Finding("plan_versions", "svc.verify.version_empty", {"id": version_id}))
    return len(rows), findings


def _checksums(session: Session) -> Iterator[Finding]:
    events = _import_events(session)
    loads = {action for (action,) in session.execute(
        select(AuditEvent.action).where(AuditEvent.action.in_(_BULK_LOADS.values())).distinct())}
    for version_id, checksum, imported_by in session.execute(
            select(PlanVersion.id, PlanVersion.checksum, PlanVersion.imported_by).order_by(PlanVersion.id)):
        if not _HEX64.fullmatch(checksum or ""):
            yield Finding("checksums", "svc.verify.checksum_malformed", {"id": version_id})
            continue
        event = events.get(version_id)
        if event is not None:
            if event.checksum != checksum:
                yield Finding("checksums", "svc.verify.checksum_mismatch", {"id": version_id})
        elif _BULK_LOADS.get(imported_by) not in loads:
            yield Finding("checksums", "svc.verify.checksum_unknown", {"id": version_id})


def _audit_chain(session: Session) -> tuple[int, list[Finding]]:
    findings: list[Finding] = []
    previous: str | None = None
    count = 0
    query = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000)
    for event in session.scalars(query):
        count += 1
        if event.hash is None:
            findings.append(Finding("audit_chain", "svc.verify.audit_unchained", {"id": event.id}))
        elif (event.prev_hash or None) != previous:
            findings.append(Finding("audit_chain", "svc.verify.audit_gap", {"id": event.id}))
        elif event_hash(event) != event.hash:
            findings.append(Finding("audit_chain", "svc.verify.audit_changed", {"id": event.id}))
        previous = event.hash
        session.expunge(event)
        if len(findings) > MAX_FINDINGS_PER_CHECK:
            break
    return count, findings
