"""Every write of the meeting register: authorised by :func:`~portfolio.auth.permissions.require`, checked, stored
and audited in one unit of work. Bad input raises :class:`MeetingRefused` before anything is stored.

Who may: the secretariat (``Action.MANAGE_MEETINGS``, admins) writes meetings, agenda, conclusions and actions;
an action's status and note may also be updated by the editors of the landsdel that owns it
(``Action.UPDATE_MEETING_ACTION``). Approved minutes are frozen: a correction is a new revision with a reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, require
from portfolio.db import read_session, unit_of_work
from portfolio.meetings.domain import ActionStatus, ApprovalMethod, ItemKind, ItemOrigin, MeetingStatus, Outcome
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.models import (
    ActionUpdate,
    AgendaItem,
    Conclusion,
    FollowUpAction,
    Meeting,
    MinutesRevision,
    Organisation,
    Participant,
)
from portfolio.meetings.organisations import ORGANISATIONS, ensure_organisations, match_organisation
from portfolio.models import TARGET_WIDTH, WHO_WIDTH, Snapshot
from portfolio.personal_data import find_cpr
from portfolio.text import checked_text, clip

MAX_TITLE = 300
MAX_NAME = 120
MAX_TEXT = 4000


# --- input checks ---------------------------------------------------------------------------------------


def clean_text(value: str | None, field: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    """``value`` trimmed; refused when missing (if required), too long, or holding a CPR number."""
    return checked_text(value, field, limit=limit, required=required, refusal=MeetingRefused, keys="meeting.error")


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise MeetingRefused("meeting.error.date", value=clip(value, 40)) from None


def parse_kind(value: str | ItemKind) -> ItemKind:
    try:
        return ItemKind((value or "").strip().upper() if isinstance(value, str) else value)
    except ValueError:
        raise MeetingRefused("meeting.error.kind", value=clip(str(value), 40)) from None


def parse_outcome(value: str | Outcome) -> Outcome:
    try:
        return Outcome((value or "").strip().lower() if isinstance(value, str) else value)
    except ValueError:
        raise MeetingRefused("meeting.error.outcome", value=clip(str(value), 40)) from None


def parse_status(value: str | ActionStatus) -> ActionStatus:
    try:
        return ActionStatus((value or "").strip().lower() if isinstance(value, str) else value)
    except ValueError:
        raise MeetingRefused("meeting.error.status", value=clip(str(value), 40)) from None


def organisation(session: Session, text: str | None, *, required: bool = True) -> Organisation | None:
    """The organisation ``text`` names, from the closed list; refused when unknown."""
    if not (text or "").strip():
        if required:
            raise MeetingRefused("meeting.error.owner_missing")
        return None
    ref = match_organisation(text or "")
    if ref is None:
        raise MeetingRefused("meeting.error.owner", value=clip(text or "", 60),
                             known=", ".join(o.key for o in ORGANISATIONS))
    found = session.scalar(select(Organisation).where(Organisation.key == ref.key))
    if found is None:  # a store migrated before this organisation joined the list
        ensure_organisations(session)
        session.flush()
        found = session.scalar(select(Organisation).where(Organisation.key == ref.key))
    return found


# --- lookups ----------------------------------------------------------------------------------------------


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise MeetingRefused("meeting.error.unknown", id=meeting_id)
    return meeting


def _writable(session: Session, meeting_id: int) -> Meeting:
    meeting = _meeting(session, meeting_id)
    if meeting.status is MeetingStatus.APPROVED:
        raise MeetingRefused("meeting.error.frozen", id=meeting_id)
    return meeting


def live_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                         AgendaItem.dropped.is_(False))
                                .order_by(AgendaItem.number, AgendaItem.id)))


def _item(session: Session, meeting: Meeting, number: int) -> AgendaItem:
    for item in live_items(session, meeting.id):
        if item.number == number:
            return item
    raise MeetingRefused("meeting.error.unknown_item", meeting=meeting.id, item=number)


def _authorise(engine: Engine, actor: str, target: str) -> None:
    require(engine, actor, Action.MANAGE_MEETINGS, target=clip(target, TARGET_WIDTH))


def _audit(session: Session, actor: str, action: str, target: str, **detail: Any) -> None:
    audit.record(session, actor=clip(actor, WHO_WIDTH), action=action, target=clip(target, TARGET_WIDTH), detail=detail)


# --- meetings ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantInput:
    organisation: str
    name: str
    partial: bool = False


def create_meeting(engine: Engine, *, meeting_date: str | dt.date, title: str, actor: str,
                   snapshot_id: int | None = None, participants: Sequence[ParticipantInput] = ()) -> int:
    """A planned meeting; returns its id."""
    _authorise(engine, actor, f"meeting: {title}")
    day = parse_date(meeting_date)
    if day is None:
        raise MeetingRefused("meeting.error.date", value="")
    text = clean_text(title, "meeting.field.title", limit=MAX_TITLE)
    with unit_of_work(engine) as session:
        if snapshot_id is not None and session.get(Snapshot, snapshot_id) is None:
            raise MeetingRefused("meeting.error.unknown_snapshot", id=snapshot_id)
        meeting = Meeting(meeting_date=day, title=text, status=MeetingStatus.PLANNED, snapshot_id=snapshot_id,
                          created_by=clip(actor, WHO_WIDTH))
        session.add(meeting)
        session.flush()
        for person in participants:
            _add_participant(session, meeting, person, actor)
        _audit(session, actor, "meeting.create", f"meeting {meeting.id}: {text}", meeting_id=meeting.id,
               date=day.isoformat(), snapshot_id=snapshot_id, participants=len(participants))
        return meeting.id


def _add_participant(session: Session, meeting: Meeting, person: ParticipantInput, actor: str) -> Participant:
    org = organisation(session, person.organisation)
    assert org is not None
    row = Participant(meeting_id=meeting.id, organisation_id=org.id,
                      name=clean_text(person.name, "meeting.field.name", limit=MAX_NAME), partial=person.partial,
                      added_by=clip(actor, WHO_WIDTH))
    session.add(row)
    return row


def set_snapshot(engine: Engine, meeting_id: int, snapshot_id: int | None, *, actor: str) -> None:
    """Tie the meeting to the snapshot it is held on (until the minutes are approved)."""
    _authorise(engine, actor, f"meeting {meeting_id}")
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        if snapshot_id is not None and session.get(Snapshot, snapshot_id) is None:
            raise MeetingRefused("meeting.error.unknown_snapshot", id=snapshot_id)
        before = meeting.snapshot_id
        meeting.snapshot_id = snapshot_id
        _audit(session, actor, "meeting.snapshot", f"meeting {meeting_id}", meeting_id=meeting_id,
               before=before, after=snapshot_id)


def add_participants(engine: Engine, meeting_id: int, people: Sequence[ParticipantInput], *, actor: str) -> int:
    _authorise(engine, actor, f"meeting {meeting_id}")
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        for person in people:
            _add_participant(session, meeting, person, actor)
        _audit(session, actor, "meeting.participants", f"meeting {meeting_id}", meeting_id=meeting_id,
               added=len(people))
    return len(people)


# --- the agenda -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInput:
    title: str
    kind: str | ItemKind
    presenter: str | None = None
    background: str = ""
    subjects: tuple[dict[str, str], ...] = ()
    origin: ItemOrigin = ItemOrigin.MANUAL
    reason: str = ""
    draft_key: str | None = None


@dataclass(frozen=True)
class Proposal:
    title: str
    kind: ItemKind
    reason: str
    origin: ItemOrigin
    presenter: str | None = None
    subjects: tuple[dict[str, str], ...] = ()
    key: str = ""  # what is proposed, whatever the language: "standing.welcome", "landsdel.KOL.midt", ...

    def as_input(self) -> ItemInput:
        return ItemInput(title=self.title, kind=self.kind, presenter=self.presenter, origin=self.origin,
                         reason=self.reason, subjects=self.subjects, draft_key=self.key)

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "kind": self.kind.value, "reason": self.reason, "origin": self.origin.value,
                "presenter": self.presenter, "subjects": list(self.subjects), "key": self.key}


def _new_item(session: Session, meeting: Meeting, spec: ItemInput, actor: str, number: int) -> AgendaItem:
    presenter = organisation(session, spec.presenter, required=False)
    item = AgendaItem(meeting_id=meeting.id, number=number,
                      title=clean_text(spec.title, "meeting.field.title", limit=MAX_TITLE), kind=parse_kind(spec.kind),
                      presenter_id=presenter.id if presenter else None,
                      background=clean_text(spec.background, "meeting.field.background", required=False),
                      subjects=[dict(s) for s in spec.subjects], origin=spec.origin,
                      reason=clean_text(spec.reason, "meeting.field.reason", required=False),
                      draft_key=spec.draft_key, created_by=clip(actor, WHO_WIDTH))
    if any(find_cpr(str(v)) for s in spec.subjects for v in s.values()):
        raise MeetingRefused("meeting.error.cpr", field="meeting.field.text", masked="******-****")
    session.add(item)
    return item


def _next_number(session: Session, meeting_id: int) -> int:
    return (session.scalar(select(func.max(AgendaItem.number)).where(AgendaItem.meeting_id == meeting_id,
                                                                      AgendaItem.dropped.is_(False))) or 0) + 1


def add_items(engine: Engine, meeting_id: int, specs: Sequence[ItemInput], *, actor: str) -> list[int]:
    """Append items to the agenda (in order); returns their numbers. One bad item stores none of them."""
    _authorise(engine, actor, f"meeting {meeting_id}")
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        number = _next_number(session, meeting_id)
        items = []
        for offset, spec in enumerate(specs):
            items.append(_new_item(session, meeting, spec, actor, number + offset))
        session.flush()
        for item in items:
            _audit(session, actor, "meeting.item.add", f"meeting {meeting_id} item {item.number}: {item.title}",
                   meeting_id=meeting_id, item_id=item.id, number=item.number, kind=item.kind.value,
                   origin=item.origin.value)
        return [item.number for item in items]


def add_item(engine: Engine, meeting_id: int, spec: ItemInput, *, actor: str) -> int:
    return add_items(engine, meeting_id, [spec], actor=actor)[0]


@dataclass(frozen=True)
class ItemEdit:
    item_id: int
    number: int
    title: str
    kind: str | ItemKind
    dropped: bool = False


def edit_agenda(engine: Engine, meeting_id: int, edits: Iterable[ItemEdit], *, actor: str) -> int:
    """Accept, edit, reorder or drop items. Kept items are renumbered 1..n in the order of the numbers given.
    Each change is audited with its before and after; returns how many items changed."""
    _authorise(engine, actor, f"meeting {meeting_id}")
    wanted = list(edits)
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        items = {item.id: item for item in live_items(session, meeting.id)}
        for edit in wanted:
            if edit.item_id not in items:
                raise MeetingRefused("meeting.error.unknown_item", meeting=meeting_id, item=edit.number)
        given = {e.item_id: e for e in wanted}
        order = sorted(items.values(), key=lambda i: (given[i.id].number if i.id in given else i.number, i.number))
        changed = 0
        number = 0
        for item in order:
            edit = given.get(item.id)
            before = {"number": item.number, "title": item.title, "kind": item.kind.value, "dropped": item.dropped}
            if edit is not None:
                item.title = clean_text(edit.title, "meeting.field.title", limit=MAX_TITLE)
                item.kind = parse_kind(edit.kind)
                item.dropped = bool(edit.dropped)
            if item.dropped:
                item.number = 0
            else:
                number += 1
                item.number = number
            after = {"number": item.number, "title": item.title, "kind": item.kind.value, "dropped": item.dropped}
            if after != before:
                changed += 1
                _audit(session, actor, "meeting.item.edit", f"meeting {meeting_id} item {item.id}",
                       meeting_id=meeting_id, item_id=item.id, before=before, after=after)
        return changed


# --- holding the meeting -------------------------------------------------------------------------------


def _mark_held(session: Session, meeting: Meeting, actor: str) -> None:
    if meeting.status is MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        meeting.held_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        meeting.held_by = clip(actor, WHO_WIDTH)
        _audit(session, actor, "meeting.held", f"meeting {meeting.id}", meeting_id=meeting.id)


def conclude(engine: Engine, meeting_id: int, item_number: int, *, outcome: str | Outcome, text: str,
             actor: str) -> None:
    """Record the item's outcome (a new row; the newest counts). The meeting counts as held from then on."""
    _authorise(engine, actor, f"meeting {meeting_id} item {item_number}")
    chosen = parse_outcome(outcome)
    body = clean_text(text, "meeting.field.text", required=False)
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        item = _item(session, meeting, item_number)
        session.add(Conclusion(item_id=item.id, outcome=chosen, text=body, recorded_by=clip(actor, WHO_WIDTH)))
        _mark_held(session, meeting, actor)
        _audit(session, actor, "meeting.conclude", f"meeting {meeting_id} item {item_number}: {item.title}",
               meeting_id=meeting_id, item_id=item.id, outcome=chosen.value)


# --- approval and corrections ----------------------------------------------------------------------------


def _checksum(content: dict[str, Any]) -> str:
    return audit.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


def approve(engine: Engine, meeting_id: int, *, actor: str, written_procedure: bool = False,
            at_meeting_id: int | None = None) -> int:
    """Approve the minutes and freeze them as revision 1. Every (B) item must have an outcome."""
    from portfolio.meetings.reads import minutes_content

    _authorise(engine, actor, f"meeting {meeting_id}")
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        if meeting.status is not MeetingStatus.HELD:
            raise MeetingRefused("meeting.error.not_held", id=meeting_id)
        open_decisions = [str(i.number) for i in live_items(session, meeting_id)
                          if i.kind is ItemKind.B and i.conclusion is None]
        if open_decisions:
            raise MeetingRefused("meeting.error.open_decisions", items=", ".join(open_decisions))
        if at_meeting_id is not None:
            later = _meeting(session, at_meeting_id)
            if later.meeting_date <= meeting.meeting_date:
                raise MeetingRefused("meeting.error.approved_at", id=meeting_id)
        meeting.status = MeetingStatus.APPROVED
        meeting.approved_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        meeting.approved_by = clip(actor, WHO_WIDTH)
        meeting.approval_method = ApprovalMethod.WRITTEN_PROCEDURE if written_procedure else ApprovalMethod.MEETING
        meeting.approved_at_meeting_id = None if written_procedure else at_meeting_id
        session.flush()
        content = minutes_content(session, meeting_id)
        revision = MinutesRevision(meeting_id=meeting_id, revision_no=1, content=content, reason="",
                                   checksum=_checksum(content), created_by=clip(actor, WHO_WIDTH))
        session.add(revision)
        audit.record(session, actor=clip(actor, WHO_WIDTH), action="meeting.approve", target=f"meeting {meeting_id}",
                     checksum=revision.checksum,
                     detail={"meeting_id": meeting_id, "method": meeting.approval_method.value,
                             "at_meeting_id": meeting.approved_at_meeting_id, "revision": 1})
        return 1


def correct_minutes(engine: Engine, meeting_id: int, item_number: int, *, reason: str, actor: str,
                    text: str | None = None, outcome: str | Outcome | None = None) -> int:
    """A correction of approved minutes: a new frozen revision with who and why. Returns its number."""
    from portfolio.meetings.reads import latest_revision

    _authorise(engine, actor, f"meeting {meeting_id} item {item_number}")
    why = clean_text(reason, "meeting.field.reason")
    if text is None and outcome is None:
        raise MeetingRefused("meeting.error.nothing_to_correct")
    new_outcome = parse_outcome(outcome) if outcome is not None else None
    new_text = clean_text(text, "meeting.field.text", required=False) if text is not None else None
    with unit_of_work(engine) as session:
        meeting = _meeting(session, meeting_id)
        if meeting.status is not MeetingStatus.APPROVED:
            raise MeetingRefused("meeting.error.not_approved", id=meeting_id)
        previous = latest_revision(session, meeting_id)
        assert previous is not None
        content = json.loads(json.dumps(previous.content))
        item = next((i for i in content["items"] if i["number"] == item_number), None)
        if item is None:
            raise MeetingRefused("meeting.error.unknown_item", meeting=meeting_id, item=item_number)
        before = dict(item["conclusion"] or {})
        conclusion = dict(item["conclusion"] or {"outcome": None, "text": ""})
        if new_outcome is not None:
            conclusion["outcome"] = new_outcome.value
        if new_text is not None:
            conclusion["text"] = new_text
        item["conclusion"] = conclusion
        number = previous.revision_no + 1
        content["revision"] = {"number": number, "by": clip(actor, WHO_WIDTH),
                               "at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat(),
                               "reason": why}
        content.setdefault("corrections", []).append(content["revision"])
        revision = MinutesRevision(meeting_id=meeting_id, revision_no=number, content=content, reason=why,
                                   checksum=_checksum(content), created_by=clip(actor, WHO_WIDTH))
        session.add(revision)
        audit.record(session, actor=clip(actor, WHO_WIDTH), action="meeting.correct", target=f"meeting {meeting_id}",
                     checksum=revision.checksum,
                     detail={"meeting_id": meeting_id, "revision": number, "item": item_number, "reason": why,
                             "before": before, "after": conclusion})
        return number


# --- follow-up actions -----------------------------------------------------------------------------------


def add_action(engine: Engine, *, meeting_id: int, item_number: int, text: str, owner: str | None,
               actor: str, due: str | dt.date | None = None, due_meeting_id: int | None = None) -> int:
    """A follow-up action from an item; it needs an owner from the closed list and a due date or meeting."""
    _authorise(engine, actor, f"meeting {meeting_id} item {item_number}")
    body = clean_text(text, "meeting.field.text")
    due_date = parse_date(due)
    with unit_of_work(engine) as session:
        meeting = _writable(session, meeting_id)
        item = _item(session, meeting, item_number)
        owner_org = organisation(session, owner)
        assert owner_org is not None
        if due_date is None and due_meeting_id is None:
            raise MeetingRefused("meeting.error.due_missing")
        if due_meeting_id is not None:
            _meeting(session, due_meeting_id)
        action = FollowUpAction(meeting_id=meeting_id, item_id=item.id, text=body, owner_id=owner_org.id,
                                due_date=due_date, due_meeting_id=due_meeting_id, created_by=clip(actor, WHO_WIDTH))
        session.add(action)
        session.flush()
        session.add(ActionUpdate(action_id=action.id, status=ActionStatus.OPEN, note="",
                                 effective_on=meeting.meeting_date, recorded_by=clip(actor, WHO_WIDTH)))
        _audit(session, actor, "meeting.action.add", f"action {action.id}: {body}", action_id=action.id,
               meeting_id=meeting_id, item=item_number, owner=owner_org.key,
               due=due_date.isoformat() if due_date else None, due_meeting_id=due_meeting_id)
        return action.id


def action_owner_landsdel(engine: Engine, action_id: int) -> str | None:
    with read_session(engine) as session:
        action = session.get(FollowUpAction, action_id)
        if action is None:
            raise MeetingRefused("meeting.error.unknown_action", id=action_id)
        return action.owner.landsdel_key


def update_action(engine: Engine, action_id: int, *, status: str | ActionStatus, actor: str, note: str = "",
                  effective_on: dt.date | None = None) -> ActionStatus:
    """A new status (and note) of an action: the secretariat for any action, a landsdel editor for its own."""
    landsdel_key = action_owner_landsdel(engine, action_id)
    require(engine, actor, Action.UPDATE_MEETING_ACTION, landsdel_key=landsdel_key, target=f"action {action_id}")
    chosen = parse_status(status)
    body = clean_text(note, "meeting.field.note", required=False)
    with unit_of_work(engine) as session:
        action = session.get(FollowUpAction, action_id)
        assert action is not None
        session.add(ActionUpdate(action_id=action_id, status=chosen, note=body,
                                 effective_on=effective_on or dt.date.today(), recorded_by=clip(actor, WHO_WIDTH)))
        _audit(session, actor, "meeting.action.update", f"action {action_id}", action_id=action_id,
               status=chosen.value, note=clip(body, TARGET_WIDTH))
    return chosen
