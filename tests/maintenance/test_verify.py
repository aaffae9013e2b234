"""`portfolio verify` and the tamper-evident audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from portfolio import audit
from portfolio.cli import main
from portfolio.db import unit_of_work
from portfolio.maintenance.verify import verify_store


def _append(engine, count: int, actor: str = "admin") -> None:
    for n in range(count):
        with unit_of_work(engine) as session:
            audit.record(session, actor=actor, action="test.event", target=f"{actor} {n}", detail={"n": n, "æ": "ø"})


def _keys(report) -> list[tuple[str, object]]:
    return [(f.key, f.values.get("id")) for f in report.findings]


def _ids(engine) -> list[int]:
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT id FROM audit_event ORDER BY id"))]


def test_a_sound_store_verifies(demo_engine_both):
    _append(demo_engine_both, 3)
    report = verify_store(demo_engine_both)
    assert report.ok, _keys(report)
    assert report.checked["plan_versions"] == 65 and report.checked["foreign_keys"] > 15


def test_an_event_changed_in_the_database_is_found(engine):
    _append(engine, 5)
    victim = _ids(engine)[-3]
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET target = 'someone else' WHERE id = :id"), {"id": victim})
    assert _keys(verify_store(engine)) == [("svc.verify.audit_changed", victim)]


def test_an_event_removed_from_the_database_is_found(engine):
    _append(engine, 5)
    ids = _ids(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[-3]})
    assert _keys(verify_store(engine)) == [("svc.verify.audit_gap", ids[-2])]


def test_a_changed_event_with_its_hash_recomputed_is_still_found(engine):
    """Whoever rewrites an event and its own hash breaks the next event's link."""
    from portfolio.models import AuditEvent

    _append(engine, 4)
    ids = _ids(engine)
    with unit_of_work(engine) as session:
        event = session.get(AuditEvent, ids[-2])
        event.detail = {"n": 99}
        event.hash = audit.event_hash(event)
    assert _keys(verify_store(engine)) == [("svc.verify.audit_gap", ids[-1])]


def test_concurrent_writers_keep_one_chain(engine):
    """Two writers appending at once (separate connections): every event chains onto the one before it."""
    before = len(_ids(engine))
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            _append(engine, 25, actor=name)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b", "t")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert len(_ids(engine)) == before + 75
    report = verify_store(engine)
    assert report.ok, _keys(report)


def test_orphans_incomplete_versions_and_unknown_checksums_are_named(demo_engine, monkeypatch, capsys):
    with demo_engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        first, second, third = [row[0] for row in conn.execute(text("SELECT id FROM plan_version ORDER BY id LIMIT 3"))]
        conn.execute(text("DELETE FROM plan_version WHERE id = :id"), {"id": first})  # milestones left orphaned
        conn.execute(text("DELETE FROM milestone WHERE plan_version_id = :id"), {"id": second})
        conn.execute(text("DELETE FROM inclusion_count WHERE plan_version_id = :id"), {"id": second})
        conn.execute(text("UPDATE plan_version SET checksum = 'abc', imported_by = 'x' WHERE id = :id"), {"id": third})
        conn.commit()
    report = verify_store(demo_engine)
    keys = {f.key for f in report.findings}
    assert {"svc.verify.orphans", "svc.verify.version_gap", "svc.verify.version_empty",
            "svc.verify.checksum_malformed"} <= keys
    orphan = next(f for f in report.findings if f.key == "svc.verify.orphans" and f.values["table"] == "milestone")
    assert orphan.values["parent"] == "plan_version" and orphan.values["count"] > 0

    monkeypatch.setenv("DATABASE_URL", str(demo_engine.url))
    monkeypatch.setenv("PORTFOLIO_LANG", "en")
    monkeypatch.setenv("PORTFOLIO_USER", "admin")
    capsys.readouterr()
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "point at rows of plan_version that do not exist" in out and f"Plan version {second}" in out


@pytest.mark.parametrize("statement", ["UPDATE milestone SET title = 'x' WHERE id = (SELECT min(id) FROM milestone)"])
def test_an_imported_version_that_lost_rows_is_incomplete(sqlite_engine, statement):
    from portfolio.importing.service import import_plan
    from tests.importing.builders import plan_workbook

    result = import_plan(sqlite_engine, plan_workbook(), "syd.xlsx", actor="admin")
    assert verify_store(sqlite_engine).ok
    with sqlite_engine.begin() as conn:
        conn.execute(text(statement))  # a change of content is not a loss
        conn.execute(text("DELETE FROM milestone WHERE id = (SELECT max(id) FROM milestone)"))
    findings = verify_store(sqlite_engine).findings
    assert [f.key for f in findings] == ["svc.verify.version_incomplete"]
    assert result.plan_version == 1


def test_the_migration_chains_events_written_before_it(tmp_path):
    from alembic import command

    from portfolio.db import make_engine
    from portfolio.schema import alembic_config, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(text("INSERT INTO audit_event (at, actor, action, target, detail) "
                              "VALUES (CURRENT_TIMESTAMP, 'old', 'old.event', :t, '{\"n\": 1}')"), {"t": f"e{n}"})
    migrate(engine)
    _append(engine, 2)
    report = verify_store(engine)
    assert report.ok and report.checked["audit_chain"] == 5, _keys(report)
    engine.dispose()
