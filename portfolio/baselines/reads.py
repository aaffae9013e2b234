"""What slip is measured against: the approved baseline, else the first submission's.

The "Baseline" a landsdel types in its plan is its own; a region that moves it makes its slip disappear. Here each
milestone of a plan gets its *reference baseline*: the baseline it had in the plan version the steering group approved
(the newest approval in force on the date, portfolio/baselines/service.py), or, before any approval, in the first
submitted version. A milestone added after the reference version is measured against the baseline of the first
version that had it. Slip, tolerance and derived RAG read :func:`measured_baselines`; the milestones page and the
import preview flag a typed baseline that differs from the reference (:func:`baseline_changes`,
:func:`submission_changes`): "baseline ændret uden godkendelse".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from portfolio.baselines import messages as _messages  # noqa: F401 - registers the texts
from portfolio.baselines.models import ApprovedBaseline
from portfolio.i18n import format_date, format_number, t
from portfolio.meetings.models import AgendaItem
from portfolio.models import Landsdel, Milestone, PlanVersion, Programme


@dataclass(frozen=True)
class Reference:
    """What one landsdel's plan for a programme is measured against."""

    landsdel_id: int
    programme_id: int
    version_no: int  # the reference version: the approved one, else the first
    approval_id: int | None = None
    decision: str | None = None  # "MEETING:ITEM"
    approved_on: dt.date | None = None

    def text(self, lang: str) -> str:
        if self.approval_id is None:
            return t("baseline.flag.reference.first", lang, version=self.version_no)
        return t("baseline.flag.reference.approved", lang, date=format_date(self.approved_on, lang, "short"),
                 decision=self.decision, version=self.version_no)


def _approvals(session: Session, pairs: Iterable[tuple[int, int]], as_of: dt.date | None
               ) -> dict[tuple[int, int], tuple[ApprovedBaseline, int]]:
    """Per (landsdel id, programme id): the newest approval in force on the date (any date: None), with the version
    number it approved."""
    wanted = set(pairs)
    if not wanted:
        return {}
    stmt = (select(ApprovedBaseline, PlanVersion.version_no)
            .join(PlanVersion, PlanVersion.id == ApprovedBaseline.plan_version_id)
            .where(or_(*[and_(ApprovedBaseline.landsdel_id == ld, ApprovedBaseline.programme_id == prog)
                         for ld, prog in wanted]))
            .order_by(ApprovedBaseline.approved_on, ApprovedBaseline.id))
    if as_of is not None:
        stmt = stmt.where(ApprovedBaseline.approved_on <= as_of)
    found: dict[tuple[int, int], tuple[ApprovedBaseline, int]] = {}
    for approval, version_no in session.execute(stmt):
        found[(approval.landsdel_id, approval.programme_id)] = (approval, version_no)  # the newest wins
    return found


def _reference(landsdel_id: int, programme_id: int, current_version: int | None,
               approval: tuple[ApprovedBaseline, int] | None) -> Reference:
    if approval is not None and (current_version is None or approval[1] <= current_version):
        row, version_no = approval
        return Reference(landsdel_id, programme_id, version_no, row.id, row.decision, row.approved_on)
    return Reference(landsdel_id, programme_id, 1)


def _first_baselines(session: Session, ranges: Sequence[tuple[int, int, int, int]],
                     codes: Sequence[str] | None = None) -> dict[tuple[int, int, str], tuple[dt.date, int]]:
    """Per (landsdel id, programme id, milestone code): the baseline in the earliest version of the range
    (from version, to version) that states one, and that version's number. With ``codes``, the range's first
    version (the reference) is read alone first: it usually states them all, and only the codes it leaves without
    a baseline are looked for in the later versions (ranking every version's rows cost the overview 2-3 ms)."""
    if not ranges:
        return {}
    if codes is None:
        return _earliest_baselines(session, ranges, None)
    wanted = sorted(set(codes))
    found = _baselines_in(session, [(ld, prog, low) for ld, prog, low, _ in ranges], wanted)
    later = [(ld, prog, low + 1, high) for ld, prog, low, high in ranges if low < high]
    missing = sorted({code for ld, prog, _, _ in later for code in wanted if (ld, prog, code) not in found})
    if missing:  # another landsdel's code may be among them: what a reference states stays
        for key, value in _earliest_baselines(session, later, missing).items():
            found.setdefault(key, value)
    return found


def _baselines_in(session: Session, versions: Sequence[tuple[int, int, int]],
                  codes: Sequence[str]) -> dict[tuple[int, int, str], tuple[dt.date, int]]:
    """The baselines ``codes`` have in the given plan versions (landsdel id, programme id, version number)."""
    rows = session.execute(
        select(PlanVersion.landsdel_id, PlanVersion.programme_id, Milestone.code, Milestone.baseline_date,
               PlanVersion.version_no)
        .join(PlanVersion, PlanVersion.id == Milestone.plan_version_id)
        .where(or_(*[and_(PlanVersion.landsdel_id == ld, PlanVersion.programme_id == prog,
                          PlanVersion.version_no == version) for ld, prog, version in versions]),
               Milestone.baseline_date.is_not(None), Milestone.code.in_(codes)))
    return {(ld, prog, code): (day, version_no) for ld, prog, code, day, version_no in rows}


def _earliest_baselines(session: Session, ranges: Sequence[tuple[int, int, int, int]],
                        codes: Sequence[str] | None) -> dict[tuple[int, int, str], tuple[dt.date, int]]:
    first = func.row_number().over(partition_by=(PlanVersion.landsdel_id, PlanVersion.programme_id, Milestone.code),
                                   order_by=PlanVersion.version_no).label("rank_no")
    inner = (select(PlanVersion.landsdel_id, PlanVersion.programme_id, Milestone.code, Milestone.baseline_date,
                    PlanVersion.version_no, first)
             .join(PlanVersion, PlanVersion.id == Milestone.plan_version_id)
             .where(or_(*[and_(PlanVersion.landsdel_id == ld, PlanVersion.programme_id == prog,
                               PlanVersion.version_no >= low, PlanVersion.version_no <= high)
                          for ld, prog, low, high in ranges]),
                    Milestone.baseline_date.is_not(None)))
    if codes is not None:
        inner = inner.where(Milestone.code.in_(sorted(set(codes))))
    sub = inner.subquery()
    rows = session.execute(select(sub.c.landsdel_id, sub.c.programme_id, sub.c.code, sub.c.baseline_date,
                                  sub.c.version_no).where(sub.c.rank_no == 1))
    return {(ld, prog, code): (day, version_no) for ld, prog, code, day, version_no in rows}


@dataclass(frozen=True)
class _Plan:
    id: int
    landsdel_id: int
    programme_id: int
    version_no: int


def _plans(session: Session, plan_ids: Sequence[int]) -> list[_Plan]:
    if not plan_ids:
        return []
    rows = session.execute(select(PlanVersion.id, PlanVersion.landsdel_id, PlanVersion.programme_id,
                                  PlanVersion.version_no).where(PlanVersion.id.in_(list(plan_ids))))
    return [_Plan(*row) for row in rows]


def references(session: Session, plan_ids: Sequence[int], as_of: dt.date | None) -> dict[int, Reference]:
    """Per plan version: what it is measured against on the date."""
    plans = _plans(session, plan_ids)
    approvals = _approvals(session, {(p.landsdel_id, p.programme_id) for p in plans}, as_of)
    return {p.id: _reference(p.landsdel_id, p.programme_id, p.version_no,
                             approvals.get((p.landsdel_id, p.programme_id))) for p in plans}


def measured_baselines(session: Session, plan_ids: Sequence[int], as_of: dt.date | None,
                       codes: Sequence[str] | None = None) -> dict[tuple[int, str], dt.date]:
    """Per (plan version id, milestone code): the reference baseline slip is measured against on the date. A
    milestone missing here has none before its own plan (measure it against its own baseline). ``codes`` narrows
    the milestones read (the derived RAG reads only the open key milestones)."""
    plans = _plans(session, plan_ids)
    if not plans:
        return {}
    approvals = _approvals(session, {(p.landsdel_id, p.programme_id) for p in plans}, as_of)
    # One query per round in which each landsdel and programme has one plan (the usual call has one round).
    rounds: list[dict[tuple[int, int], tuple[_Plan, Reference]]] = []
    for plan in plans:
        pair = (plan.landsdel_id, plan.programme_id)
        ref = _reference(plan.landsdel_id, plan.programme_id, plan.version_no, approvals.get(pair))
        if ref.version_no >= plan.version_no:  # the plan is its own reference: nothing to look up
            continue
        free = next((r for r in rounds if pair not in r), None)
        if free is None:
            free = {}
            rounds.append(free)
        free[pair] = (plan, ref)
    measured: dict[tuple[int, str], dt.date] = {}
    for chosen in rounds:
        ranges = [(pair[0], pair[1], ref.version_no, plan.version_no) for pair, (plan, ref) in chosen.items()]
        for (ld, prog, code), (day, _) in _first_baselines(session, ranges, codes).items():
            measured[(chosen[(ld, prog)][0].id, code)] = day
    return measured


# --- the flag: "baseline ændret uden godkendelse" ------------------------------------------------------------


@dataclass(frozen=True)
class BaselineChange:
    landsdel_key: str
    landsdel_name: str
    programme: str
    code: str
    title: str
    reference_date: dt.date
    new_date: dt.date | None  # None: the baseline was left out
    reference: Reference
    version_no: int | None  # the plan version that moved it (None: a submission not stored yet)

    @property
    def days(self) -> int | None:
        return (self.new_date - self.reference_date).days if self.new_date else None

    def as_json(self) -> dict[str, Any]:
        return {"landsdel": self.landsdel_key, "programme": self.programme, "milestone": self.code,
                "title": self.title, "approved_baseline": self.reference_date.isoformat(),
                "new_baseline": self.new_date.isoformat() if self.new_date else None, "days": self.days,
                "approved": self.reference.approval_id is not None, "decision": self.reference.decision,
                "reference_version": self.reference.version_no}


def baseline_changes(session: Session, plan_ids: Sequence[int], as_of: dt.date | None) -> list[BaselineChange]:
    """The milestones of the given (stored) plans whose baseline differs from their reference baseline."""
    plans = {p.id: p for p in _plans(session, plan_ids)}
    if not plans:
        return []
    refs = references(session, list(plans), as_of)
    measured = measured_baselines(session, list(plans), as_of)
    names = {ld.id: ld for ld in session.scalars(select(Landsdel))}
    codes = {p.id: p.code for p in session.scalars(select(Programme))}
    rows = session.execute(select(Milestone.plan_version_id, Milestone.code, Milestone.title, Milestone.baseline_date)
                           .where(Milestone.plan_version_id.in_(list(plans)))
                           .order_by(Milestone.plan_version_id, Milestone.sort_order, Milestone.code))
    found = []
    for plan_id, code, title, baseline in rows:
        reference = measured.get((plan_id, code))
        if reference is None or reference == baseline:
            continue
        plan = plans[plan_id]
        landsdel = names[plan.landsdel_id]
        found.append(BaselineChange(landsdel.key, landsdel.name, codes[plan.programme_id], code, title, reference,
                                    baseline, refs[plan_id], plan.version_no))
    order = {ld.key: ld.sort_order for ld in names.values()}
    return sorted(found, key=lambda c: (order.get(c.landsdel_key, 99), c.programme))


def submission_changes(session: Session, landsdel_key: str, programme_code: str,
                       milestones: Iterable[tuple[str, str, dt.date | None]]) -> list[BaselineChange]:
    """A new submission's milestones (code, title, baseline) whose baseline differs from the reference baseline of
    the landsdel's plan: the newest approval, else the first stored version. Nothing to compare before a first
    version is stored."""
    landsdel = session.scalar(select(Landsdel).where(Landsdel.key == landsdel_key))
    programme = session.scalar(select(Programme).where(Programme.code == programme_code))
    if landsdel is None or programme is None:
        return []
    latest = session.scalar(select(func.max(PlanVersion.version_no)).where(
        PlanVersion.landsdel_id == landsdel.id, PlanVersion.programme_id == programme.id))
    if latest is None:
        return []
    approval = _approvals(session, [(landsdel.id, programme.id)], None).get((landsdel.id, programme.id))
    ref = _reference(landsdel.id, programme.id, None, approval)
    found = _first_baselines(session, [(landsdel.id, programme.id, ref.version_no, latest)])
    out = []
    for code, title, baseline in milestones:
        hit = found.get((landsdel.id, programme.id, code))
        if hit is not None and hit[0] != baseline:
            out.append(BaselineChange(landsdel.key, landsdel.name, programme.code, code, title, hit[0], baseline,
                                      ref, None))
    return out


def decision_title(session: Session, meeting_id: int, number: int) -> str:
    return session.scalar(select(AgendaItem.title).where(AgendaItem.meeting_id == meeting_id,
                                                         AgendaItem.number == number,
                                                         AgendaItem.dropped.is_(False))) or ""


@dataclass(frozen=True)
class ApprovalLine:
    landsdel_key: str
    landsdel: str
    programme: str
    plan_version: int
    submitted_on: dt.date
    decision: str
    decision_title: str
    approved_on: dt.date
    recorded_by: str
    note: str

    def as_json(self) -> dict[str, Any]:
        return {"landsdel": self.landsdel_key, "programme": self.programme, "plan_version": self.plan_version,
                "submitted_on": self.submitted_on.isoformat(), "decision": self.decision,
                "decision_title": self.decision_title, "approved_on": self.approved_on.isoformat(),
                "recorded_by": self.recorded_by, "note": self.note}


def approval_lines(session: Session) -> list[ApprovalLine]:
    """Every approval recorded, oldest first."""
    rows = session.execute(
        select(ApprovedBaseline, Landsdel.key, Landsdel.name, Programme.code, PlanVersion.version_no,
               PlanVersion.submitted_on)
        .join(Landsdel, Landsdel.id == ApprovedBaseline.landsdel_id)
        .join(Programme, Programme.id == ApprovedBaseline.programme_id)
        .join(PlanVersion, PlanVersion.id == ApprovedBaseline.plan_version_id)
        .order_by(ApprovedBaseline.approved_on, ApprovedBaseline.id))
    return [ApprovalLine(key, name, code, version_no, submitted, row.decision,
                         decision_title(session, row.decision_meeting_id, row.decision_item), row.approved_on,
                         row.recorded_by, row.note)
            for row, key, name, code, version_no, submitted in rows]


# --- as the pages show them (plain strings; titles from files stay plain text) --------------------------------


def change_rows(changes: Sequence[BaselineChange], lang: str) -> list[dict[str, str]]:
    """One row per milestone: landsdel, ID, title, approved baseline, new baseline, days moved, measured against."""
    def day(value: dt.date | None) -> str:
        return format_date(value, lang, "short") if value else t("baseline.flag.none", lang)

    return [{
        t("baseline.col.landsdel", lang): f"{c.landsdel_name} {c.programme}",
        t("baseline.col.code", lang): c.code,
        t("baseline.col.title", lang): c.title,
        t("baseline.col.approved", lang): day(c.reference_date),
        t("baseline.col.new", lang): day(c.new_date),
        t("baseline.col.days", lang): format_number(c.days, lang) if c.days is not None else "–",
        t("baseline.col.reference", lang): c.reference.text(lang),
    } for c in changes]


def change_table(changes: Sequence[BaselineChange], lang: str) -> Any:
    """:func:`change_rows` as a table for ``st.dataframe`` (pandas is imported only when a page draws one)."""
    import pandas as pd

    return pd.DataFrame(change_rows(changes, lang))
