"""Login sessions: only the token's hash is stored; revoked, expired, deactivated or forged means no login."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portfolio.auth import accounts
from portfolio.auth.sessions import (
    COOKIE_NAME,
    LoginSession,
    active_session,
    issue_ticket,
    list_sessions,
    redeem_ticket,
    revoke,
    revoke_all,
    token_hash,
)
from portfolio.cli import main
from portfolio.db import read_session, unit_of_work


def _login(engine, username: str = "viewer") -> str:
    with unit_of_work(engine) as session:
        ticket = issue_ticket(session, username=username)
    with unit_of_work(engine) as session:
        token = redeem_ticket(session, ticket, hours=8)
    assert token
    return token


def _active(engine, token):
    with read_session(engine) as session:
        return active_session(session, token)


def test_a_ticket_gives_one_session_and_only_hashes_are_stored(engine):
    with unit_of_work(engine) as session:
        ticket = issue_ticket(session, username="viewer")
    with unit_of_work(engine) as session:
        token = redeem_ticket(session, ticket, hours=8)
    with unit_of_work(engine) as session:
        assert redeem_ticket(session, ticket, hours=8) is None  # one time only
    current = _active(engine, token)
    assert current is not None and current.username == "viewer"
    with read_session(engine) as session:
        stored = {row.token_hash for row in session.scalars(select(LoginSession))}
    assert token_hash(token) in stored and token not in stored and ticket not in stored
    assert _active(engine, ticket) is None  # a ticket is not a session
    for forged in ("", "x", "forged" * 10, token[:-1], "a" * 5000):
        assert _active(engine, forged) is None


def test_an_old_ticket_is_refused(engine):
    with unit_of_work(engine) as session:
        ticket = issue_ticket(session, username="viewer", now=dt.datetime(2020, 1, 1))
    with unit_of_work(engine) as session:
        assert redeem_ticket(session, ticket, hours=8) is None


def test_expiry_logout_and_log_out_everywhere(engine):
    token = _login(engine)
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=8, seconds=1)
    with read_session(engine) as session:
        assert active_session(session, token, now=later) is None
    current = _active(engine, token)
    with unit_of_work(engine) as session:
        assert revoke(session, current.id, actor="viewer", reason="logout")
    assert _active(engine, token) is None
    first, second = _login(engine), _login(engine)
    with unit_of_work(engine) as session:
        assert revoke_all(session, "viewer", actor="admin", reason="admin") == 2
    assert _active(engine, first) is None and _active(engine, second) is None


@pytest.mark.parametrize("change", ["password", "deactivate"])
def test_a_new_password_or_deactivation_ends_every_session(engine, change):
    token = _login(engine, "syd")
    with unit_of_work(engine) as session:
        if change == "password":
            accounts.set_password(session, actor="admin", username="syd", password="a-new-password-4711")
        else:
            accounts.set_active(session, actor="admin", username="syd", active=False)
    assert _active(engine, token) is None


def test_cli_lists_and_revokes(sqlite_engine, monkeypatch, capsys):
    token = _login(sqlite_engine, "nord")
    monkeypatch.setenv("DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("PORTFOLIO_LANG", "en")
    capsys.readouterr()
    assert main(["session", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert '"nord"' in listed and token not in listed and token_hash(token) not in listed
    assert main(["session", "revoke", "nord"]) == 0
    assert "1 sessions of nord ended" in capsys.readouterr().out
    assert _active(sqlite_engine, token) is None
    assert main(["session", "revoke", "nobody"]) == 1
    monkeypatch.setenv("PORTFOLIO_USER", "viewer")
    assert main(["session", "revoke", "nord"]) == 1  # admins only
    with read_session(sqlite_engine) as session:
        assert list_sessions(session, username="nord", include_ended=True)[0]["revoked_reason"]


def test_the_web_routes(sqlite_engine, monkeypatch):
    """/healthz says ok without data; the ticket route sets an HttpOnly, SameSite=Lax cookie for same-origin posts."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from ui import web

    monkeypatch.setenv("DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setattr(web, "_engine", None)
    client = TestClient(Starlette(routes=web.routes(), middleware=web.middleware()), base_url="http://testserver")
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert health.headers["x-frame-options"] == "DENY"
    assert health.headers["content-security-policy"] == "frame-ancestors 'none'"
    with unit_of_work(sqlite_engine) as session:
        ticket = issue_ticket(session, username="viewer")
    refused = client.post("/auth/session", data={"ticket": ticket}, headers={"origin": "http://evil.example"},
                          follow_redirects=False)
    assert refused.status_code == 403
    answer = client.post("/auth/session", data={"ticket": ticket, "next": "//evil.example/x"},
                         headers={"origin": "http://testserver"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    tls = client.post("/auth/session", data={"ticket": "used-or-forged"},
                      headers={"origin": "http://testserver", "x-forwarded-proto": "https"}, follow_redirects=False)
    assert "set-cookie" not in tls.headers  # nothing for a forged ticket
    with unit_of_work(sqlite_engine) as session:
        ticket = issue_ticket(session, username="viewer")
    secure = client.post("/auth/session", data={"ticket": ticket, "next": "/milestones?x=1"},
                         headers={"origin": "http://testserver", "x-forwarded-proto": "https"},
                         follow_redirects=False)
    assert "Secure" in secure.headers["set-cookie"] and secure.headers["location"] == "/milestones?x=1"

    token = secure.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert _active(sqlite_engine, token) is not None
    client.cookies.set(COOKIE_NAME, token)
    assert client.post("/auth/logout", headers={"origin": "http://evil.example"},
                       follow_redirects=False).status_code == 403
    out = client.post("/auth/logout", headers={"origin": "http://testserver"}, follow_redirects=False)
    assert out.status_code == 303 and f'{COOKIE_NAME}=""' in out.headers["set-cookie"]
    assert _active(sqlite_engine, token) is None

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    monkeypatch.setattr(web, "_engine", None)
    down = client.get("/healthz")
    assert down.status_code == 503 and down.json() == {"status": "unavailable"}
    web._engine.dispose()
    monkeypatch.setattr(web, "_engine", None)
