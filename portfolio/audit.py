"""The audit log: every change of data is attributable (who, when, what, which file)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy.orm import Session

from portfolio.models import AuditEvent
from portfolio.personal_data import mask_cpr, mask_value


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
    # quoted in a problem) is masked here, not refused.
    event = AuditEvent(actor=mask_cpr(actor), action=action, target=mask_cpr(target),
                       file_name=None if file_name is None else mask_cpr(file_name),
                       checksum=checksum, detail=mask_value(detail or {}))
    session.add(event)
    return event


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
