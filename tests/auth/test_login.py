"""Local login with throttling (a fake clock), OpenID Connect matching, session expiry, and what the audit log says."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portfolio.auth.accounts import add_account, set_password
from portfolio.auth.login import (
    MAX_FAILURES,
    authenticate,
    current_account,
    lock_period,
    oidc_login,
    session_expired,
)
from portfolio.auth.roles import Role
from portfolio.db import read_session, unit_of_work
from portfolio.models import AuditEvent
from tests.support.accounts import TEST_PASSWORD

T0 = dt.datetime(2026, 3, 2, 9, 0)


def events(engine, *actions: str) -> list[AuditEvent]:
    with read_session(engine) as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if actions:
            query = query.where(AuditEvent.action.in_(actions))
        return list(session.scalars(query))


def test_right_password_logs_in_and_is_audited(sqlite_engine):
    result = authenticate(sqlite_engine, "Nord ", TEST_PASSWORD, now=T0)
    assert result.ok and result.account.username == "nord" and result.account.landsdele == ("nord",)
    [event] = events(sqlite_engine, "auth.login")
    assert (event.actor, event.target, event.detail) == ("nord", "nord", {"method": "local"})
    assert current_account(sqlite_engine, "nord").last_login_at == T0


def test_wrong_password_and_unknown_user_give_the_same_answer(sqlite_engine):
    wrong = authenticate(sqlite_engine, "nord", "not the password", now=T0)
    unknown = authenticate(sqlite_engine, "nobody", "not the password", now=T0)
    assert not wrong.ok and not unknown.ok
    assert wrong.message("da") == unknown.message("da") == "Forkert brugernavn eller adgangskode."
    assert unknown.message("en") == "Wrong username or password."
    failed = events(sqlite_engine, "auth.login_failed")
    assert [(e.target, e.detail["reason"]) for e in failed] == [("nord", "wrong_password"),
                                                                ("nobody", "unknown_user")]


def test_failures_lock_the_account_for_a_growing_period(sqlite_engine):
    now = T0
    for attempt in range(1, MAX_FAILURES):
        assert authenticate(sqlite_engine, "syd", f"wrong-{attempt}", now=now).reason == "auth.login.failed"
    locked = authenticate(sqlite_engine, "syd", "wrong-5", now=now)
    assert locked.reason == "auth.login.locked" and locked.locked_until == now + dt.timedelta(minutes=1)
    assert "Prøv igen efter 2026-03-02 09:01" in locked.message("da")
    # While locked even the right password is refused, and the password is not even checked.
    assert authenticate(sqlite_engine, "syd", TEST_PASSWORD, now=now + dt.timedelta(seconds=59)).reason == \
        "auth.login.locked"
    # After the lock one more failure locks for twice as long.
    now += dt.timedelta(minutes=1)
    again = authenticate(sqlite_engine, "syd", "wrong-6", now=now)
    assert again.locked_until == now + dt.timedelta(minutes=2)
    now += dt.timedelta(minutes=2)
    assert authenticate(sqlite_engine, "syd", TEST_PASSWORD, now=now).ok
    # Success resets the counter: the next failure does not lock.
    assert authenticate(sqlite_engine, "syd", "wrong", now=now).reason == "auth.login.failed"
    assert [e.detail["locked_until"] for e in events(sqlite_engine, "auth.locked")] == [
        "2026-03-02T09:01:00", "2026-03-02T09:03:00"]


def test_lock_period_doubles_up_to_an_hour():
    assert [lock_period(n).total_seconds() / 60 for n in range(4, 13)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]


def test_admin_setting_a_password_lifts_the_lock(sqlite_engine):
    for _ in range(MAX_FAILURES):
        authenticate(sqlite_engine, "midt", "wrong", now=T0)
    with unit_of_work(sqlite_engine) as session:
        set_password(session, actor="admin", username="midt", password="a-brand-new-passphrase")
    assert authenticate(sqlite_engine, "midt", "a-brand-new-passphrase", now=T0).ok


def test_the_password_never_reaches_the_audit_log(sqlite_engine):
    authenticate(sqlite_engine, "fut", "Hemmelig-Kode-123", now=T0)
    authenticate(sqlite_engine, "fut", TEST_PASSWORD, now=T0)
    for event in events(sqlite_engine):
        text = f"{event.actor} {event.target} {event.detail}"
        assert "Hemmelig-Kode-123" not in text and TEST_PASSWORD not in text


def test_oidc_identity_matches_by_email_only(sqlite_engine):
    ok = oidc_login(sqlite_engine, "Nord@Demo.Invalid", now=T0)
    assert ok.ok and ok.account.username == "nord" and ok.account.role is Role.LANDSDEL_EDITOR
    stranger = oidc_login(sqlite_engine, "someone@region.example", now=T0)
    assert not stranger.ok and stranger.account is None
    assert "someone@region.example" in stranger.message("da") and "ingen adgang" in stranger.message("da")
    assert [(e.action, e.detail["method"]) for e in events(sqlite_engine, "auth.login", "auth.login_failed")] == [
        ("auth.login", "oidc"), ("auth.login_failed", "oidc")]


def test_oidc_only_account_cannot_log_in_locally(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        add_account(session, actor="admin", username="karen", role=Role.VIEWER, email="karen@rm.example")
    assert not authenticate(sqlite_engine, "karen", "", now=T0).ok
    assert oidc_login(sqlite_engine, "karen@rm.example", now=T0).ok


def test_sessions_expire(monkeypatch):
    assert not session_expired(T0, now=T0 + dt.timedelta(hours=7, minutes=59))
    assert session_expired(T0, now=T0 + dt.timedelta(hours=8))
    monkeypatch.setenv("SESSION_HOURS", "1")
    assert session_expired(T0, now=T0 + dt.timedelta(hours=1))
    monkeypatch.setenv("SESSION_HOURS", "nonsense")
    assert not session_expired(T0, now=T0 + dt.timedelta(hours=1))
