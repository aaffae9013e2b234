"""The account service: admins only, validated input, every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.auth.accounts import (
    AccountError,
    add_account,
    get_account,
    list_accounts,
    set_active,
    set_email,
    set_role,
)
from portfolio.auth.permissions import PermissionDenied
from portfolio.auth.roles import Role
from portfolio.db import read_session, unit_of_work
from portfolio.models import AuditEvent
from tests.support.accounts import TEST_ADMIN_ACTORS


def test_admin_adds_an_editor_and_it_is_audited(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        info = add_account(session, actor="admin", username="Jens", role=Role.LANDSDEL_EDITOR,
                           landsdele=["syd"], email="Jens@RSyd.example", password="long enough passphrase")
    assert (info.username, info.email, info.landsdele, info.has_password) == ("jens", "jens@rsyd.example",
                                                                              ("syd",), True)
    with read_session(sqlite_engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.add")
                                .order_by(AuditEvent.id.desc())).first()
    assert (event.actor, event.target, event.detail["role"], event.detail["landsdele"]) == (
        "admin", "jens", "landsdel_editor", ["syd"])
    assert "passphrase" not in str(event.detail)


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"username": "nord", "role": Role.VIEWER}, "auth.account.exists"),
    ({"username": "x", "role": Role.VIEWER}, "auth.account.bad_username"),
    ({"username": "bad name", "role": Role.VIEWER}, "auth.account.bad_username"),
    ({"username": "ed", "role": Role.LANDSDEL_EDITOR}, "auth.account.editor_needs_landsdel"),
    ({"username": "ed", "role": Role.LANDSDEL_EDITOR, "landsdele": ["fyn"]}, "auth.account.bad_landsdel"),
    ({"username": "ed", "role": Role.VIEWER, "landsdele": ["nord"]}, "auth.account.landsdel_only_editor"),
    ({"username": "ed", "role": Role.VIEWER, "email": "nord@demo.invalid"}, "auth.account.email_taken"),
    ({"username": "ed", "role": Role.VIEWER, "email": "not-an-email"}, "auth.account.bad_email"),
    ({"username": "ed", "role": Role.VIEWER, "password": "short"}, "auth.password.too_short"),
])
def test_bad_input_is_refused(sqlite_engine, kwargs, key):
    with pytest.raises(AccountError) as error, unit_of_work(sqlite_engine) as session:
        add_account(session, actor="admin", **kwargs)
    assert error.value.key == key
    assert error.value.message("da") and error.value.message("en")


@pytest.mark.parametrize("actor", ["viewer", "nord", "fut", "ghost"])
def test_only_admins_manage_users(sqlite_engine, actor):
    with pytest.raises(PermissionDenied), unit_of_work(sqlite_engine) as session:
        add_account(session, actor=actor, username="newbie", role=Role.ADMIN)
    with pytest.raises(PermissionDenied), unit_of_work(sqlite_engine) as session:
        list_accounts(session, actor=actor)
    with read_session(sqlite_engine) as session:
        assert get_account(session, "newbie") is None


OTHER_ADMINS = TEST_ADMIN_ACTORS  # every admin of the test store but "admin"


def test_role_change_replaces_landsdele_and_keeps_one_admin(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        assert set_role(session, actor="admin", username="viewer", role=Role.LANDSDEL_EDITOR,
                        landsdele=["midt", "nord"]).landsdele == ("nord", "midt")
        assert set_role(session, actor="admin", username="nord", role=Role.FUT_REPORTER).landsdele == ()
        set_email(session, actor="admin", username="fut", email=None)
        for name in OTHER_ADMINS:
            set_active(session, actor="admin", username=name, active=False)
    with pytest.raises(AccountError) as error, unit_of_work(sqlite_engine) as session:
        set_role(session, actor="admin", username="admin", role=Role.VIEWER)
    assert error.value.key == "auth.account.last_admin"
    with read_session(sqlite_engine) as session:
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.actor == "admin",
                                                                       AuditEvent.action.like("user.%"))))
    assert actions[-(3 + len(OTHER_ADMINS)):] == ["user.set_role", "user.set_role", "user.set_email",
                                                  *["user.deactivate"] * len(OTHER_ADMINS)]
