"""The one permission check every write path calls: :func:`authorize`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from portfolio import audit
from portfolio.auth.models import Account
from portfolio.auth.roles import ALLOWED, PER_LANDSDEL, Action, Role
from portfolio.i18n import t
from portfolio.models import WHO_WIDTH
from portfolio.reference import LANDSDELE
from portfolio.refusal import Refused
from portfolio.text import clip

__all__ = ["Action", "PermissionDenied", "Role", "authorize", "find_account", "record_refusal", "refusal", "refused",
           "require"]

ACTION_DENIED = "auth.denied"


class PermissionDenied(Refused):
    """The acting user may not do this. ``message(lang)`` says why; ``str()`` says it in both languages."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key, **values)

    def __str__(self) -> str:
        return f"{self.message('da')} / {self.message('en')}"

    def bilingual(self) -> dict[str, str]:
        """Both languages, for a feature's own problem lists (message key ``auth.refused``)."""
        return {"da": self.message("da"), "en": self.message("en")}

    def message(self, lang: str) -> str:
        values = {
            name: (t(f"auth.{name}.{value}", lang) if name in ("role", "action") else value)
            for name, value in self.values.items()
        }
        text = t(self.key, lang, **values)
        role = self.values.get("role")
        if self.key == ACTION_DENIED + ".action" and role and role != "admin":  # say what the role may do instead
            text += " " + t(f"auth.instead.{role}", lang, own=self.values.get("own", "–"))
        return text


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def find_account(session: Session, username: str) -> Account | None:
    return session.scalar(
        select(Account).where(Account.username == normalise_username(username)).options(selectinload(Account.landsdele))
    )


def _landsdel_name(key: str | None) -> str:
    return next((ld.name for ld in LANDSDELE if ld.key == key), key or "?")


def refusal(
    *, username: str, role: Role, active: bool, landsdele: Iterable[str], action: Action, landsdel_key: str | None
) -> PermissionDenied | None:
    """Why this account may not take the action, or None when it may (pure: also used to draw the UI)."""
    if not active:
        return PermissionDenied("auth.denied.inactive", user=username)
    if action not in ALLOWED[role]:
        landsdele = tuple(landsdele)
        return PermissionDenied("auth.denied.action", user=username, role=role.value, action=action.value,
                                own=", ".join(_landsdel_name(k) for k in landsdele) or "–")
    if action in PER_LANDSDEL and role is not Role.ADMIN:
        own = tuple(landsdele)
        own_names = ", ".join(_landsdel_name(k) for k in own) or "–"
        if landsdel_key is None:
            return PermissionDenied("auth.denied.no_landsdel", user=username, action=action.value, own=own_names)
        if landsdel_key not in own:
            return PermissionDenied("auth.denied.landsdel", user=username, action=action.value, own=own_names,
                                    landsdel=_landsdel_name(landsdel_key))
    return None


def authorize(session: Session, username: str, action: Action, *, landsdel_key: str | None = None) -> Account:
    """The acting account when it may take ``action`` (for ``landsdel_key``); else raise :class:`PermissionDenied`.

    Unknown and deactivated users are refused whatever the action.
    """
    account = find_account(session, username)
    if account is None:
        raise PermissionDenied("auth.denied.unknown_user", user=username)
    denied = refusal(username=account.username, role=account.role, active=account.active,
                     landsdele=account.landsdel_keys, action=action, landsdel_key=landsdel_key)
    if denied is not None:
        raise denied
    return account


def refused(engine: Engine, username: str, action: Action, *, landsdel_key: str | None = None, target: str = "",
            file_name: str | None = None, checksum: str | None = None) -> PermissionDenied | None:
    """None when ``username`` may take ``action``; otherwise the refusal, already written to the audit log.

    For services that report a refusal as a rejected outcome instead of raising.
    """
    from portfolio.db import read_session

    with read_session(engine) as session:
        try:
            authorize(session, username, action, landsdel_key=landsdel_key)
            return None
        except PermissionDenied as denied:
            refusal_ = denied
    record_refusal(engine, username, action, refusal_, target=target, file_name=file_name, checksum=checksum)
    return refusal_


def require(engine: Engine, username: str, action: Action, *, landsdel_key: str | None = None, target: str = "",
            file_name: str | None = None, checksum: str | None = None) -> None:
    """Return when ``username`` may take ``action``; otherwise audit the refusal and raise :class:`PermissionDenied`."""
    denied = refused(engine, username, action, landsdel_key=landsdel_key, target=target, file_name=file_name,
                     checksum=checksum)
    if denied is not None:
        raise denied


def record_refusal(
    engine: Engine,
    username: str,
    action: Action,
    denied: PermissionDenied,
    *,
    target: str = "",
    file_name: str | None = None,
    checksum: str | None = None,
) -> None:
    """Audit a refused attempt in its own transaction (the refused work itself stored nothing)."""
    from portfolio.db import unit_of_work

    with unit_of_work(engine) as session:
        audit.record(session, actor=clip(username or "?", WHO_WIDTH), action=ACTION_DENIED,
                     target=target or action.value,
                     file_name=file_name, checksum=checksum,
                     detail={"action": action.value, "reason": denied.key,
                             **{k: str(v) for k, v in denied.values.items() if k not in ("user",)}})
