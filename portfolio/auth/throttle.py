"""Throttling failed logins per (username, client address) and per client address.

Counting failures on the account alone lets anyone lock the admin out for an hour with a loop of wrong passwords.
Here a failure counts against the pair (the name that was typed, the client that typed it) and against the
client: after :data:`MAX_FAILURES` for one name, that client is locked out of that name; after
:data:`MAX_CLIENT_FAILURES` for any names, out of every name. Nobody else is affected. The periods double with
every further failure (1, 2, 4 … minutes, at most an hour), and a quiet hour forgets the count.

The name typed is counted whether or not an account has it, so a locked account and an unknown name answer
alike (no enumeration). Names and addresses are stored as SHA-256 digests only.

The client address comes from the web server's socket. Behind a reverse proxy that appends the client to
``X-Forwarded-For`` (the deployment's nginx does), set ``PORTFOLIO_TRUSTED_PROXIES`` to the proxy's
address(es), 127.0.0.1 for one on the same machine: only then is the header's last entry believed, since a
client can write anything it likes into it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portfolio.auth.models import LoginThrottle
from portfolio.config import environment

MAX_FAILURES = 5  # per name and client
MAX_CLIENT_FAILURES = 20  # per client, any names
BASE_LOCK = dt.timedelta(minutes=1)
MAX_LOCK = dt.timedelta(hours=1)
FORGET_AFTER = dt.timedelta(hours=1)  # a count that has been quiet this long starts again
TRUSTED_PROXIES_ENV = "PORTFOLIO_TRUSTED_PROXIES"
UNKNOWN_CLIENT = "unknown"
LOOPBACK = "127.0.0.1"


def lock_period(failures: int, threshold: int = MAX_FAILURES) -> dt.timedelta:
    """How long a key is locked after ``failures`` failures in a row."""
    if failures < threshold:
        return dt.timedelta(0)
    return min(BASE_LOCK * 2 ** (failures - threshold), MAX_LOCK)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _keys(username: str, client: str) -> list[tuple[str, str | None, int]]:
    """(key digest, account digest, threshold) of the two counters a login attempt touches."""
    return [(_digest(f"account|{username}|{client}"), _digest(username), MAX_FAILURES),
            (_digest(f"client|{client}"), None, MAX_CLIENT_FAILURES)]


def locked_until(session: Session, username: str, client: str, now: dt.datetime) -> dt.datetime | None:
    """When the lock on this name for this client (or on the client) ends; None when not locked."""
    digests = [key for key, _, _ in _keys(username, client)]
    ends = [row.locked_until for row in session.scalars(select(LoginThrottle).where(
        LoginThrottle.key_digest.in_(digests))) if row.locked_until is not None and row.locked_until > now]
    return max(ends, default=None)


def record_failure(session: Session, username: str, client: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Count a failure; returns (failures for this name and client, the end of a lock it set or None)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.updated_at < now - 24 * FORGET_AFTER))
    result: tuple[int, dt.datetime | None] = (0, None)
    ends: list[dt.datetime] = []
    for index, (key, account, threshold) in enumerate(_keys(username, client)):
        row = session.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key_digest=key, account_digest=account, failures=0, locked_until=None, updated_at=now)
            session.add(row)
        elif now - row.updated_at > FORGET_AFTER and (row.locked_until is None or row.locked_until <= now):
            row.failures = 0
        row.failures += 1
        row.updated_at = now
        period = lock_period(row.failures, threshold)
        if period:
            row.locked_until = now + period
            ends.append(row.locked_until)
        if index == 0:
            result = (row.failures, None)
    session.flush()
    return result[0], max(ends, default=None)


def record_success(session: Session, username: str, client: str) -> None:
    """A right password from this client: its count for this name starts again (the client's own does not, so
    one account of its own does not let a client guess at the others)."""
    key, _, _ = _keys(username, client)[0]
    session.execute(delete(LoginThrottle).where(LoginThrottle.key_digest == key))


def forget_account(session: Session, username: str) -> None:
    """Lift every client's lock on this name (an admin set a new password)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.account_digest == _digest(username)))


def client_address(peer: str | None, headers: Mapping[str, str] | None = None,
                   environ: Mapping[str, str] | None = None) -> str:
    """The client's address: the socket's peer, or, when the peer is a trusted proxy, the last address the
    proxy appended to X-Forwarded-For. Streamlit gives no peer (None) for a loopback connection: that is taken
    as 127.0.0.1, so a proxy on the same machine can be trusted as ``PORTFOLIO_TRUSTED_PROXIES=127.0.0.1``."""
    env = environment() if environ is None else environ
    peer = (peer or LOOPBACK).strip()
    trusted = {entry.strip() for entry in env.get(TRUSTED_PROXIES_ENV, "").split(",") if entry.strip()}
    if peer and peer in trusted and headers:
        forwarded = next((value for name, value in headers.items() if name.lower() == "x-forwarded-for"), "")
        last = forwarded.split(",")[-1].strip() if forwarded else ""
        if _is_address(last):
            return last
    return peer if _is_address(peer) else UNKNOWN_CLIENT


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
