"""Logging in: local passwords with throttling, OpenID Connect identities by e-mail, and session expiry.

After :data:`MAX_FAILURES` wrong passwords in a row for one name from one client, that client is locked out of
that name, for a period that doubles with every further failure (1, 2, 4 … minutes, at most an hour); see
portfolio.auth.throttle (per client, so that nobody can lock the admin out with a loop). Every login, failed
login and lock is audited; the password never is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from portfolio import audit
from portfolio.auth import throttle
from portfolio.auth.accounts import AccountInfo, match_oidc_email
from portfolio.auth.models import Account
from portfolio.auth.passwords import hash_password, needs_rehash, verify_password
from portfolio.auth.permissions import find_account, normalise_username
from portfolio.auth.throttle import BASE_LOCK, MAX_FAILURES, MAX_LOCK, UNKNOWN_CLIENT, lock_period
from portfolio.config import env
from portfolio.db import read_session, unit_of_work
from portfolio.i18n import t
from portfolio.models import TARGET_WIDTH, WHO_WIDTH
from portfolio.text import clip

DEFAULT_SESSION_HOURS = 8.0

ACTION_LOGIN = "auth.login"
ACTION_FAILED = "auth.login_failed"
ACTION_LOCKED = "auth.locked"
ACTION_LOGOUT = "auth.logout"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    account: AccountInfo | None = None
    reason: str | None = None  # a message key when refused
    locked_until: dt.datetime | None = None
    email: str | None = None  # the OpenID Connect identity's e-mail

    def message(self, lang: str) -> str:
        if self.ok or self.reason is None:
            return ""
        if self.reason == "auth.login.locked" and self.locked_until is not None:
            return t(self.reason, lang, until=self.locked_until.strftime("%Y-%m-%d %H:%M"))
        if self.reason == "auth.login.no_account":
            return t(self.reason, lang, email=self.email or "")
        return t(self.reason, lang)


def _target(username: str) -> str:
    return clip((username or "").strip(), WHO_WIDTH)


def authenticate(engine: Engine, username: str, password: str, *, client: str | None = None,
                 now: dt.datetime | None = None) -> LoginResult:
    """Check a local login from ``client`` (its address); count failures per name and client, and lock that
    client out when they pile up (portfolio.auth.throttle). A locked name and an unknown one answer alike."""
    now = now or utcnow()
    client = client or UNKNOWN_CLIENT
    name = normalise_username(username or "")
    with unit_of_work(engine) as session:
        until = throttle.locked_until(session, name, client, now)
        if until is not None:  # the password is not even checked, for any name: no timing hint either
            audit.record(session, actor=_target(username) or "?", action=ACTION_FAILED, target=_target(username),
                         detail={"method": "local", "reason": "locked", "locked_until": until.isoformat()})
            return LoginResult(False, reason="auth.login.locked", locked_until=until)
        account = find_account(session, username)
        if account is not None and account.active and verify_password(account.password_hash, password):
            if account.password_hash and needs_rehash(account.password_hash):
                account.password_hash = hash_password(password)
            account.failed_attempts = 0
            account.locked_until = None
            account.last_login_at = now
            throttle.record_success(session, name, client)
            audit.record(session, actor=account.username, action=ACTION_LOGIN, target=account.username,
                         detail={"method": "local"})
            return LoginResult(True, account=AccountInfo.of(account))
        if account is None or not account.active:
            verify_password(None, password)  # the same work as a real check: no timing hint
            reason = "unknown_user" if account is None else "inactive"
        else:
            reason = "wrong_password"
        failures, locked = throttle.record_failure(session, name, client, now)
        detail: dict[str, object] = {"method": "local", "reason": reason}
        if account is not None:
            detail["failures"] = failures
        who = account.username if account is not None else _target(username)
        audit.record(session, actor=who or "?", action=ACTION_FAILED, target=who, detail=detail)
        if locked is not None:
            audit.record(session, actor=who or "?", action=ACTION_LOCKED, target=who,
                         detail={"failures": failures, "locked_until": locked.isoformat(),
                                 "minutes": (locked - now).total_seconds() / 60})
            return LoginResult(False, reason="auth.login.locked", locked_until=locked)
        return LoginResult(False, reason="auth.login.failed")


def oidc_login(engine: Engine, email: str | None, *, subject: str = "", now: dt.datetime | None = None) -> LoginResult:
    """Match an OpenID Connect identity to an account by e-mail. No account: no access (audited)."""
    now = now or utcnow()
    with unit_of_work(engine) as session:
        account = match_oidc_email(session, email)
        if account is None:
            audit.record(session, actor=clip(email or subject or "?", WHO_WIDTH), action=ACTION_FAILED,
                         target=clip(email or "", TARGET_WIDTH), detail={"method": "oidc", "reason": "no_account"})
            return LoginResult(False, reason="auth.login.no_account", email=email)
        account.last_login_at = now
        audit.record(session, actor=account.username, action=ACTION_LOGIN, target=account.username,
                     detail={"method": "oidc", "email": account.email})
        return LoginResult(True, account=AccountInfo.of(account))


def record_logout(engine: Engine, username: str, *, reason: str = "logout") -> None:
    with unit_of_work(engine) as session:
        audit.record(session, actor=clip(username, WHO_WIDTH), action=ACTION_LOGOUT, target=clip(username, WHO_WIDTH),
                     detail={"reason": reason})


def current_account(engine: Engine, username: str) -> AccountInfo | None:
    """The logged-in user's account as it is now (role changes apply at once); None when gone or deactivated."""
    with read_session(engine) as session:
        account = find_account(session, username)
        return AccountInfo.of(account) if account is not None and account.active else None


def has_accounts(engine: Engine) -> bool:
    with read_session(engine) as session:
        return bool(session.scalar(select(func.count()).select_from(Account)))


def session_hours() -> float:
    """How long a login lasts: ``SESSION_HOURS`` (default 8)."""
    try:
        hours = float(env("SESSION_HOURS") or DEFAULT_SESSION_HOURS)
    except ValueError:
        return DEFAULT_SESSION_HOURS
    return hours if hours > 0 else DEFAULT_SESSION_HOURS


def session_expired(started_at: dt.datetime, *, now: dt.datetime | None = None, hours: float | None = None) -> bool:
    return (now or utcnow()) - started_at >= dt.timedelta(hours=hours if hours is not None else session_hours())


__all__ = ["BASE_LOCK", "MAX_FAILURES", "MAX_LOCK", "LoginResult", "authenticate", "current_account", "has_accounts",
           "lock_period", "normalise_username", "oidc_login", "record_logout", "session_expired", "session_hours"]
