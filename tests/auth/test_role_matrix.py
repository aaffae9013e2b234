"""Role × action over every write path: allowed ones succeed; the others are refused and leave the store unchanged.

The test store holds the demo accounts: `sekretariat` (admin), `nord` and `syd` (editors of their landsdel),
`fut` (FUT reporter), `viewer`; `stranger` has no account. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from portfolio.auth.accounts import add_account
from portfolio.auth.models import Account
from portfolio.auth.permissions import PermissionDenied
from portfolio.auth.roles import Role
from portfolio.db import read_session, unit_of_work
from portfolio.demo import load_demo
from portfolio.feed.service import ingest_feed
from portfolio.importing.service import import_plan
from portfolio.importing.store import HeaderMapping
from portfolio.inventory import store_inventory
from portfolio.models import ImportMapping
from portfolio.snapshots.freeze import create_snapshot
from portfolio.snapshots.service import export_snapshot
from tests.importing.builders import MILESTONES, plan_workbook
from tests.support.mappings import save_mappings

USERS = ("admin", "nord", "syd", "fut", "viewer", "stranger")
EVERY_ACCOUNT = frozenset(USERS) - {"stranger"}


def state(engine: Engine) -> dict[str, Any]:
    """Everything a write could change, except the audit log (refusals are audited)."""
    with read_session(engine) as session:
        inventory = store_inventory(session)
        inventory.pop("audit_events")
        inventory["import_mappings"] = session.scalar(select(func.count()).select_from(ImportMapping))
        inventory["accounts"] = session.scalar(select(func.count()).select_from(Account))
    return inventory


def plan(landsdel: str, user: str) -> bytes:
    rows = [list(row) for row in MILESTONES]
    rows[1][1] = f"Uddannelse af personale ({user})"  # every allowed import is a new version, not "unchanged"
    return plan_workbook(landsdel=landsdel, milestones=rows)


def import_for(landsdel: str) -> Callable[[Engine, str], bool]:
    def run(engine: Engine, user: str) -> bool:
        result = import_plan(engine, plan(landsdel, user), f"{landsdel}_{user}.xlsx", actor=user)
        if result.status == "rejected":
            assert result.errors[0].key == "auth.refused", [p.message("en") for p in result.errors]
            return False
        return result.status == "imported"
    return run


def feed(engine: Engine, user: str) -> bool:
    entry = {"component": "KL Gateway", "date": "2022-09-07", "phase": "drift", "rag": "grøn", "note": f"fra {user}"}
    result = ingest_feed(engine, json.dumps({"entries": [entry]}).encode(), f"fut-{user}.json", actor=user)
    if result.status == "rejected":
        assert result.errors[0].key == "auth.refused"
        return False
    return result.status == "imported"


def raises_refusal(work: Callable[[Engine, str], object]) -> Callable[[Engine, str], bool]:
    def run(engine: Engine, user: str) -> bool:
        try:
            work(engine, user)
        except PermissionDenied:
            return False
        return True
    return run


def _add_user(engine: Engine, user: str) -> None:
    with unit_of_work(engine) as session:
        add_account(session, actor=user, username=f"new-{user}", role=Role.VIEWER, password="a-long-password-1")


def _snapshot(engine: Engine, user: str) -> None:
    create_snapshot(engine, label=f"Møde ({user})", actor=user)


def _export(engine: Engine, user: str) -> None:
    assert export_snapshot(engine, 1, "xlsx", actor=user).data[:2] == b"PK"


def _mapping(engine: Engine, user: str) -> None:
    save_mappings(engine, "nord", [HeaderMapping("milestones", f"kolonne {user}", "comment")], actor=user)


# write path → who may take it
MATRIX: dict[str, tuple[Callable[[Engine, str], bool], frozenset[str]]] = {
    "import a Nord plan": (import_for("Nord"), frozenset({"admin", "nord"})),
    "import a Syd plan": (import_for("Syd"), frozenset({"admin", "syd"})),
    "remember Nord's headers": (raises_refusal(_mapping), frozenset({"admin", "nord"})),
    "report FUT status": (feed, frozenset({"admin", "fut"})),
    "freeze a snapshot": (raises_refusal(_snapshot), frozenset({"admin"})),
    "export a snapshot": (raises_refusal(_export), EVERY_ACCOUNT),
    "add a user": (raises_refusal(_add_user), frozenset({"admin"})),
}


@pytest.fixture
def demo_store(demo_engine_both: Engine) -> Engine:
    create_snapshot(demo_engine_both, label="Udgangspunkt", actor="admin")
    return demo_engine_both


@pytest.mark.parametrize("path", list(MATRIX))
def test_role_matrix(demo_store: Engine, path: str) -> None:
    run, allowed = MATRIX[path]
    outcomes = {}
    for user in sorted(USERS, key=lambda u: u in allowed):  # the refusals first, on the untouched store
        before = state(demo_store)
        outcomes[user] = run(demo_store, user)
        after = state(demo_store)
        if user in allowed:
            assert outcomes[user], f"{user} should be able to {path}"
            if path != "export a snapshot":  # an export writes only its audit event
                assert after != before, f"{user}: {path} changed nothing"
        else:
            assert not outcomes[user], f"{user} should not be able to {path}"
            assert after == before, f"{user}: a refused {path} changed the store"
    assert {user for user, ok in outcomes.items() if ok} == allowed


def test_only_the_secretariat_loads_demo_data(engine: Engine) -> None:
    load = raises_refusal(lambda eng, user: load_demo(eng, actor=user))
    for user in ("nord", "fut", "viewer", "stranger"):
        before = state(engine)
        assert not load(engine, user)
        assert state(engine) == before
    assert load(engine, "admin")
    assert state(engine)["plan_versions"]["total"] == 65


def test_refusals_are_in_the_audit_log(demo_store: Engine) -> None:
    from portfolio.models import AuditEvent

    import_for("Syd")(demo_store, "nord")
    feed(demo_store, "viewer")
    with read_session(demo_store) as session:
        refused = session.execute(select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == "auth.denied")
                                  .order_by(AuditEvent.id)).all()
    assert [(actor, detail["action"]) for actor, detail in refused] == [("nord", "import_plan"),
                                                                          ("viewer", "import_feed")]
