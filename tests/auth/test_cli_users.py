"""`portfolio user …` (admins only), the acting user of every command, and the accounts init and demo create."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import delete

from portfolio.auth.bootstrap import create_demo_accounts
from portfolio.auth.login import authenticate
from portfolio.auth.models import Account
from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.db import make_engine, unit_of_work
from tests.support.accounts import TEST_PASSWORD


@pytest.fixture
def cli(sqlite_engine, capsys, monkeypatch):
    def invoke(*argv: str, user: str = "admin", lang: str = "da", stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        ctx = CommandContext(Settings(database_url="sqlite://", language=lang, user=user), _engine=sqlite_engine)
        code = main(list(argv), ctx)
        out = capsys.readouterr()
        return code, out.out, out.err
    return invoke


def test_add_list_set_role_set_password(cli, sqlite_engine):
    code, out, _ = cli("user", "add", "Lise", "--role", "landsdel_editor", "--landsdel", "midt",
                       "--email", "lise@rm.example", "--password-stdin", stdin="lise-has-a-long-password\n")
    assert (code, out.strip()) == (0, "Bruger oprettet: lise (Landsdelsredaktør).")
    assert authenticate(sqlite_engine, "lise", "lise-has-a-long-password").ok

    code, out, _ = cli("user", "list", "--json")
    lise = next(u for u in json.loads(out) if u["username"] == "lise")
    assert (code, lise["role"], lise["landsdele"], lise["email"]) == (0, "landsdel_editor", ["midt"],
                                                                      "lise@rm.example")
    assert "password" not in json.dumps(lise).replace("local_password", "")

    assert cli("user", "set-role", "lise", "landsdel_editor", "--landsdel", "midt", "--landsdel", "syd")[0] == 0
    code, out, _ = cli("user", "set-password", "lise")
    generated = out.strip().splitlines()[-1].rsplit(": ", 1)[1]
    assert code == 0 and "vises kun denne ene gang" in out
    assert authenticate(sqlite_engine, "lise", generated).ok

    code, out, _ = cli("user", "add", "ole", "--role", "viewer", lang="en")
    assert code == 0 and "Password of ole (shown this once only): " in out


def test_oidc_only_user_and_deactivation(cli, sqlite_engine):
    assert cli("user", "add", "karen", "--role", "viewer", "--no-password", "--email", "karen@x.example")[0] == 0
    assert not authenticate(sqlite_engine, "karen", "").ok
    assert cli("user", "deactivate", "karen")[0] == 0
    code, _, err = cli("status", user="karen")
    assert code == 1 and "deaktiveret" in err


@pytest.mark.parametrize("user", ["viewer", "nord", "fut"])
def test_non_admins_are_refused_with_exit_1(cli, user):
    code, out, err = cli("user", "add", "x2", "--role", "admin", user=user, lang="en")
    assert code == 1 and out == ""
    assert "Not allowed" in err and "may not manage users" in err
    assert cli("user", "list", user=user)[0] == 1


def test_unknown_acting_user_exits_1_for_any_command(cli):
    code, out, err = cli("status", user="ghost", lang="en")
    assert (code, out) == (1, "")
    assert err.strip() == 'There is no user "ghost". An admin can add it with: portfolio user add'
    assert cli("user", "list", user="ghost")[0] == 1


@pytest.mark.parametrize("argv", [
    ("user", "add", "bad name", "--role", "viewer"),
    ("user", "add", "nord", "--role", "viewer"),
    ("user", "add", "ed", "--role", "landsdel_editor"),
    ("user", "set-role", "ghost", "viewer"),
    ("user", "set-password", "nord", "--password-stdin"),
])
def test_refused_input_exits_1(cli, argv):
    code, _, err = cli(*argv, stdin="short\n")
    assert code == 1 and err.strip() and "Traceback" not in err


@pytest.mark.parametrize("argv", [("user",), ("user", "add", "x"), ("user", "add", "xy", "--role", "emperor"),
                                  ("user", "set-role", "nord")])
def test_usage_errors_exit_2(cli, argv):
    assert cli(*argv)[0] == 2


@pytest.fixture
def fresh(tmp_path, capsys, monkeypatch):
    """`portfolio …` in-process on a store that does not exist yet; returns (exit code, stdout, stderr)."""
    for name in ("PORTFOLIO_ADMIN_PASSWORD", "PORTFOLIO_DEMO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'store.db'}"

    def invoke(*argv: str, user: str = "admin", **env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code = main(list(argv), CommandContext(Settings(database_url=url, language="en", user=user)))
        out = capsys.readouterr()
        return code, out.out, out.err
    invoke.url = url  # type: ignore[attr-defined]
    return invoke


def test_init_creates_admin_once_and_prints_a_generated_password(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "PORTFOLIO_LANG": "en"})
    run = [sys.executable, "-m", "portfolio", "init"]
    first = subprocess.run(run, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)
    assert first.returncode == 0, first.stderr
    [line] = [x for x in first.stdout.splitlines() if x.startswith("Password of admin")]
    again = subprocess.run(run, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)
    assert again.returncode == 0 and "Password" not in again.stdout
    assert authenticate(make_engine(env["DATABASE_URL"]), "admin", line.rsplit(": ", 1)[1]).ok


def test_init_and_demo_create_the_accounts_once(fresh):
    env = {"PORTFOLIO_ADMIN_PASSWORD": "admin-pass-from-env"}
    code, out, _ = fresh("init", **env)
    assert code == 0 and "admin-pass-from-env" not in out and "Password" not in out
    code, out, err = fresh("demo")
    assert code == 0, err
    assert "Demo accounts created: nord, midt, syd, hovedstaden, sjaelland, fut, viewer" in out
    [line] = [x for x in out.splitlines() if x.startswith("The demo accounts' password (shown this once only): ")]
    demo_password = line.rsplit(": ", 1)[1]
    status = fresh("status", "--json")[1]
    code, out, _ = fresh("demo", PORTFOLIO_DEMO_PASSWORD="other-demo-password")
    assert code == 0 and "Demo accounts" not in out and "password" not in out
    assert fresh("status", "--json")[1] == status
    engine = make_engine(fresh.url)
    assert authenticate(engine, "admin", "admin-pass-from-env").ok
    for name in ("nord", "midt", "syd", "hovedstaden", "sjaelland", "fut", "viewer"):
        assert authenticate(engine, name, demo_password).ok, name
    code, _, err = fresh("demo", user="nord")
    assert code == 1 and "may not load the demo data" in err


def test_missing_demo_accounts_get_the_password_from_the_environment(sqlite_engine, monkeypatch):
    with unit_of_work(sqlite_engine) as session:
        session.execute(delete(Account).where(Account.username.in_(["nord", "viewer"])))
    monkeypatch.setenv("PORTFOLIO_DEMO_PASSWORD", "demo-pass-from-env")
    created = create_demo_accounts(sqlite_engine, actor="admin")
    assert created.usernames == ["nord", "viewer"] and created.generated_password is None
    assert authenticate(sqlite_engine, "viewer", "demo-pass-from-env").ok
    assert authenticate(sqlite_engine, "midt", TEST_PASSWORD).ok  # the others are left alone


def test_weak_passwords_in_the_environment_are_refused(fresh):
    code, _, err = fresh("init", PORTFOLIO_ADMIN_PASSWORD="admin")
    assert code == 1
    assert "PORTFOLIO_ADMIN_PASSWORD is too weak" in err and "Traceback" not in err


def test_test_password_is_not_weak():
    from portfolio.auth.passwords import weak_password_reason
    assert weak_password_reason(TEST_PASSWORD) is None
