"""The one write of the approved baselines: record that a meeting decision approved a plan version's baseline.

When the steering group decides "new plan" for a landsdel and programme (one of the three tracks of a tolerance
breach), the baseline of that plan version becomes the approved baseline: slip, tolerance and derived RAG are measured
against it from the meeting's date on (portfolio/baselines/reads.py). The decision is a meeting and an agenda item of
the meeting register, resolved as `risk close --decision` resolves it; it must have approved the plan.

Who may: the secretariat (``Action.MANAGE_MEETINGS``, admins), as for the decisions themselves. Authorised, checked,
stored and audited in one unit of work; bad input raises :class:`BaselineRefused` before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, refused
from portfolio.baselines import messages as _messages  # noqa: F401 - registers the texts
from portfolio.baselines.errors import BaselineRefused
from portfolio.baselines.models import ApprovedBaseline
from portfolio.db import unit_of_work
from portfolio.domain import ProgrammeKind
from portfolio.i18n import t
from portfolio.meetings.domain import Outcome
from portfolio.meetings.models import Meeting
from portfolio.models import TARGET_WIDTH, WHO_WIDTH, Landsdel, PlanVersion, Programme
from portfolio.personal_data import find_cpr
from portfolio.reference import landsdel_by_name
from portfolio.risks.service import check_decision, parse_decision
from portfolio.text import clip

MAX_NOTE = 2000
APPROVING = frozenset({Outcome.APPROVED, Outcome.APPROVED_WITH_REMARKS})
AUDIT_ACTION = "baseline.approve"


@dataclass(frozen=True)
class Approval:
    id: int
    landsdel_key: str
    landsdel: str
    programme: str
    plan_version: int
    submitted_on: dt.date
    decision: str  # "MEETING:ITEM"
    approved_on: dt.date

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "landsdel": self.landsdel_key, "programme": self.programme,
                "plan_version": self.plan_version, "submitted_on": self.submitted_on.isoformat(),
                "decision": self.decision, "approved_on": self.approved_on.isoformat()}


def _shown(text: str) -> str:
    return "***" if find_cpr(text) else text[:40]


def _landsdel(session: Session, text: str) -> Landsdel:
    found = landsdel_by_name(session, text or "") if (text or "").strip() else None
    if found is None:
        known = ", ".join(session.scalars(select(Landsdel.key).order_by(Landsdel.sort_order)))
        raise BaselineRefused("baseline.error.landsdel", value=_shown(text or ""), known=known)
    return found


def _programme(session: Session, text: str) -> Programme:
    """A regional programme by its code (case forgiven): only they have milestone plans."""
    programmes = list(session.scalars(select(Programme).where(Programme.kind == ProgrammeKind.REGIONAL)
                                      .order_by(Programme.sort_order)))
    wanted = (text or "").strip().casefold()
    found = next((p for p in programmes if wanted and wanted in (p.code.casefold(), p.name_da.casefold(),
                                                                    p.name_en.casefold())), None)
    if found is None:
        raise BaselineRefused("baseline.error.programme", value=_shown(text or ""),
                              known=", ".join(p.code for p in programmes))
    return found


def _note(text: str) -> str:
    note = (text or "").strip()
    if len(note) > MAX_NOTE:
        raise BaselineRefused("baseline.error.long", limit=MAX_NOTE)
    masked = find_cpr(note)
    if masked:
        raise BaselineRefused("baseline.error.cpr", masked=masked)
    return note


def _decision(session: Session, decision: str | tuple[int, int]) -> tuple[Meeting, int]:
    """The meeting decision (the risk log's resolver), and it approved: a rejected or postponed item approves
    no plan."""
    from portfolio.meetings.service import live_items

    meeting_id, number = check_decision(session, parse_decision(decision))
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None  # check_decision found it
    item = next(i for i in live_items(session, meeting_id) if i.number == number)
    outcome = item.conclusion.outcome if item.conclusion else None
    if outcome not in APPROVING:
        said = {lang: t(f"meeting.outcome.{outcome.value}", lang) if outcome else "–" for lang in ("da", "en")}
        raise BaselineRefused("baseline.error.outcome", meeting=meeting_id, item=number, outcome_da=said["da"],
                              outcome_en=said["en"])
    return meeting, number


def _version(session: Session, landsdel: Landsdel, programme: Programme, meeting: Meeting,
             version_no: int | None) -> PlanVersion:
    """The plan version approved: the one given, else the newest submitted by the meeting's date."""
    versions = list(session.scalars(select(PlanVersion).where(PlanVersion.landsdel_id == landsdel.id,
                                                              PlanVersion.programme_id == programme.id)
                                    .order_by(PlanVersion.version_no)))
    if version_no is not None:
        chosen = next((v for v in versions if v.version_no == version_no), None)
        if chosen is None:
            raise BaselineRefused("baseline.error.version", landsdel=landsdel.name, programme=programme.code,
                                  version=version_no, known=", ".join(str(v.version_no) for v in versions) or "–")
        if chosen.submitted_on > meeting.meeting_date:
            raise BaselineRefused("baseline.error.version_late", version=version_no,
                                  submitted=chosen.submitted_on.isoformat(), date=meeting.meeting_date.isoformat())
        return chosen
    by_then = [v for v in versions if v.submitted_on <= meeting.meeting_date]
    if not by_then:
        raise BaselineRefused("baseline.error.no_plan", landsdel=landsdel.name, programme=programme.code,
                              date=meeting.meeting_date.isoformat())
    return max(by_then, key=lambda v: (v.submitted_on, v.version_no))


def record_approval(session: Session, *, landsdel: str, programme: str, decision: str | tuple[int, int],
                    actor: str, version: int | None = None, note: str = "", audited: bool = True) -> Approval:
    """Check and add the approval in the caller's transaction (the CLI's unit of work, or the demo's)."""
    ld = _landsdel(session, landsdel)
    prog = _programme(session, programme)
    meeting, number = _decision(session, decision)
    chosen = _version(session, ld, prog, meeting, version)
    why = _note(note)
    duplicate = session.scalar(select(ApprovedBaseline).where(
        ApprovedBaseline.plan_version_id == chosen.id, ApprovedBaseline.decision_meeting_id == meeting.id,
        ApprovedBaseline.decision_item == number))
    if duplicate is not None:
        raise BaselineRefused("baseline.error.duplicate", version=chosen.version_no, decision=duplicate.decision)
    row = ApprovedBaseline(landsdel_id=ld.id, programme_id=prog.id, plan_version_id=chosen.id,
                           decision_meeting_id=meeting.id, decision_item=number, approved_on=meeting.meeting_date,
                           note=why, recorded_by=clip(actor, WHO_WIDTH))
    session.add(row)
    session.flush()
    approval = Approval(row.id, ld.key, ld.name, prog.code, chosen.version_no, chosen.submitted_on, row.decision,
                        row.approved_on)
    if audited:
        audit.record(session, actor=clip(actor, WHO_WIDTH), action=AUDIT_ACTION,
                     target=clip(f"{ld.name}/{prog.code} v{chosen.version_no}", TARGET_WIDTH),
                     detail={**approval.as_json(), "plan_version_id": chosen.id, "note": why})
    return approval


def approve_baseline(engine: Engine, *, landsdel: str, programme: str, decision: str | tuple[int, int], actor: str,
                     version: int | None = None, note: str = "") -> Approval:
    """Record the approved baseline of a landsdel's plan for a programme; refused (nothing stored) on an unknown
    landsdel, programme or decision, a decision that did not approve, or a CPR number in the note."""
    denied = refused(engine, actor, Action.MANAGE_MEETINGS,
                     target=clip(f"baseline: {landsdel}/{programme}", TARGET_WIDTH))
    if denied is not None:
        raise denied
    with unit_of_work(engine) as session:
        return record_approval(session, landsdel=landsdel, programme=programme, decision=decision, actor=actor,
                               version=version, note=note)
