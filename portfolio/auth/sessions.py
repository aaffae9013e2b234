"""Login sessions that survive a reload: a random token in an HttpOnly cookie, only its hash in the store.

A session lasts ``SESSION_HOURS`` (portfolio.auth.login.session_hours). It ends when it is revoked (logout, a
new password, deactivation, an admin's "log out everywhere") or expires; every script run checks it, so the
end reaches every tab at its next interaction. A session can be listed and revoked by its id; the token itself
is never stored or logged.

The cookie is set by a route of the app's web server (ui/web.py), never by the script: a logged-in script
asks for a one-time *ticket* (random, hashed, a minute long) that the browser posts to that route in exchange
for the cookie.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Index, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portfolio import audit
from portfolio.auth.models import Account
from portfolio.models import WHO_WIDTH, Base
from portfolio.text import clip

COOKIE_NAME = "portfolio_session"
TICKET_SECONDS = 60
KIND_SESSION = "session"
KIND_TICKET = "ticket"

ACTION_SESSION_START = "auth.session_start"
ACTION_SESSION_REVOKE = "auth.session_revoke"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class LoginSession(Base):
    """A login (or a one-time ticket for one): the token's SHA-256, whose, since when, until when, ended why."""

    __tablename__ = "login_session"
    __table_args__ = (Index("ix_login_session_account", "account_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default=KIND_SESSION)  # "session" or "ticket"
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(10), default="local")  # "local" or "oidc"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


@dataclass(frozen=True)
class ActiveSession:
    """A valid session as plain data: what a script run needs to know."""

    id: int
    username: str
    method: str
    created_at: dt.datetime
    expires_at: dt.datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def issue_ticket(session: Session, *, username: str, method: str = "local", now: dt.datetime | None = None) -> str:
    """A one-time ticket for ``username``'s just-checked login; the route exchanges it for the session cookie."""
    now = now or utcnow()
    account = _account(session, username)
    ticket = new_token()
    session.add(LoginSession(token_hash=token_hash(ticket), kind=KIND_TICKET, account_id=account.id, method=method,
                             created_at=now, expires_at=now + dt.timedelta(seconds=TICKET_SECONDS)))
    return ticket


def redeem_ticket(session: Session, ticket: str, *, hours: float, now: dt.datetime | None = None) -> str | None:
    """The token of a new session for a valid, unused ticket (which is used up); None otherwise."""
    now = now or utcnow()
    if not isinstance(ticket, str) or not ticket or len(ticket) > 200:
        return None
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(ticket),
                                                    LoginSession.kind == KIND_TICKET))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    used = session.execute(  # one redemption only, however many arrive at once
        update(LoginSession).where(LoginSession.id == row.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason="redeemed").execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        return None
    account = session.get(Account, row.account_id)
    if account is None or not account.active:
        return None
    token = new_token()
    started = LoginSession(token_hash=token_hash(token), kind=KIND_SESSION, account_id=account.id,
                           method=row.method, created_at=now, expires_at=now + dt.timedelta(hours=hours))
    session.add(started)
    session.flush()
    audit.record(session, actor=account.username, action=ACTION_SESSION_START, target=account.username,
                 detail={"session": started.id, "method": row.method, "hours": hours})
    return token


def active_session(session: Session, token: str | None, *, now: dt.datetime | None = None) -> ActiveSession | None:
    """The valid session of a cookie's token: known, a session (not a ticket), not revoked, not expired, and its
    account active. None for anything else, a forged or malformed token included."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.execute(
        select(LoginSession.id, Account.username, LoginSession.method, LoginSession.created_at,
               LoginSession.expires_at)
        .join(Account, Account.id == LoginSession.account_id)
        .where(LoginSession.token_hash == token_hash(token), LoginSession.kind == KIND_SESSION,
               LoginSession.revoked_at.is_(None), LoginSession.expires_at > now, Account.active.is_(True))
    ).first()
    return ActiveSession(*row) if row else None


def session_is_valid(session: Session, session_id: int, *, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    return session.scalar(
        select(LoginSession.id).join(Account, Account.id == LoginSession.account_id)
        .where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None), LoginSession.expires_at > now,
               Account.active.is_(True))
    ) is not None


def revoke(session: Session, session_id: int, *, actor: str, reason: str, now: dt.datetime | None = None) -> bool:
    """End one session (logout). True if it was still running."""
    now = now or utcnow()
    ended = session.execute(
        update(LoginSession).where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=clip(reason, 40))
    ).rowcount
    if ended:
        audit.record(session, actor=clip(actor, WHO_WIDTH), action=ACTION_SESSION_REVOKE, target=clip(actor, WHO_WIDTH),
                     detail={"sessions": [session_id], "reason": reason})
    return bool(ended)


def revoke_all(session: Session, username: str, *, actor: str, reason: str, now: dt.datetime | None = None) -> int:
    """End every running session and ticket of an account (log out everywhere, new password, deactivated)."""
    now = now or utcnow()
    account = _account(session, username)
    ids = list(session.scalars(select(LoginSession.id).where(LoginSession.account_id == account.id,
                                                             LoginSession.revoked_at.is_(None))))
    if ids:
        session.execute(update(LoginSession).where(LoginSession.id.in_(ids))
                        .values(revoked_at=now, revoked_reason=clip(reason, 40)))
        audit.record(session, actor=clip(actor, WHO_WIDTH), action=ACTION_SESSION_REVOKE, target=account.username,
                     detail={"sessions": ids, "reason": reason})
    return len(ids)


def list_sessions(session: Session, *, username: str | None = None, include_ended: bool = False,
                  now: dt.datetime | None = None) -> list[dict]:
    """Sessions as plain data (never the token or its hash), newest first."""
    now = now or utcnow()
    query = (select(LoginSession, Account.username).join(Account, Account.id == LoginSession.account_id)
             .where(LoginSession.kind == KIND_SESSION).order_by(LoginSession.id.desc()))
    if username is not None:
        query = query.where(Account.username == _account(session, username).username)
    rows = []
    for row, name in session.execute(query):
        running = row.revoked_at is None and row.expires_at > now
        if running or include_ended:
            rows.append({"id": row.id, "user": name, "method": row.method, "created_at": row.created_at,
                         "expires_at": row.expires_at, "revoked_at": row.revoked_at,
                         "revoked_reason": row.revoked_reason, "active": running})
    return rows


class UnknownAccount(LookupError):
    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.username = username


def _account(session: Session, username: str) -> Account:
    from portfolio.auth.permissions import find_account

    account = find_account(session, username)
    if account is None:
        raise UnknownAccount(username)
    return account


def _register_messages() -> None:
    from portfolio.i18n import MESSAGES, register_messages

    messages = {
        "svc.session.ended": ("Du er logget ud: sessionen blev afsluttet (i en anden fane, af en administrator eller "
                              "fordi adgangskoden er ændret).",
                              "You have been logged out: the session was ended (in another tab, by an admin, or "
                              "because the password changed)."),
        "svc.session.logout_everywhere": ("Afslut alle mine sessioner", "End all my sessions"),
        "svc.session.revoked": ("{count} sessioner for {user} er afsluttet.", "{count} sessions of {user} ended."),
        "svc.session.unknown_user": ("Brugeren »{user}« findes ikke.", "There is no user \"{user}\"."),
        "svc.session.none": ("Ingen aktive sessioner.", "No active sessions."),
    }
    if "svc.session.ended" not in MESSAGES:
        register_messages(messages)


_register_messages()
