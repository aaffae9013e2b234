"""Fixtures of the meeting register tests."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from portfolio.db import read_session
from portfolio.meetings import service
from portfolio.models import AuditEvent

ADMIN = "admin"


def count(engine: Engine, model: type) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def audit_actions(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def held_meeting(engine: Engine) -> int:
    """A meeting with an (O) item concluded and a (B) item still open."""
    meeting_id = service.create_meeting(engine, meeting_date="2022-09-08", title="Møde 8. september 2022",
                                        actor=ADMIN)
    service.add_item(engine, meeting_id, service.ItemInput(title="Status på FUT", kind="O", presenter="fut"),
                     actor=ADMIN)
    service.add_item(engine, meeting_id, service.ItemInput(title="Fælles e-læring", kind="B", presenter="KL"),
                     actor=ADMIN)
    service.conclude(engine, meeting_id, 1, outcome="taken_note", text="Tog orienteringen til efterretning.",
                     actor=ADMIN)
    return meeting_id
