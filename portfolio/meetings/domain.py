"""The meeting register's vocabulary (stable English values; labels in messages.py)."""

from __future__ import annotations

from enum import StrEnum


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    APPROVED = "approved"  # the minutes are approved: frozen, corrected only by a new revision


class ItemKind(StrEnum):
    """How the minutes mark an agenda item: (O) orientering, (B) beslutning, (D) drøftelse."""

    O = "O"  # noqa: E741 - the letter the minutes use
    B = "B"
    D = "D"


class Outcome(StrEnum):
    TAKEN_NOTE = "taken_note"  # taget til efterretning
    APPROVED = "approved"  # godkendt
    APPROVED_WITH_REMARKS = "approved_with_remarks"  # godkendt med bemærkninger
    REJECTED = "rejected"  # afvist
    POSTPONED = "postponed"  # udsat


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class ApprovalMethod(StrEnum):
    MEETING = "meeting"  # approved at a (later) meeting
    WRITTEN_PROCEDURE = "written_procedure"  # i skriftlig proces


class ItemOrigin(StrEnum):
    MANUAL = "manual"
    PROPOSED = "proposed"  # drafted from the snapshot data, with its reason
    STANDING = "standing"  # velkomst, referat, status på FUT, opfølgning, eventuelt
