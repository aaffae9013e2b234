"""Import a landsdel's workbook: read tolerantly, validate strictly, store in one transaction.

``preview`` reads and checks a file and compares it with the current plan, storing nothing;
``import_plan`` does the same and then stores one new plan version (or says "unchanged",
or refuses the file with every problem listed). Pure functions over bytes and an engine.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, authorize, refused
from portfolio.baselines.reads import submission_changes
from portfolio.bulk import bulk_insert
from portfolio.db import read_session, unit_of_work
from portfolio.importing import messages as _messages  # noqa: F401 - registers the texts
from portfolio.importing.dates import ParsedDate
from portfolio.importing.headers import FIELDS_BY_KIND, IGNORE
from portfolio.importing.plan_reader import (
    Mappings,
    ParsedInclusion,
    ParsedMilestone,
    ParsedPlan,
    ParsedTarget,
    read_plan,
)
from portfolio.importing.problems import Problem, column_letter
from portfolio.importing.risk_sheet import check_risks, may_store, read_risk_sheet, store_risks
from portfolio.importing.validate import Reference, validate
from portfolio.importing.workbook import PendingRead, Workbook, WorkbookRefused, open_workbook
from portfolio.models import (
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
from portfolio.names import name_keys
from portfolio.personal_data import find_cpr, mask_cpr, may_hold_cpr

log = logging.getLogger(__name__)

IMPORTED, UNCHANGED, REJECTED, READY = "imported", "unchanged", "rejected", "ready"
DEPENDENCY_KIND = "dependency"  # ImportMapping.sheet_kind of a remembered dependency name -> component code
MAX_CPR_REPORTS = 20
_RETRIES = 6


@dataclass(frozen=True)
class HeaderMapping:
    """A hand-made mapping of an unknown header to a field, for one landsdel."""

    kind: str  # "milestones", "inclusion", "targets"
    header_key: str
    field: str


@dataclass
class MilestoneChange:
    code: str
    title: str
    kind: str  # "new", "removed", "changed"
    # (field, before, after): the values themselves (ParsedDate, MilestoneStatus, bool, str, list of names);
    # portfolio.importing.preview shows them in the user's language
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    days_slipped: int | None = None


@dataclass(frozen=True)
class InclusionChange:
    municipality: str | None  # None: the landsdel as a whole
    month: dt.date
    before: tuple[int, int, int] | None  # (new, active, dropouts) in force now; None: not reported before
    after: tuple[int, int, int] | None  # None: in force now, not in this file (the figure in force stays)


@dataclass
class PlanDiff:
    previous_version: int | None
    new: list[MilestoneChange] = field(default_factory=list)
    removed: list[MilestoneChange] = field(default_factory=list)
    changed: list[MilestoneChange] = field(default_factory=list)
    inclusion: list[InclusionChange] = field(default_factory=list)
    targets: list[tuple[dt.date, int | None, int | None]] = field(default_factory=list)  # (due, before, after)
    plan_fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # target group, reported RAG
    other: bool = False  # the content differs in a way none of the above shows (order, date notation)

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.removed or self.changed or self.inclusion or self.targets or self.plan_fields
                    or self.other)

    @property
    def milestones_unchanged(self) -> bool:
        return not (self.new or self.removed or self.changed)

    @property
    def all(self) -> list[MilestoneChange]:
        return [*self.new, *self.changed, *self.removed]


@dataclass
class ImportResult:
    file: str
    status: str
    checksum: str
    plan: ParsedPlan | None = None
    landsdel_name: str | None = None
    programme: str | None = None
    plan_version: int | None = None
    problems: list[Problem] = field(default_factory=list)
    diff: PlanDiff | None = None
    dry_run: bool = False
    baseline_changes: list[Any] = field(default_factory=list)  # moved without approval (portfolio/baselines)
    risks: Any = None  # the "Risici" sheet as read (importing/risk_sheet.py); stored after the plan
    risk_outcome: Any = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return self.status in (IMPORTED, UNCHANGED, READY)

    def as_json(self, lang: str = "da", *, parsed_milestones: bool = False) -> dict[str, Any]:
        plan = self.plan
        out: dict[str, Any] = {
            "file": self.file,
            "status": IMPORTED if self.status == READY else self.status,
            "landsdel": self.landsdel_name,
            "programme": self.programme,
            "plan_version": self.plan_version,
            "milestones": len(plan.milestones) if plan else 0,
            "inclusion_rows": len(plan.inclusions) if plan else 0,
            "new_inclusions": plan.new_inclusions_total if plan else 0,
            "errors": [p.as_dict(lang) for p in self.errors],
            "warnings": [p.as_dict(lang) for p in self.warnings],
            "checksum": self.checksum,
        }
        if self.diff is not None and self.status in (READY, IMPORTED):
            out["changes"] = diff_as_json(self.diff)
        if self.dry_run:
            out["dry_run"] = True
        if self.baseline_changes:
            out["baseline_changes"] = [change.as_json() for change in self.baseline_changes]
        if self.risks is not None:
            out["risks"] = {"read": len(self.risks.rows), **(self.risk_outcome.as_json() if self.risk_outcome else {})}
        if parsed_milestones:
            out["parsed_milestones"] = [
                {"id": m.code, "title": m.title, "baseline": _iso(m.baseline), "forecast": _iso(m.forecast),
                 "actual": _iso(m.actual), "status": m.status.value if m.status else None}
                for m in (plan.milestones if plan else [])
            ]
        return out


def _iso(value: ParsedDate | None) -> str | None:
    return value.date.isoformat() if value else None


def _plain(value: Any) -> Any:
    if isinstance(value, ParsedDate):
        return value.date.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def diff_as_json(diff: PlanDiff) -> list[dict[str, Any]]:
    """Every change of a preview, machine-readable (``--json``): dates ISO, statuses as codes."""
    out: list[dict[str, Any]] = []
    for m in diff.new + diff.removed:
        out.append({"what": "milestone", "id": m.code, "change": m.kind})
    for m in diff.changed:
        for name, before, after in m.fields:
            out.append({"what": "milestone", "id": m.code, "change": "changed", "field": name,
                        "before": _plain(before), "after": _plain(after), "days_slipped": m.days_slipped})
    for row in diff.inclusion:
        out.append({"what": "inclusion", "municipality": row.municipality, "month": row.month.isoformat()[:7],
                    "change": "added" if row.before is None else "changed",
                    "before": list(row.before) if row.before else None,
                    "after": list(row.after) if row.after else None})
    for due, before, after in diff.targets:
        out.append({"what": "target", "due_date": due.isoformat(), "before": before, "after": after})
    for name, before, after in diff.plan_fields:
        out.append({"what": "plan", "field": name, "before": _plain(before), "after": _plain(after)})
    if diff.other:
        out.append({"what": "plan", "change": "order_or_date_notation"})
    return out


# --- reading ---------------------------------------------------------------------------------------


def scan_personal_data(workbook: Workbook) -> list[Problem]:
    """Every cell that looks like it holds a CPR number; the number itself is only ever shown masked."""
    found: list[Problem] = []
    for sheet in workbook.sheets:
        masked = find_cpr(sheet.name)
        if masked:
            found.append(Problem("import.refused.cpr", {"masked": masked}, sheet=mask_cpr(sheet.name)))
        if not may_hold_cpr(sheet.rows):
            continue
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                masked = find_cpr(value)
                if masked:
                    found.append(Problem("import.refused.cpr", {"masked": masked}, sheet=mask_cpr(sheet.name),
                                         row=r + 1, column=column_letter(c)))
                    if len(found) >= MAX_CPR_REPORTS:
                        return found
    return found


def scan_nul_characters(workbook: Workbook) -> list[Problem]:
    """Every cell (and sheet name) with a NUL character: PostgreSQL cannot store one, so it is refused up front,
    per cell, instead of failing as "the database cannot be reached" when stored."""
    found: list[Problem] = []
    for sheet in workbook.sheets:
        if "\x00" in sheet.name:
            found.append(Problem("import.error.nul", {}, sheet=sheet.name.replace("\x00", "")))
        texts = [value for row in sheet.rows for value in row if value.__class__ is str]
        if "\x00" not in "".join(texts):
            continue
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and "\x00" in value:
                    found.append(Problem("import.error.nul", {}, sheet=sheet.name.replace("\x00", ""), row=r + 1,
                                         column=column_letter(c)))
                    if len(found) >= MAX_CPR_REPORTS:
                        return found
    return found


def is_annex(workbook: Workbook) -> bool:
    """The styled meeting annex (``snapshot export --format xlsx``): a report, whose first sheet says so."""
    from portfolio.i18n import t
    from portfolio.snapshots import messages as _snapshot_messages  # noqa: F401 - the annex's own texts

    if not workbook.sheets:
        return False
    marks = {t(key, lang) for key in ("snapshot.export.title", "snapshot.export.report_note") for lang in ("da", "en")}
    first = workbook.sheets[0]
    cells = {v.strip() for row in first.rows[:12] for v in row[:3] if isinstance(v, str)}
    return len(marks & cells) >= 2


def _stored_mappings(session: Session, landsdel_key: str | None) -> Mappings:
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


def _merge(stored: Mappings, given: list[HeaderMapping]) -> Mappings:
    out = {kind: dict(values) for kind, values in stored.items()}
    for mapping in given:
        out.setdefault(mapping.kind, {})[mapping.header_key] = mapping.field
    return out


def _check_mappings(given: list[HeaderMapping]) -> list[Problem]:
    return [Problem("import.error.bad_mapping", {"field": m.field}) for m in given
            if m.kind not in FIELDS_BY_KIND or (m.field != IGNORE and m.field not in FIELDS_BY_KIND[m.kind])]


def _read_and_check(session: Session, workbook: Workbook, file_name: str, *, landsdel: str | None,
                    programme: str | None, mappings: list[HeaderMapping], today: dt.date | None,
                    dependencies: dict[str, str] | None = None) -> ParsedPlan:
    ref = Reference.from_store(session, today=today)
    plan = read_plan(workbook, file_name, _merge({}, mappings))
    validate(plan, ref, file_name, landsdel=landsdel, programme=programme, dependency_map=dependencies)
    stored = _stored_mappings(session, plan.landsdel)
    if stored:  # read again with the landsdel's own headers and dependency names
        remembered = {**stored.pop(DEPENDENCY_KIND, {}), **(dependencies or {})}
        plan = read_plan(workbook, file_name, _merge(stored, mappings))
        validate(plan, ref, file_name, landsdel=landsdel, programme=programme, dependency_map=remembered)
    plan.problems[:0] = _check_mappings(mappings)
    return plan


def _ids(session: Session, plan: ParsedPlan) -> tuple[Landsdel, Programme]:
    landsdel = session.scalar(select(Landsdel).where(Landsdel.key == plan.landsdel))
    programme = session.scalar(select(Programme).where(Programme.code == plan.programme))
    if landsdel is None or programme is None:  # reference data missing: the store is not initialised
        raise LookupError("reference data missing")
    return landsdel, programme


def _latest(session: Session, landsdel_id: int, programme_id: int) -> PlanVersion | None:
    return session.scalar(
        select(PlanVersion)
        .where(PlanVersion.landsdel_id == landsdel_id, PlanVersion.programme_id == programme_id)
        .order_by(PlanVersion.version_no.desc())
        .limit(1)
    )


def preview(engine: Engine, data: bytes, file_name: str, *, landsdel: str | None = None,
            programme: str | None = None, mappings: list[HeaderMapping] | None = None,
            today: dt.date | None = None, reading: PendingRead | None = None,
            dependencies: dict[str, str] | None = None) -> ImportResult:
    """Read, check and compare with the current plan. Stores nothing. Status: ready | unchanged | rejected.
    ``reading``: a read of ``data`` started earlier with ``start_reading``, to collect instead of reading."""
    if reading is not None and reading.data is not data:
        raise ValueError("the read under way is of other bytes")
    file_name = mask_cpr(file_name)  # a file's name is kept (plan version, audit, messages): masked, not refused
    checksum = audit.sha256(data)
    result = ImportResult(file=file_name, status=REJECTED, checksum=checksum)
    try:
        workbook = reading.result() if reading is not None else open_workbook(data)
    except WorkbookRefused as refused:
        result.problems = [Problem(refused.key, dict(refused.values))]
        return result
    cpr = scan_personal_data(workbook)
    if cpr:
        result.problems = cpr  # nothing else is read from a file with personal data in it
        return result
    if is_annex(workbook):
        result.problems = [Problem("import.refused.annex", {}, sheet=workbook.sheets[0].name)]
        return result
    nul = scan_nul_characters(workbook)
    if nul:
        result.problems = nul
        return result
    with read_session(engine) as session:
        plan = _read_and_check(session, workbook, file_name, landsdel=landsdel, programme=programme,
                               mappings=mappings or [], today=today, dependencies=dependencies)
        result.risks = read_risk_sheet(workbook)  # risks sent along: the "Risici" sheet, checked by the risk service
        if result.risks is not None:
            plan.problems += check_risks(session, result.risks)
        result.plan, result.problems = plan, list(plan.problems)
        if plan.landsdel and plan.programme:
            ld, prog = _ids(session, plan)
            result.landsdel_name, result.programme = ld.name, prog.code
            if plan.errors:
                return result
            latest = _latest(session, ld.id, prog.id)
            previous = plan_from_store(session, latest.id) if latest else None
            names = dict(session.execute(select(Municipality.code, Municipality.name)).all())
            in_force = [ParsedInclusion(month=r.month, municipality=names.get(r.municipality_code),
                                        municipality_code=r.municipality_code, new_inclusions=r.new_inclusions,
                                        active_citizens=r.active_citizens, dropouts=r.dropouts)
                        for r in effective_inclusions(session, ld.id, prog.id)]
            result.diff = diff_plans(previous, plan, latest.version_no if latest else None, in_force)
            result.baseline_changes = submission_changes(session, plan.landsdel, plan.programme, [
                (m.code, m.title, m.baseline.date if m.baseline else None) for m in plan.milestones])
            if latest is not None and (latest.checksum == checksum or content_key(previous) == content_key(plan)):
                result.status, result.plan_version = UNCHANGED, latest.version_no
                if result.risks is not None and result.risks.changes:  # the plan is the same, its risks are not
                    result.status = READY
            else:
                result.status, result.plan_version = READY, (latest.version_no + 1 if latest else 1)
    return result


def import_plan(engine: Engine, data: bytes, file_name: str, *, actor: str, landsdel: str | None = None,
                programme: str | None = None, dry_run: bool = False, lang: str = "da",
                mappings: list[HeaderMapping] | None = None, today: dt.date | None = None,
                reading: PendingRead | None = None, dependencies: dict[str, str] | None = None) -> ImportResult:
    """Check and store one workbook as a new plan version (one transaction), or refuse it whole.
    ``dependencies``: dependency texts the user mapped to component codes (remembered for the landsdel)."""
    del lang  # messages are rendered by the caller, in its language
    mappings = mappings or []
    dependencies = dependencies or {}
    file_name = mask_cpr(file_name)
    result = preview(engine, data, file_name, landsdel=landsdel, programme=programme, mappings=mappings,
                     today=today, reading=reading, dependencies=dependencies)
    result.dry_run = dry_run
    if result.status != REJECTED and result.plan is not None:
        denied = refused(engine, actor, Action.IMPORT_PLAN, landsdel_key=result.plan.landsdel,
                         target=f"{result.landsdel_name}/{result.programme}", file_name=file_name[:300],
                         checksum=result.checksum)
        if denied is not None:  # audited by refused(); nothing is stored
            result.status = REJECTED
            result.problems.insert(0, Problem("auth.refused", denied.bilingual()))
            return result
    if dry_run:
        return result
    if result.status == REJECTED:
        _audit_rejection(engine, result, actor)
        return result
    if result.risks is not None and result.risks.rows and (denied := may_store(engine, result.risks, actor)):
        result.status = REJECTED  # a risk the account may not write: nothing is stored
        result.problems.insert(0, Problem("auth.refused", denied.bilingual()))
        return result
    if result.status == UNCHANGED:
        _store_risks(engine, result, actor)
        return result
    assert result.plan is not None
    for attempt in range(_RETRIES):
        try:
            with unit_of_work(engine) as session:
                version = _store(session, result.plan, data, file_name, actor,
                                 [*mappings, *_dependency_mappings(result.plan, dependencies)])
            if version is None:
                with read_session(engine) as session:
                    ld, prog = _ids(session, result.plan)
                    latest = _latest(session, ld.id, prog.id)
                result.status, result.plan_version = UNCHANGED, latest.version_no if latest else None
            else:
                result.status, result.plan_version = IMPORTED, version
            _store_risks(engine, result, actor)
            return result
        except (IntegrityError, OperationalError) as error:
            if isinstance(error, OperationalError) and "locked" not in str(error).lower() \
                    and "deadlock" not in str(error).lower() and "could not serialize" not in str(error).lower():
                raise
            if attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (2 ** attempt) * (0.5 + random.random()))  # noqa: S311 - jitter, not crypto
    return result  # pragma: no cover


def _store_risks(engine: Engine, result: ImportResult, actor: str) -> None:
    if result.risks is not None and result.risks.rows and result.plan is not None:
        result.risk_outcome = store_risks(engine, result.risks, actor=actor, raised_on=result.plan.submitted_on,
                                          file_name=result.file)


def _dependency_mappings(plan: ParsedPlan, dependencies: dict[str, str]) -> list[HeaderMapping]:
    """The user's dependency choices, as remembered per landsdel: the text's key -> the component's code."""
    keys = {name_keys(text)[0] for text in dependencies if name_keys(text)}
    return [HeaderMapping(DEPENDENCY_KIND, key[:200], code) for key, code in plan.dependency_map.items() if key in keys]


def _audit_rejection(engine: Engine, result: ImportResult, actor: str) -> None:
    target = f"{result.landsdel_name}/{result.programme}" if result.landsdel_name and result.programme else ""
    # The detail names the kinds of problems, never cell contents: no CPR number reaches the log.
    detail = {"errors": len(result.errors), "kinds": sorted({p.key for p in result.errors})[:20]}
    try:
        with unit_of_work(engine) as session:
            audit.record(session, actor=actor, action="plan.import.rejected", target=target,
                         file_name=result.file[:300], checksum=result.checksum, detail=detail)
    except (OperationalError, IntegrityError):
        log.warning("could not audit a refused import of %s", result.checksum)


def _store(session: Session, plan: ParsedPlan, data: bytes, file_name: str, actor: str,
           mappings: list[HeaderMapping]) -> int | None:
    landsdel, programme = _ids(session, plan)
    checksum = audit.sha256(data)
    latest = _latest(session, landsdel.id, programme.id)
    if latest is not None and (latest.checksum == checksum
                               or content_key(plan_from_store(session, latest.id)) == content_key(plan)):
        return None  # someone imported the same plan a moment ago
    version_no = (latest.version_no if latest else 0) + 1
    version = PlanVersion(
        landsdel_id=landsdel.id, programme_id=programme.id, version_no=version_no,
        submitted_on=plan.submitted_on or dt.date.today(), source_file=file_name[:300], checksum=checksum,
        imported_by=actor[:80], reported_rag=plan.reported_rag,
    )
    session.add(version)
    session.flush()  # a concurrent import with the same number fails here (unique constraint)
    _insert_rows(session, version, plan)
    if plan.targets and plan.target_group_size is not None:
        target_set = TargetSet(landsdel_id=landsdel.id, programme_id=programme.id,
                               target_group_size=plan.target_group_size, effective_from=version.submitted_on,
                               plan_version_id=version.id, source=file_name[:300], recorded_by=actor[:80])
        target_set.points = [TargetPoint(due_date=t.due_date, target_count=t.target_count) for t in plan.targets]
        session.add(target_set)
    for mapping in mappings:
        existing = session.scalar(select(ImportMapping).where(
            ImportMapping.landsdel_id == landsdel.id, ImportMapping.sheet_kind == mapping.kind,
            ImportMapping.header_key == mapping.header_key))
        if existing is None:
            session.add(ImportMapping(landsdel_id=landsdel.id, sheet_kind=mapping.kind,
                                      header_key=mapping.header_key, field=mapping.field, created_by=actor[:80]))
        elif existing.field != mapping.field:
            existing.field = mapping.field
            existing.created_by = actor[:80]
    audit.record(session, actor=actor, action="plan.import",
                 target=f"{landsdel.name}/{programme.code} v{version_no}", file_name=file_name[:300],
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


def save_mappings(engine: Engine, landsdel_key: str, mappings: list[HeaderMapping], *, actor: str) -> None:
    """Remember a landsdel's own headers without importing a file. Raises PermissionDenied for other landsdele."""
    with unit_of_work(engine) as session:
        authorize(session, actor, Action.IMPORT_PLAN, landsdel_key=landsdel_key)
        landsdel = session.scalar(select(Landsdel).where(Landsdel.key == landsdel_key))
        if landsdel is None:
            raise LookupError(landsdel_key)
        for mapping in mappings:
            existing = session.scalar(select(ImportMapping).where(
                ImportMapping.landsdel_id == landsdel.id, ImportMapping.sheet_kind == mapping.kind,
                ImportMapping.header_key == mapping.header_key))
            if existing is None:
                session.add(ImportMapping(landsdel_id=landsdel.id, sheet_kind=mapping.kind,
                                          header_key=mapping.header_key, field=mapping.field, created_by=actor))
            else:
                existing.field = mapping.field
        audit.record(session, actor=actor, action="import.mapping", target=landsdel.name,
                     detail={"headers": [m.header_key for m in mappings][:50]})


def known_components(engine: Engine) -> list[tuple[str, str]]:
    """(code, name) of every FUT component a dependency may be mapped to, in the board's order."""
    with read_session(engine) as session:
        return [(code, name) for code, name in session.execute(
            select(Component.code, Component.name).order_by(Component.sort_order, Component.code))]


# --- the stored plan, comparisons -------------------------------------------------------------------------


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
        milestone = ParsedMilestone(code=stored.code, title=stored.title, category=stored.category,
                                    owner=stored.owner, is_key=stored.is_key, status=stored.status,
                                    comment=stored.comment, sort_order=stored.sort_order)
        for name in ("baseline", "forecast", "actual"):
            date = getattr(stored, f"{name}_date")
            if date is not None:
                setattr(milestone, name, ParsedDate(date, getattr(stored, f"{name}_precision"),
                                                    getattr(stored, f"{name}_text") or ""))
        for dependency in dependencies.get(stored.id, []):  # one query for all, not one per milestone
            if dependency.depends_on_code is not None:
                milestone.depends_on.append(dependency.depends_on_code)
                milestone.resolved.append(("milestone", dependency.depends_on_code))
            elif dependency.component_id in components:
                code, name = components[dependency.component_id]
                milestone.depends_on.append(name)
                milestone.resolved.append(("component", code))
        plan.milestones.append(milestone)
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


def _date_key(value: ParsedDate | None) -> tuple[str, str, str] | None:
    if value is None:
        return None
    return (value.date.isoformat(), str(value.precision), value.text)


def content_key(plan: ParsedPlan | None) -> Any:
    """What a plan says, in a comparable form: same key = same content (file metadata aside)."""
    if plan is None:
        return None
    return (
        str(plan.reported_rag) if plan.reported_rag else None,
        plan.target_group_size,
        tuple((m.code, m.title, m.category, m.owner, bool(m.is_key), _date_key(m.baseline), _date_key(m.forecast),
               _date_key(m.actual), str(m.status) if m.status else None, tuple(sorted(set(m.resolved))), m.comment)
              for m in plan.milestones),
        tuple(sorted((r.municipality_code or 0, r.month.isoformat(), r.new_inclusions, r.active_citizens,
                      r.dropouts) for r in plan.inclusions)),
        tuple(sorted((t.due_date.isoformat(), t.target_count) for t in plan.targets)),
    )


def _when(m: ParsedMilestone) -> dt.date | None:
    chosen = m.actual or m.forecast or m.baseline
    return chosen.date if chosen else None


_COMPARED = ("title", "category", "owner", "is_key", "baseline", "forecast", "actual", "status", "depends_on",
             "comment")


def _value(m: ParsedMilestone, name: str) -> Any:
    if name == "depends_on":  # what the dependencies resolve to, not how they were written
        return sorted(f"{kind}:{code}" for kind, code in set(m.resolved)) or None
    if name == "is_key":
        return bool(m.is_key)
    return getattr(m, name)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, ParsedDate) or isinstance(b, ParsedDate):
        return (a.date, a.precision) == (b.date, b.precision) if a is not None and b is not None else a is b
    return (a or None) == (b or None)


def diff_plans(previous: ParsedPlan | None, current: ParsedPlan, previous_version: int | None = None,
               in_force: list[ParsedInclusion] | None = None) -> PlanDiff:
    """Every change the file makes against the current plan: milestones (new, removed, and each changed field with
    how many days it slipped), inclusion figures against those in force, targets, target group, reported RAG.
    ``in_force``: the inclusion figures in force now (defaults to the previous plan's own rows)."""
    diff = PlanDiff(previous_version=previous_version)
    before = {m.code: m for m in previous.milestones} if previous else {}
    after = {m.code: m for m in current.milestones if m.code}
    for code, m in after.items():
        if code not in before:
            diff.new.append(MilestoneChange(code, m.title, "new"))
            continue
        old = before[code]
        fields = [(name, _value(old, name), _value(m, name)) for name in _COMPARED
                  if not _same(_value(old, name), _value(m, name))]
        if fields:
            was, now = _when(old), _when(m)
            slipped = (now - was).days if was and now and now != was else None
            diff.changed.append(MilestoneChange(code, m.title, "changed", fields, slipped))
    for code, m in before.items():
        if code not in after:
            diff.removed.append(MilestoneChange(code, m.title, "removed"))
    _diff_inclusion(diff, in_force if in_force is not None else (previous.inclusions if previous else []),
                    current.inclusions)
    old_targets = {t.due_date: t.target_count for t in previous.targets} if previous else {}
    new_targets = {t.due_date: t.target_count for t in current.targets}
    if current.targets:  # a file without targets leaves those in force
        diff.targets = [(due, old_targets.get(due), new_targets.get(due))
                        for due in sorted(old_targets.keys() | new_targets.keys())
                        if old_targets.get(due) != new_targets.get(due)]
        old_group = previous.target_group_size if previous else None
        if current.target_group_size != old_group:
            diff.plan_fields.append(("target_group_size", old_group, current.target_group_size))
    old_rag = previous.reported_rag if previous else None
    if previous is not None and current.reported_rag != old_rag:
        diff.plan_fields.append(("reported_rag", old_rag, current.reported_rag))
    if previous is not None and diff.is_empty and content_key(previous) != content_key(current):
        diff.other = True
    return diff


def _counts(row: ParsedInclusion) -> tuple[int, int, int]:
    return (row.new_inclusions, row.active_citizens, row.dropouts)


def _diff_inclusion(diff: PlanDiff, in_force: list[ParsedInclusion], rows: list[ParsedInclusion]) -> None:
    old = {(r.municipality_code, r.month): r for r in in_force}
    for row in sorted(rows, key=lambda r: (r.month, r.municipality_code or 0)):
        was = old.get((row.municipality_code, row.month))
        if was is None or _counts(was) != _counts(row):
            diff.inclusion.append(InclusionChange(row.municipality, row.month,
                                                  _counts(was) if was is not None else None, _counts(row)))


def effective_inclusions(session: Session, landsdel_id: int, programme_id: int,
                         as_of: dt.date | None = None) -> list[InclusionCount]:
    """Inclusion figures as they stand: for each (municipality, month) the latest submission's figure."""
    query = (select(InclusionCount, PlanVersion.version_no)
             .join(PlanVersion, PlanVersion.id == InclusionCount.plan_version_id)
             .where(InclusionCount.landsdel_id == landsdel_id, InclusionCount.programme_id == programme_id))
    if as_of is not None:
        query = query.where(PlanVersion.submitted_on <= as_of)
    best: dict[tuple[int | None, dt.date], tuple[int, InclusionCount]] = {}
    for row, version_no in session.execute(query):
        key = (row.municipality_code, row.month)
        if key not in best or version_no > best[key][0]:
            best[key] = (version_no, row)
    return sorted((row for _, row in best.values()), key=lambda r: (r.month, r.municipality_code or 0))
