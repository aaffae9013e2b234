"""The meeting register's tables (same metadata as portfolio.models).

Append-only where the minutes need history: a conclusion recorded again is a new row (the newest counts), an
action's status is the newest of its updates, and approved minutes are frozen as a revision (the whole minutes as
JSON); a correction is a new revision with who and why. Agenda items and participants may be edited until the
minutes are approved; each edit is in the audit log with its before and after.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.meetings.domain import ActionStatus, ApprovalMethod, ItemKind, ItemOrigin, MeetingStatus, Outcome
from portfolio.models import (
    CHECKSUM_WIDTH,
    KEY_WIDTH,
    NAME_WIDTH,
    ORG_KEY_WIDTH,
    SHORT_TEXT_WIDTH,
    TARGET_WIDTH,
    WHO_WIDTH,
    Base,
    Snapshot,
    _enum,
    _now,
)


class Organisation(Base):
    """One of the closed list of organisations (reference data: portfolio/meetings/organisations.py)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(ORG_KEY_WIDTH), unique=True)
    name_da: Mapped[str] = mapped_column(String(NAME_WIDTH))
    name_en: Mapped[str] = mapped_column(String(NAME_WIDTH))
    landsdel_key: Mapped[str | None] = mapped_column(String(KEY_WIDTH))  # a landsdel's editors may update its actions
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_date", "meeting_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    status: Mapped[MeetingStatus] = mapped_column(_enum(MeetingStatus), default=MeetingStatus.PLANNED)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshot.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))
    held_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    held_by: Mapped[str | None] = mapped_column(String(WHO_WIDTH))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[str | None] = mapped_column(String(WHO_WIDTH))
    approval_method: Mapped[ApprovalMethod | None] = mapped_column(_enum(ApprovalMethod))
    approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))

    snapshot: Mapped[Snapshot | None] = relationship()
    items: Mapped[list["AgendaItem"]] = relationship(back_populates="meeting", order_by="AgendaItem.number")
    participants: Mapped[list["Participant"]] = relationship(back_populates="meeting", order_by="Participant.id")


class Participant(Base):
    """Someone at the meeting, by organisation (officials' names are allowed; CPR numbers are refused)."""

    __tablename__ = "meeting_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(NAME_WIDTH))
    partial: Mapped[bool] = mapped_column(default=False)  # deltog ved udvalgte punkter
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    added_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    organisation: Mapped[Organisation] = relationship()


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_meeting", "meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    kind: Mapped[ItemKind] = mapped_column(_enum(ItemKind))
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    background: Mapped[str] = mapped_column(Text, default="")
    # Linked subjects: [{"type": "landsdel" | "milestone" | "component" | "risk", "key": ..., "label": ...}]
    subjects: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    origin: Mapped[ItemOrigin] = mapped_column(_enum(ItemOrigin), default=ItemOrigin.MANUAL)
    reason: Mapped[str] = mapped_column(Text, default="")  # why the draft proposed it
    draft_key: Mapped[str | None] = mapped_column(String(SHORT_TEXT_WIDTH))  # what the draft proposed (never twice)
    dropped: Mapped[bool] = mapped_column(default=False)  # dropped items keep their row (and history)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    presenter: Mapped[Organisation | None] = relationship()
    conclusions: Mapped[list["Conclusion"]] = relationship(back_populates="item", order_by="Conclusion.id")

    @property
    def conclusion(self) -> "Conclusion | None":
        return self.conclusions[-1] if self.conclusions else None


class Conclusion(Base):
    """The outcome of an item. Recording it again adds a row; the newest counts."""

    __tablename__ = "conclusion"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome))
    text: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    item: Mapped[AgendaItem] = relationship(back_populates="conclusions")


class FollowUpAction(Base):
    """An opfølgningspunkt: from an item, with an owner and a due date or due meeting."""

    __tablename__ = "meeting_action"
    __table_args__ = (
        CheckConstraint("due_date IS NOT NULL OR due_meeting_id IS NOT NULL", name="has_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    due_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    due_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[due_meeting_id])
    item: Mapped[AgendaItem] = relationship()
    owner: Mapped[Organisation] = relationship()
    updates: Mapped[list["ActionUpdate"]] = relationship(back_populates="action",
                                                         order_by="(ActionUpdate.effective_on, ActionUpdate.id)")


class ActionUpdate(Base):
    """A status of an action from a date on (the first is "open" at creation). Only ever appended."""

    __tablename__ = "meeting_action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("meeting_action.id"), index=True)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus))
    note: Mapped[str] = mapped_column(Text, default="")
    effective_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    action: Mapped[FollowUpAction] = relationship(back_populates="updates")


class MinutesRevision(Base):
    """Approved minutes, frozen: revision 1 at approval, each correction a new revision with who and why."""

    __tablename__ = "minutes_revision"
    __table_args__ = (UniqueConstraint("meeting_id", "revision_no", name="uq_minutes_revision_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    revision_no: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    checksum: Mapped[str] = mapped_column(String(CHECKSUM_WIDTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))
