"""The audit log: every change of data is attributable (who, when, what, which file)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy.orm import Session

from portfolio.models import AuditEvent


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
    event = AuditEvent(actor=actor, action=action, target=target, file_name=file_name,
                       checksum=checksum, detail=detail or {})
    session.add(event)
    return event


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
