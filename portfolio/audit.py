"""The audit log: every change of data is attributable (who, when, what, which file).

The log is tamper-evident: each event carries ``hash``, a SHA-256 over its own content and the ``prev_hash`` of
the event before it, so an event changed or removed directly in the database breaks the chain
(`portfolio verify` walks it). Appending is serialised, so two writers never chain onto the same event:
PostgreSQL takes a transaction-scoped advisory lock, SQLite takes its write lock before the newest event is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from portfolio.models import AuditEvent
from portfolio.personal_data import mask_cpr, mask_value

HASH_VERSION = "portfolio-audit-v1"
# Any constant will do; it only has to be the same in every process that appends.
_PG_CHAIN_LOCK = 7_250_713_018


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str = "",
    file_name: str | None = None,
    checksum: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event in the caller's transaction, so it lands exactly when the change does."""
    # Who and what are kept, so a CPR number in them (a username typed on the login form, a file name, a value
    # quoted in a problem) is masked here, not refused; masked before hashing, since the hash is of what is stored.
    # What is hashed must be what is stored: the detail as its JSON round trip, the time without a zone.
    event = AuditEvent(at=dt.datetime.now(dt.UTC).replace(tzinfo=None), actor=mask_cpr(actor), action=action,
                       target=mask_cpr(target), file_name=None if file_name is None else mask_cpr(file_name),
                       checksum=checksum, detail=normalised_detail(mask_value(detail or {})))
    lock_chain(session)
    event.prev_hash = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event.hash = event_hash(event)
    session.add(event)
    return event


def lock_chain(session: Session) -> None:
    """Hold the right to append until the caller's transaction ends (commit or rollback)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})
    elif dialect == "sqlite":
        # A write statement takes SQLite's write lock (waiting for busy_timeout); a read alone would not, and two
        # writers could both read the same newest event.
        session.execute(text("UPDATE audit_event SET id = id WHERE 1 = 0"))


def normalised_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    return json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))


def event_hash(event: Any) -> str:
    """The hash of an event's content and its predecessor's hash (``event``: a model or a row with its fields)."""
    at = event.at
    payload = json.dumps(
        {"prev": event.prev_hash or "", "at": at.isoformat(timespec="microseconds") if at else "",
         "actor": event.actor, "action": event.action, "target": event.target or "",
         "file_name": event.file_name, "checksum": event.checksum, "detail": event.detail or {}},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(f"{HASH_VERSION}\n{payload}".encode()).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
