"""`authorize`: the one check, for the four roles and every action."""

from __future__ import annotations

import pytest

from portfolio.auth.accounts import add_account, set_active
from portfolio.auth.permissions import Action, PermissionDenied, authorize
from portfolio.auth.roles import Role
from portfolio.db import unit_of_work

ADMIN_ONLY = {Action.CREATE_SNAPSHOT, Action.MANAGE_TARGETS, Action.MANAGE_COMPONENTS, Action.MANAGE_USERS,
              Action.VIEW_AUDIT, Action.LOAD_DEMO}
EXPECTED = {  # (user, action, landsdel) -> allowed
    **{("admin", a, "syd"): True for a in Action},
    **{("viewer", a, "syd"): a in {Action.VIEW_PORTFOLIO, Action.EXPORT_SNAPSHOT} for a in Action},
    **{("fut", a, "syd"): a in {Action.VIEW_PORTFOLIO, Action.EXPORT_SNAPSHOT, Action.IMPORT_FEED,
                                 Action.EDIT_FUT_RISK} for a in Action},
    **{("nord", a, "syd"): a in {Action.VIEW_PORTFOLIO, Action.EXPORT_SNAPSHOT} for a in Action},
    **{("nord", a, "nord"): a in {Action.VIEW_PORTFOLIO, Action.EXPORT_SNAPSHOT, Action.IMPORT_PLAN,
                                 Action.UPDATE_MEETING_ACTION, Action.EDIT_RISK} for a in Action},
}


@pytest.mark.parametrize(("user", "action", "landsdel"), sorted(EXPECTED, key=str), ids=str)
def test_role_action_matrix(sqlite_engine, user, action, landsdel):
    with unit_of_work(sqlite_engine) as session:
        if EXPECTED[(user, action, landsdel)]:
            assert authorize(session, user, action, landsdel_key=landsdel).username == user
        else:
            with pytest.raises(PermissionDenied):
                authorize(session, user, action, landsdel_key=landsdel)


def test_every_admin_only_action_is_refused_to_every_other_role(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        for user in ("viewer", "fut", "nord", "syd"):
            for action in ADMIN_ONLY:
                with pytest.raises(PermissionDenied):
                    authorize(session, user, action, landsdel_key="nord")


def test_unknown_and_inactive_users_are_refused_even_to_read(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        with pytest.raises(PermissionDenied) as unknown:
            authorize(session, "ghost", Action.VIEW_PORTFOLIO)
        assert unknown.value.key == "auth.denied.unknown_user"
        set_active(session, actor="admin", username="viewer", active=False)
        with pytest.raises(PermissionDenied) as inactive:
            authorize(session, "viewer", Action.VIEW_PORTFOLIO)
        assert inactive.value.key == "auth.denied.inactive"


def test_editor_of_two_landsdele_and_a_plan_of_unknown_landsdel(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        add_account(session, actor="admin", username="vest", role=Role.LANDSDEL_EDITOR, landsdele=["midt", "nord"])
        authorize(session, "vest", Action.IMPORT_PLAN, landsdel_key="midt")
        authorize(session, "vest", Action.IMPORT_PLAN, landsdel_key="nord")
        with pytest.raises(PermissionDenied):
            authorize(session, "vest", Action.IMPORT_PLAN, landsdel_key="syd")
        with pytest.raises(PermissionDenied) as unknown:
            authorize(session, "vest", Action.IMPORT_PLAN)
        assert unknown.value.key == "auth.denied.no_landsdel"
        authorize(session, "admin", Action.IMPORT_PLAN)  # the secretariat may import for any landsdel


def test_refusal_says_who_what_and_why_in_both_languages(sqlite_engine):
    with unit_of_work(sqlite_engine) as session, pytest.raises(PermissionDenied) as denied:
        authorize(session, "NORD", Action.IMPORT_PLAN, landsdel_key="syd")  # user names are case-insensitive
    assert denied.value.message("da") == "Ikke tilladt: nord må kun importere milepælsplaner for Nord, ikke for Syd."
    assert denied.value.message("en") == "Not allowed: nord may import milestone plans only for Nord, not for Syd."
    assert "Ikke tilladt" in str(denied.value) and "Not allowed" in str(denied.value)
