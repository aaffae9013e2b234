"""The four roles and the actions they may take."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"  # reads everything
    LANDSDEL_EDITOR = "landsdel_editor"  # imports and edits for its own landsdel(e) only
    FUT_REPORTER = "fut_reporter"  # the FUT status feed only
    ADMIN = "admin"  # the secretariat: everything


class Action(StrEnum):
    VIEW_PORTFOLIO = "view_portfolio"
    IMPORT_PLAN = "import_plan"  # needs the plan's landsdel
    IMPORT_FEED = "import_feed"
    CREATE_SNAPSHOT = "create_snapshot"
    EXPORT_SNAPSHOT = "export_snapshot"
    MANAGE_TARGETS = "manage_targets"
    MANAGE_COMPONENTS = "manage_components"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    LOAD_DEMO = "load_demo"
    MANAGE_MEETINGS = "manage_meetings"  # the meeting register: meetings, agenda, conclusions, actions
    UPDATE_MEETING_ACTION = "update_meeting_action"  # status and note of a follow-up action; needs its landsdel
    EDIT_RISK = "edit_risk"  # a risk owned by the organisation of a landsdel; needs that landsdel
    EDIT_FUT_RISK = "edit_fut_risk"  # a risk about a FUT component or owned by the FUT programme


# Reading (and exporting what one can read) is open to every active account.
_READ = frozenset({Action.VIEW_PORTFOLIO, Action.EXPORT_SNAPSHOT})

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.VIEWER: _READ,
    Role.LANDSDEL_EDITOR: _READ | {Action.IMPORT_PLAN, Action.UPDATE_MEETING_ACTION, Action.EDIT_RISK},
    Role.FUT_REPORTER: _READ | {Action.IMPORT_FEED, Action.EDIT_FUT_RISK},
    Role.ADMIN: frozenset(Action),
}

# Actions that concern one landsdel: an editor may take them only for its own.
PER_LANDSDEL = frozenset({Action.IMPORT_PLAN, Action.UPDATE_MEETING_ACTION, Action.EDIT_RISK})
