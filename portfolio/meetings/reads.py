"""Read models of the meeting register, for the page, the CLI, the exports and the pack (reads only).

Action status "as of" a date is the newest update effective by then; overdue is computed (open, and due before
the date), never typed. A meeting's follow-up list ("opfølgning") is every action of an earlier meeting that was
still open when the meeting began, with its status as of the meeting date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portfolio.inventory import is_demo_store
from portfolio.meetings.domain import ActionStatus, MeetingStatus
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.models import (
    AgendaItem,
    FollowUpAction,
    Meeting,
    MinutesRevision,
    Organisation,
)
from portfolio.meetings.organisations import match_organisation
from portfolio.models import Snapshot
from portfolio.text import clip


def _org(org: Organisation | None) -> dict[str, str] | None:
    return None if org is None else {"key": org.key, "da": org.name_da, "en": org.name_en}


def org_name(org: dict[str, str] | None, lang: str) -> str:
    return "" if not org else (org["en"] if lang == "en" else org["da"])


# --- meetings ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    id: int
    date: dt.date
    title: str
    status: MeetingStatus
    snapshot_id: int | None
    items: int
    open_actions: int

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date.isoformat(), "title": self.title, "status": self.status.value,
                "snapshot_id": self.snapshot_id, "items": self.items, "open_actions": self.open_actions}


def list_meetings(session: Session) -> list[MeetingRow]:
    """All meetings, newest first."""
    meetings = session.scalars(select(Meeting).options(selectinload(Meeting.items))
                               .order_by(Meeting.meeting_date.desc(), Meeting.id.desc())).all()
    actions = all_actions(session)
    rows = []
    for m in meetings:
        open_here = sum(1 for a in actions if a.meeting_id == m.id and a.status is ActionStatus.OPEN)
        rows.append(MeetingRow(m.id, m.meeting_date, m.title, m.status, m.snapshot_id,
                               sum(1 for i in m.items if not i.dropped), open_here))
    return rows


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise MeetingRefused("meeting.error.unknown", id=meeting_id)
    return meeting


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.scalar(select(Meeting).where(Meeting.meeting_date < meeting.meeting_date)
                          .order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1))


def latest_revision(session: Session, meeting_id: int) -> MinutesRevision | None:
    return session.scalar(select(MinutesRevision).where(MinutesRevision.meeting_id == meeting_id)
                          .order_by(MinutesRevision.revision_no.desc()).limit(1))


def revisions(session: Session, meeting_id: int) -> list[MinutesRevision]:
    return list(session.scalars(select(MinutesRevision).where(MinutesRevision.meeting_id == meeting_id)
                                .order_by(MinutesRevision.revision_no)))


# --- actions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    id: int
    meeting_id: int
    meeting_date: dt.date
    meeting_title: str
    item_number: int
    item_title: str
    text: str
    owner: dict[str, str]
    owner_landsdel: str | None
    due: dt.date | None
    due_meeting_id: int | None
    status: ActionStatus
    note: str
    status_since: dt.date
    overdue: bool
    history: tuple[dict[str, Any], ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "meeting_id": self.meeting_id, "meeting_date": self.meeting_date.isoformat(),
                "item": self.item_number, "item_title": self.item_title, "text": self.text,
                "owner": self.owner["key"], "owner_name": self.owner["da"],
                "due": self.due.isoformat() if self.due else None, "due_meeting_id": self.due_meeting_id,
                "status": self.status.value, "note": self.note, "status_since": self.status_since.isoformat(),
                "overdue": self.overdue, "history": list(self.history)}


def _action_row(action: FollowUpAction, as_of: dt.date | None) -> ActionRow | None:
    """The action as of ``as_of`` (None: now); None when it did not exist yet."""
    updates = [u for u in action.updates if as_of is None or u.effective_on <= as_of]
    if not updates:
        return None
    current = updates[-1]
    due = action.due_date or (action.due_meeting.meeting_date if action.due_meeting else None)
    day = as_of or dt.date.today()
    overdue = current.status is ActionStatus.OPEN and due is not None and due < day
    history = tuple({"status": u.status.value, "note": u.note, "effective_on": u.effective_on.isoformat(),
                     "by": u.recorded_by} for u in updates)
    return ActionRow(action.id, action.meeting_id, action.meeting.meeting_date, action.meeting.title,
                     action.item.number, action.item.title, action.text, _org(action.owner) or {},
                     action.owner.landsdel_key, due, action.due_meeting_id, current.status, current.note,
                     current.effective_on, overdue, history)


def _load_actions(session: Session) -> list[FollowUpAction]:
    return list(session.scalars(
        select(FollowUpAction).options(selectinload(FollowUpAction.updates), selectinload(FollowUpAction.owner),
                                       selectinload(FollowUpAction.meeting), selectinload(FollowUpAction.item),
                                       selectinload(FollowUpAction.due_meeting))
        .order_by(FollowUpAction.id)))


def all_actions(session: Session, as_of: dt.date | None = None) -> list[ActionRow]:
    return [row for a in _load_actions(session) if (row := _action_row(a, as_of)) is not None]


def list_actions(session: Session, *, as_of: dt.date | None = None, open_only: bool = False,
                 overdue_only: bool = False, owner: str | None = None) -> list[ActionRow]:
    """The actions board: filtered by open / overdue (as of a date, default today) and owner."""
    wanted_owner = None
    if owner:
        ref = match_organisation(owner)
        if ref is None:
            from portfolio.meetings.organisations import ORGANISATIONS

            raise MeetingRefused("meeting.error.owner", value=clip(owner, 60),
                                 known=", ".join(o.key for o in ORGANISATIONS))
        wanted_owner = ref.key
    day = as_of or dt.date.today()
    rows = all_actions(session, day)
    if open_only:
        rows = [r for r in rows if r.status is ActionStatus.OPEN]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    if wanted_owner:
        rows = [r for r in rows if r.owner["key"] == wanted_owner]
    return sorted(rows, key=lambda r: (not r.overdue, r.status is not ActionStatus.OPEN, r.due or dt.date.max, r.id))


def follow_ups(session: Session, meeting: Meeting) -> list[ActionRow]:
    """Actions from earlier meetings carried into this one: open before it, status as of its date."""
    day = meeting.meeting_date
    before = day - dt.timedelta(days=1)
    rows = []
    for action in _load_actions(session):
        if action.meeting.meeting_date >= day:
            continue
        then = _action_row(action, before)
        if then is None or then.status is not ActionStatus.OPEN:
            continue
        now = _action_row(action, day)
        if now is not None:
            rows.append(now)
    return rows


# --- minutes ----------------------------------------------------------------------------------------------


def _action_json(row: ActionRow) -> dict[str, Any]:
    return {"id": row.id, "text": row.text, "owner": row.owner, "due": row.due.isoformat() if row.due else None,
            "status": row.status.value, "note": row.note, "overdue": row.overdue,
            "meeting_date": row.meeting_date.isoformat(), "item": row.item_number}


def minutes_content(session: Session, meeting_id: int) -> dict[str, Any]:
    """The minutes as plain JSON-ready data: what approval freezes and what the exports draw."""
    meeting = get_meeting(session, meeting_id)
    snapshot = session.get(Snapshot, meeting.snapshot_id) if meeting.snapshot_id else None
    approved_at_meeting = session.get(Meeting, meeting.approved_at_meeting_id) \
        if meeting.approved_at_meeting_id else None
    actions = [a for a in all_actions(session, meeting.meeting_date) if a.meeting_id == meeting_id]
    from portfolio.scenarios.views import meeting_options  # the scenarios offered as decision options (#17)

    options = meeting_options(session, meeting_id)
    items = []
    for item in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                         AgendaItem.dropped.is_(False))
                                .order_by(AgendaItem.number, AgendaItem.id)):
        conclusion = item.conclusion
        items.append({
            "number": item.number, "title": item.title, "kind": item.kind.value, "presenter": _org(item.presenter),
            "background": item.background, "subjects": list(item.subjects or []), "origin": item.origin.value,
            "reason": item.reason,
            "conclusion": None if conclusion is None else {"outcome": conclusion.outcome.value,
                                                            "text": conclusion.text},
            "actions": [_action_json(a) for a in actions if a.item_number == item.number],
            "options": options.get(item.number, []),
        })
    return {
        "meeting": {"id": meeting.id, "date": meeting.meeting_date.isoformat(), "title": meeting.title,
                    "status": meeting.status.value,
                    "approval_method": meeting.approval_method.value if meeting.approval_method else None,
                    "approved_by": meeting.approved_by,
                    "approved_at": meeting.approved_at.replace(microsecond=0).isoformat()
                    if meeting.approved_at else None,
                    "approved_at_meeting": None if approved_at_meeting is None else
                    {"id": approved_at_meeting.id, "date": approved_at_meeting.meeting_date.isoformat()}},
        "snapshot": None if snapshot is None else {"id": snapshot.id, "label": snapshot.label,
                                                   "as_of": snapshot.as_of.isoformat()},
        "participants": [{"organisation": _org(p.organisation), "name": p.name, "partial": p.partial}
                         for p in meeting.participants],
        "items": items,
        "followups": [_action_json(a) for a in follow_ups(session, meeting)],
        "demo": is_demo_store(session),
        "revision": None,
        "corrections": [],
    }


def minutes(session: Session, meeting_id: int) -> dict[str, Any]:
    """The minutes to show or export: the newest frozen revision once approved, else the live draft."""
    meeting = get_meeting(session, meeting_id)
    if meeting.status is MeetingStatus.APPROVED:
        revision = latest_revision(session, meeting_id)
        if revision is not None:
            content = dict(revision.content)
            content["revision"] = content.get("revision") or {"number": revision.revision_no,
                                                              "by": revision.created_by,
                                                              "at": revision.created_at.replace(microsecond=0)
                                                              .isoformat(), "reason": revision.reason}
            return content
    return minutes_content(session, meeting_id)


def organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.sort_order)))


def live_title_set(session: Session, meeting_id: int) -> set[str]:
    """Titles and draft keys on the agenda, dropped items included (a dropped proposal is not proposed again)."""
    rows = session.execute(select(AgendaItem.title, AgendaItem.draft_key).where(AgendaItem.meeting_id == meeting_id))
    return {value for row in rows for value in row if value}


def live_items_plain(session: Session, meeting_id: int) -> list[dict[str, Any]]:
    """The items on the agenda as plain rows (id, number, kind, title), for the agenda editor."""
    return [{"id": i.id, "number": i.number, "kind": i.kind.value, "title": i.title}
            for i in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                              AgendaItem.dropped.is_(False))
                                     .order_by(AgendaItem.number, AgendaItem.id))]
