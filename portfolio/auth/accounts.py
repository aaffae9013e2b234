"""The account service: add, list, change role, password and e-mail, match an OpenID Connect identity.

Changes are made by an admin (checked with :func:`authorize`) and audited as ``user.*``.
Only :func:`ensure_admin` works without an acting admin: it creates the first one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portfolio import audit
from portfolio.auth import throttle
from portfolio.auth.models import Account
from portfolio.auth.passwords import hash_password, weak_password_reason
from portfolio.auth.permissions import PermissionDenied, authorize, find_account, normalise_username, refusal
from portfolio.auth.roles import Action, Role
from portfolio.i18n import t
from portfolio.models import NAME_WIDTH, Landsdel
from portfolio.personal_data import contains_cpr
from portfolio.text import clip

ADMIN_USERNAME = "admin"
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEMO_EMAIL_DOMAIN = "demo.invalid"  # a reserved domain: no real mailbox


class AccountError(ValueError):
    """Bad input for an account change (exit 1 on the CLI, an error box on a page)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(t(key, "en", **values))

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class AccountInfo:
    """An account as plain data (safe to keep in a page's state or print)."""

    username: str
    display_name: str
    email: str | None
    role: Role
    landsdele: tuple[str, ...]
    active: bool
    has_password: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    created_at: dt.datetime
    created_by: str

    @classmethod
    def of(cls, account: Account) -> AccountInfo:
        return cls(account.username, account.display_name, account.email, account.role, account.landsdel_keys,
                   account.active, account.password_hash is not None, account.locked_until, account.last_login_at,
                   account.created_at, account.created_by)

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def may(self, action: Action, *, landsdel_key: str | None = None) -> bool:
        """The same rule as :func:`authorize`, for deciding what to draw (the services still check)."""
        return refusal(username=self.username, role=self.role, active=self.active, landsdele=self.landsdele,
                       action=action, landsdel_key=landsdel_key) is None

    def as_json(self) -> dict[str, object]:
        return {"username": self.username, "display_name": self.display_name, "email": self.email,
                "role": self.role.value, "landsdele": list(self.landsdele), "active": self.active,
                "local_password": self.has_password,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
                "created_at": self.created_at.isoformat(), "created_by": self.created_by}


# --- validation ----------------------------------------------------------------------------


def _username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AccountError("auth.account.bad_username", user=username)
    return name


def _email(session: Session, email: str | None, *, exclude_id: int | None = None) -> str | None:
    if email is None or not email.strip():
        return None
    value = email.strip().lower()
    if not EMAIL_PATTERN.match(value) or len(value) > 254:
        raise AccountError("auth.account.bad_email", email=email)
    taken = session.scalar(select(Account.id).where(Account.email == value, Account.id != (exclude_id or -1)))
    if taken is not None:
        raise AccountError("auth.account.email_taken", email=value)
    return value


def _password(password: str) -> str:
    reason = weak_password_reason(password)
    if reason:
        raise AccountError(reason)
    return hash_password(password)


def _landsdele(session: Session, role: Role, keys: Iterable[str]) -> list[Landsdel]:
    wanted = [k.strip().lower() for k in keys if k and k.strip()]
    if role is not Role.LANDSDEL_EDITOR:
        if wanted:
            raise AccountError("auth.account.landsdel_only_editor")
        return []
    if not wanted:
        raise AccountError("auth.account.editor_needs_landsdel")
    found = {ld.key: ld for ld in session.scalars(select(Landsdel).where(Landsdel.key.in_(wanted)))}
    for key in wanted:
        if key not in found:
            raise AccountError("auth.account.bad_landsdel", landsdel=key)
    return sorted(found.values(), key=lambda ld: ld.sort_order)


def _require(session: Session, username: str) -> Account:
    account = find_account(session, username)
    if account is None:
        raise AccountError("auth.account.unknown", user=username)
    return account


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).where(Account.role == Role.ADMIN, Account.active.is_(True))) or 0


# --- use cases -----------------------------------------------------------------------------


def _add(session: Session, *, actor: str, username: str, role: Role, password: str | None, email: str | None,
         display_name: str, landsdele: Iterable[str]) -> Account:
    if any(contains_cpr(text) for text in (username, display_name, email)):
        raise AccountError("auth.account.cpr")
    name = _username(username)
    if find_account(session, name) is not None:
        raise AccountError("auth.account.exists", user=name)
    account = Account(username=name, display_name=clip(display_name.strip(), NAME_WIDTH), email=_email(session, email),
                      role=role, password_hash=_password(password) if password is not None else None,
                      active=True, failed_attempts=0, created_by=actor)
    account.landsdele = _landsdele(session, role, landsdele)
    session.add(account)
    session.flush()
    audit.record(session, actor=actor, action="user.add", target=name,
                 detail={"role": role.value, "landsdele": list(account.landsdel_keys),
                         "email": account.email, "local_password": password is not None})
    return account


def add_account(
    session: Session,
    *,
    actor: str,
    username: str,
    role: Role,
    password: str | None = None,
    email: str | None = None,
    display_name: str = "",
    landsdele: Iterable[str] = (),
) -> AccountInfo:
    """Add an account (admin only). Without a password the account can log in only through OpenID Connect."""
    authorize(session, actor, Action.MANAGE_USERS)
    return AccountInfo.of(_add(session, actor=actor, username=username, role=role, password=password, email=email,
                               display_name=display_name, landsdele=landsdele))


def list_accounts(session: Session, *, actor: str) -> list[AccountInfo]:
    authorize(session, actor, Action.MANAGE_USERS)
    rows = session.scalars(select(Account).options(selectinload(Account.landsdele)).order_by(Account.username))
    return [AccountInfo.of(a) for a in rows]


def get_account(session: Session, username: str) -> AccountInfo | None:
    """The account as plain data, or None (reading one's own account needs no permission)."""
    account = find_account(session, username)
    return AccountInfo.of(account) if account else None


def set_role(session: Session, *, actor: str, username: str, role: Role, landsdele: Iterable[str] = ()) -> AccountInfo:
    authorize(session, actor, Action.MANAGE_USERS)
    account = _require(session, username)
    before = (account.role.value, list(account.landsdel_keys))
    if account.role is Role.ADMIN and role is not Role.ADMIN and account.active and _active_admins(session) <= 1:
        raise AccountError("auth.account.last_admin")
    account.landsdele = _landsdele(session, role, landsdele)
    account.role = role
    audit.record(session, actor=actor, action="user.set_role", target=account.username,
                 detail={"before": {"role": before[0], "landsdele": before[1]},
                         "after": {"role": role.value, "landsdele": list(account.landsdel_keys)}})
    return AccountInfo.of(account)


def set_password(session: Session, *, actor: str, username: str, password: str) -> AccountInfo:
    """A new password (admin only); also lifts a lock from failed logins."""
    authorize(session, actor, Action.MANAGE_USERS)
    account = _require(session, username)
    account.password_hash = _password(password)
    account.failed_attempts = 0
    account.locked_until = None
    throttle.forget_account(session, account.username)
    audit.record(session, actor=actor, action="user.set_password", target=account.username)
    _end_logins(session, account.username, actor=actor, reason="password_changed")
    return AccountInfo.of(account)


def set_email(session: Session, *, actor: str, username: str, email: str | None) -> AccountInfo:
    authorize(session, actor, Action.MANAGE_USERS)
    account = _require(session, username)
    before = account.email
    account.email = _email(session, email, exclude_id=account.id)
    audit.record(session, actor=actor, action="user.set_email", target=account.username,
                 detail={"before": before, "after": account.email})
    return AccountInfo.of(account)


def set_active(session: Session, *, actor: str, username: str, active: bool) -> AccountInfo:
    authorize(session, actor, Action.MANAGE_USERS)
    account = _require(session, username)
    if not active and account.role is Role.ADMIN and account.active and _active_admins(session) <= 1:
        raise AccountError("auth.account.last_admin")
    account.active = active
    audit.record(session, actor=actor, action="user.activate" if active else "user.deactivate",
                 target=account.username)
    if not active:
        _end_logins(session, account.username, actor=actor, reason="deactivated")
    return AccountInfo.of(account)


def _end_logins(session: Session, username: str, *, actor: str, reason: str) -> None:
    """Every running login of the account ends (portfolio/auth/sessions.py), in every tab at its next step."""
    from portfolio.auth.sessions import revoke_all

    revoke_all(session, username, actor=actor, reason=reason)


def match_oidc_email(session: Session, email: str | None) -> Account | None:
    """The active account whose e-mail is the identity's (case-insensitive), or None: no access."""
    if not email or not email.strip():
        return None
    return session.scalar(
        select(Account).where(Account.email == email.strip().lower(), Account.active.is_(True))
        .options(selectinload(Account.landsdele))
    )


# --- bootstrapping: `portfolio init` and `portfolio demo` ------------------------------------


def ensure_admin(session: Session, *, password: str, actor: str = "portfolio init") -> bool:
    """Create the ``admin`` account when it is missing. True when it was created."""
    if find_account(session, ADMIN_USERNAME) is not None:
        return False
    _add(session, actor=actor, username=ADMIN_USERNAME, role=Role.ADMIN, password=password, email=None,
         display_name="Administrator", landsdele=())
    return True


# username, role, landsdele, display name. None is an admin: the demo hands out no admin role (#13); the
# secretariat works as the `admin` that `portfolio init` creates.
DEMO_ACCOUNTS: Sequence[tuple[str, Role, tuple[str, ...], str]] = (
    ("nord", Role.LANDSDEL_EDITOR, ("nord",), "Landsdel Nord"),
    ("midt", Role.LANDSDEL_EDITOR, ("midt",), "Landsdel Midt"),
    ("syd", Role.LANDSDEL_EDITOR, ("syd",), "Landsdel Syd"),
    ("hovedstaden", Role.LANDSDEL_EDITOR, ("hovedstaden",), "Landsdel Hovedstaden"),
    ("sjaelland", Role.LANDSDEL_EDITOR, ("sjaelland",), "Landsdel Sjælland"),
    ("fut", Role.FUT_REPORTER, (), "FUT-programmet"),
    ("viewer", Role.VIEWER, (), "Læser"),
)


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


def missing_demo_accounts(session: Session) -> list[str]:
    return [name for name, *_ in DEMO_ACCOUNTS if find_account(session, name) is None]


def ensure_demo_accounts(session: Session, *, actor: str, password: str) -> list[str]:
    """One account per role (admin only); existing ones are left alone. The names created, in order."""
    authorize(session, actor, Action.MANAGE_USERS)
    created = []
    for name, role, landsdele, display in DEMO_ACCOUNTS:
        if find_account(session, name) is not None:
            continue
        email = demo_email(name)
        if session.scalar(select(Account.id).where(Account.email == email)) is not None:
            email = None
        _add(session, actor=actor, username=name, role=role, password=password, email=email,
             display_name=display, landsdele=landsdele)
        created.append(name)
    return created


__all__ = [
    "ADMIN_USERNAME", "DEMO_ACCOUNTS", "AccountError", "AccountInfo", "PermissionDenied", "add_account",
    "demo_email", "ensure_admin", "ensure_demo_accounts", "get_account", "list_accounts", "match_oidc_email",
    "missing_demo_accounts", "set_active", "set_email", "set_password", "set_role",
]
