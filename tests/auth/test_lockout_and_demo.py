"""Lock-out per name and client, no enumeration, and a demo that hands out no admin role (#13)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from portfolio.auth.accounts import set_password
from portfolio.auth.login import MAX_FAILURES, authenticate
from portfolio.auth.models import Account
from portfolio.auth.roles import Role
from portfolio.auth.throttle import MAX_CLIENT_FAILURES, client_address
from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.db import make_engine, read_session, unit_of_work
from portfolio.models import PlanVersion
from tests.support.accounts import TEST_PASSWORD

T0 = dt.datetime(2026, 3, 2, 9, 0)
ATTACKER, SECRETARIAT = "203.0.113.66", "198.51.100.7"


def test_a_loop_of_wrong_passwords_does_not_lock_the_admin_out_for_everyone(engine):
    for attempt in range(3 * MAX_FAILURES):
        authenticate(engine, "admin", f"guess-{attempt}", client=ATTACKER, now=T0)
    assert authenticate(engine, "admin", TEST_PASSWORD, client=ATTACKER, now=T0).reason == "auth.login.locked"
    assert authenticate(engine, "admin", TEST_PASSWORD, client=SECRETARIAT, now=T0).ok


def test_a_locked_account_and_an_unknown_name_answer_alike(engine):
    for name in ("admin", "nobody-here"):
        answers = [authenticate(engine, name, "wrong", client=ATTACKER, now=T0) for _ in range(MAX_FAILURES + 1)]
        assert [a.reason for a in answers] == ["auth.login.failed"] * (MAX_FAILURES - 1) + ["auth.login.locked"] * 2
    locked = authenticate(engine, "admin", TEST_PASSWORD, client=ATTACKER, now=T0)
    unknown = authenticate(engine, "nobody-here", TEST_PASSWORD, client=ATTACKER, now=T0)
    for lang in ("da", "en"):
        assert locked.message(lang) == unknown.message(lang)


def test_a_client_guessing_at_many_names_is_locked_out_of_all(sqlite_engine):
    for n in range(MAX_CLIENT_FAILURES):
        authenticate(sqlite_engine, f"name-{n}", "wrong", client=ATTACKER, now=T0)
    assert authenticate(sqlite_engine, "nord", TEST_PASSWORD, client=ATTACKER, now=T0).reason == "auth.login.locked"
    assert authenticate(sqlite_engine, "nord", TEST_PASSWORD, client=SECRETARIAT, now=T0).ok
    later = T0 + dt.timedelta(hours=2)
    assert authenticate(sqlite_engine, "nord", TEST_PASSWORD, client=ATTACKER, now=later).ok


def test_a_new_password_lifts_every_clients_lock(sqlite_engine):
    for client in (ATTACKER, SECRETARIAT):
        for _ in range(MAX_FAILURES):
            authenticate(sqlite_engine, "midt", "wrong", client=client, now=T0)
    with unit_of_work(sqlite_engine) as session:
        set_password(session, actor="admin", username="midt", password="a-brand-new-passphrase")
    assert authenticate(sqlite_engine, "midt", "a-brand-new-passphrase", client=SECRETARIAT, now=T0).ok


def test_the_client_address_believes_x_forwarded_for_only_from_a_trusted_proxy():
    headers = {"X-Forwarded-For": "10.0.0.9, 192.0.2.44"}
    assert client_address("192.0.2.10", headers, environ={}) == "192.0.2.10"  # anyone can write the header
    trusted = {"PORTFOLIO_TRUSTED_PROXIES": "127.0.0.1"}
    assert client_address("127.0.0.1", headers, environ=trusted) == "192.0.2.44"  # what our proxy appended
    assert client_address("127.0.0.1", {"X-Forwarded-For": "nonsense"}, environ=trusted) == "127.0.0.1"
    assert client_address(None, headers, environ=trusted) == "192.0.2.44"  # Streamlit's None: loopback
    assert client_address(None, headers, environ={}) == "127.0.0.1"
    assert client_address("not an address", headers, environ={}) == "unknown"


def test_no_demo_account_is_an_admin(demo_engine):
    with read_session(demo_engine) as session:
        admins = set(session.scalars(select(Account.username).where(Account.role == Role.ADMIN)))
    from portfolio.auth.accounts import DEMO_ACCOUNTS

    assert not any(role is Role.ADMIN for _, role, _, _ in DEMO_ACCOUNTS)
    assert "sekretariat" not in admins


def test_demo_with_a_refused_password_stores_nothing(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("PORTFOLIO_ADMIN_PASSWORD", TEST_PASSWORD)
    assert main(["init"], CommandContext(Settings(database_url=url, language="en", user="admin"))) == 0
    monkeypatch.setenv("PORTFOLIO_DEMO_PASSWORD", "demo")
    code = main(["demo"], CommandContext(Settings(database_url=url, language="en", user="admin")))
    assert code == 1 and "PORTFOLIO_DEMO_PASSWORD is too weak" in capsys.readouterr().err
    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            assert session.scalar(select(func.count()).select_from(PlanVersion)) == 0
            assert set(session.scalars(select(Account.username))) == {"admin"}
    finally:
        engine.dispose()
