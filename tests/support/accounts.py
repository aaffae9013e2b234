"""The accounts every test store holds: one per role (as `portfolio demo` creates them) and the test actors.

Stores are built once per session from a template (tests/conftest.py), so the Argon2 hashing is paid once.
"""

from __future__ import annotations

from sqlalchemy import Engine

from portfolio.auth.accounts import ensure_admin, ensure_demo_accounts
from portfolio.auth.models import Account
from portfolio.auth.permissions import find_account
from portfolio.auth.roles import Role
from portfolio.db import unit_of_work

TEST_PASSWORD = "test-password-4711"
# Names that existing tests pass as the acting user or actor; they act as secretariat admins.
TEST_ADMIN_ACTORS = ("test", "anna", "cli-user", "x", "t", "a", "b", "cron", "mette", "fuzz", "demo", "sekr",
                     "sekretariatet", "panel-user")


def seed_test_accounts(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        ensure_admin(session, password=TEST_PASSWORD, actor="test-setup")
        session.flush()
        ensure_demo_accounts(session, actor="admin", password=TEST_PASSWORD)
        for name in TEST_ADMIN_ACTORS:
            if find_account(session, name) is None:
                session.add(Account(username=name, display_name=name, role=Role.ADMIN, password_hash=None,
                                    active=True, failed_attempts=0, created_by="test-setup"))
