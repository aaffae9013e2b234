"""Import a landsdel's workbook: read tolerantly, validate strictly, store in one transaction.

``preview`` reads and checks a file and compares it with the current plan (``diff``), storing nothing;
``import_plan`` does the same and then stores one new plan version (``store``; or says "unchanged",
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
from portfolio.auth.permissions import Action, refused
from portfolio.baselines.reads import submission_changes
from portfolio.db import read_session, unit_of_work
from portfolio.importing import messages as _messages  # noqa: F401 - registers the texts
from portfolio.importing import store
from portfolio.importing.dates import ParsedDate
from portfolio.importing.diff import PlanDiff, content_key, diff_as_json, diff_plans
from portfolio.importing.headers import FIELDS_BY_KIND, IGNORE, KEY_WIDTH
from portfolio.importing.parsed import Mappings, ParsedInclusion, ParsedPlan
from portfolio.importing.plan_reader import read_plan
from portfolio.importing.problems import Problem, column_letter
from portfolio.importing.risk_sheet import check_risks, may_store, read_risk_sheet, store_risks
from portfolio.importing.store import DEPENDENCY_KIND, HeaderMapping
from portfolio.importing.validate import Reference, validate
from portfolio.importing.workbook import PendingRead, Workbook, WorkbookRefused, open_workbook
from portfolio.models import Component, Municipality
from portfolio.names import name_keys
from portfolio.outcome import IMPORTED, READY, REJECTED, UNCHANGED, Outcome
from portfolio.personal_data import find_cpr, mask_cpr, may_hold_cpr
from portfolio.text import clip

log = logging.getLogger(__name__)

MAX_CPR_REPORTS = 20
_RETRIES = 6
FILE_WIDTH = store.FILE_WIDTH


@dataclass
class ImportResult:
    file: str
    status: Outcome
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
    validate(plan, ref, landsdel=landsdel, programme=programme, dependency_map=dependencies)
    stored = store.stored_mappings(session, plan.landsdel)
    if stored:  # read again with the landsdel's own headers and dependency names
        remembered = {**stored.pop(DEPENDENCY_KIND, {}), **(dependencies or {})}
        plan = read_plan(workbook, file_name, _merge(stored, mappings))
        validate(plan, ref, landsdel=landsdel, programme=programme, dependency_map=remembered)
    plan.problems[:0] = _check_mappings(mappings)
    return plan


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
            _compare_with_store(session, plan, result)
    return result


def _compare_with_store(session: Session, plan: ParsedPlan, result: ImportResult) -> None:
    """The checked plan against the landsdel's current one: the diff, the baselines moved without approval, and
    whether it is ready or unchanged (a plan that is the same may still bring changed risks)."""
    ld, prog = store.plan_ids(session, plan)
    result.landsdel_name, result.programme = ld.name, prog.code
    if plan.errors:
        return
    latest = store.latest_version(session, ld.id, prog.id)
    previous = store.plan_from_store(session, latest.id) if latest else None
    names = dict(session.execute(select(Municipality.code, Municipality.name)).all())
    in_force = [ParsedInclusion(month=r.month, municipality=names.get(r.municipality_code),
                                municipality_code=r.municipality_code, new_inclusions=r.new_inclusions,
                                active_citizens=r.active_citizens, dropouts=r.dropouts)
                for r in store.effective_inclusions(session, ld.id, prog.id)]
    result.diff = diff_plans(previous, plan, latest.version_no if latest else None, in_force)
    result.baseline_changes = submission_changes(session, plan.landsdel, plan.programme, [
        (m.code, m.title, m.baseline.date if m.baseline else None) for m in plan.milestones])
    if latest is not None and (latest.checksum == result.checksum or content_key(previous) == content_key(plan)):
        result.status, result.plan_version = UNCHANGED, latest.version_no
        if result.risks is not None and result.risks.changes:  # the plan is the same, its risks are not
            result.status = READY
    else:
        result.status, result.plan_version = READY, (latest.version_no + 1 if latest else 1)


def import_plan(engine: Engine, data: bytes, file_name: str, *, actor: str, landsdel: str | None = None,
                programme: str | None = None, dry_run: bool = False,
                mappings: list[HeaderMapping] | None = None, today: dt.date | None = None,
                reading: PendingRead | None = None, dependencies: dict[str, str] | None = None) -> ImportResult:
    """Check and store one workbook as a new plan version (one transaction), or refuse it whole.
    ``dependencies``: dependency texts the user mapped to component codes (remembered for the landsdel)."""
    mappings = mappings or []
    dependencies = dependencies or {}
    file_name = mask_cpr(file_name)
    result = preview(engine, data, file_name, landsdel=landsdel, programme=programme, mappings=mappings,
                     today=today, reading=reading, dependencies=dependencies)
    result.dry_run = dry_run
    if _refused_to(engine, actor, result, file_name) or dry_run:
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
    _store_with_retries(engine, result, data, file_name, actor,
                        [*mappings, *_dependency_mappings(result.plan, dependencies)])
    return result


def _refused_to(engine: Engine, actor: str, result: ImportResult, file_name: str) -> bool:
    """True, with the result turned into a refusal, when the actor may not import this landsdel's plan (audited by
    ``refused()``; nothing is stored)."""
    if result.status == REJECTED or result.plan is None:
        return False
    denied = refused(engine, actor, Action.IMPORT_PLAN, landsdel_key=result.plan.landsdel,
                     target=f"{result.landsdel_name}/{result.programme}", file_name=clip(file_name, FILE_WIDTH),
                     checksum=result.checksum)
    if denied is None:
        return False
    result.status = REJECTED
    result.problems.insert(0, Problem("auth.refused", denied.bilingual()))
    return True


def _may_retry(error: IntegrityError | OperationalError) -> bool:
    """A clash with a concurrent import (same version number, a lock, a deadlock): worth another try."""
    if isinstance(error, IntegrityError):
        return True
    text = str(error).lower()
    return "locked" in text or "deadlock" in text or "could not serialize" in text


def _store_with_retries(engine: Engine, result: ImportResult, data: bytes, file_name: str, actor: str,
                        mappings: list[HeaderMapping]) -> None:
    """Store the checked plan in one transaction; a concurrent import is waited out with backoff and jitter."""
    assert result.plan is not None
    for attempt in range(_RETRIES):
        try:
            with unit_of_work(engine) as session:
                version = store.store_plan(session, result.plan, data, file_name, actor, mappings)
            if version is None:
                with read_session(engine) as session:
                    ld, prog = store.plan_ids(session, result.plan)
                    latest = store.latest_version(session, ld.id, prog.id)
                result.status, result.plan_version = UNCHANGED, latest.version_no if latest else None
            else:
                result.status, result.plan_version = IMPORTED, version
            _store_risks(engine, result, actor)
            return
        except (IntegrityError, OperationalError) as error:
            if not _may_retry(error) or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (2 ** attempt) * (0.5 + random.random()))  # noqa: S311 - jitter, not crypto


def _store_risks(engine: Engine, result: ImportResult, actor: str) -> None:
    if result.risks is not None and result.risks.rows and result.plan is not None:
        result.risk_outcome = store_risks(engine, result.risks, actor=actor, raised_on=result.plan.submitted_on,
                                          file_name=result.file)


def _dependency_mappings(plan: ParsedPlan, dependencies: dict[str, str]) -> list[HeaderMapping]:
    """The user's dependency choices, as remembered per landsdel: the text's key -> the component's code."""
    keys = {name_keys(text)[0] for text in dependencies if name_keys(text)}
    return [HeaderMapping(DEPENDENCY_KIND, clip(key, KEY_WIDTH), code)
            for key, code in plan.dependency_map.items() if key in keys]


def _audit_rejection(engine: Engine, result: ImportResult, actor: str) -> None:
    target = f"{result.landsdel_name}/{result.programme}" if result.landsdel_name and result.programme else ""
    # The detail names the kinds of problems, never cell contents: no CPR number reaches the log.
    detail = {"errors": len(result.errors), "kinds": sorted({p.key for p in result.errors})[:20]}
    try:
        with unit_of_work(engine) as session:
            audit.record(session, actor=actor, action="plan.import.rejected", target=target,
                         file_name=clip(result.file, FILE_WIDTH), checksum=result.checksum, detail=detail)
    except (OperationalError, IntegrityError):
        log.warning("could not audit a refused import of %s", result.checksum)


def known_components(engine: Engine) -> list[tuple[str, str]]:
    """(code, name) of every FUT component a dependency may be mapped to, in the board's order."""
    with read_session(engine) as session:
        return [(code, name) for code, name in session.execute(
            select(Component.code, Component.name).order_by(Component.sort_order, Component.code))]
