"""The risk log in snapshots: the freeze stores each risk's score, status and lamp as of the snapshot's date, the
pack shows the log as frozen (a later re-scoring does not change an old pack), and the risks new, closed, accepted
or re-scored since the previous snapshot come from the two frozen logs. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from portfolio.db import read_session
from portfolio.risks import service
from portfolio.risks.freeze import changes_between
from portfolio.risks.pack import risk_section
from portfolio.risks.service import RiskChange
from portfolio.snapshots.freeze import create_snapshot, load_snapshot
from tests.meetings.conftest import held_meeting

ADMIN = "admin"
JUNE, SEPTEMBER = dt.date(2022, 6, 9), dt.date(2022, 9, 8)


def _add(engine, title, p, c, **extra):  # type: ignore[no-untyped-def]
    return service.add_risk(engine, RiskChange(title=title, probability=p, consequence=c, owner="sekretariatet",
                                               **extra), actor=ADMIN, raised_on="2022-05-01")


def test_the_freeze_stores_the_log_and_the_pack_reads_it_frozen(engine):
    meeting = held_meeting(engine)
    kept = _add(engine, "Uændret", 2, 2)
    rescored = _add(engine, "Nyvurderes", 3, 3)
    closed = _add(engine, "Lukkes", 4, 4)
    lamp = _add(engine, "Lampe", 2, 3, signal="fut_stale:NEMSMS", threshold=30)
    first = create_snapshot(engine, label="Juni", as_of=JUNE, actor=ADMIN)
    with read_session(engine) as session:
        log = load_snapshot(session, first.id).payload["risk_log"]
    assert {r["id"]: r["score"] for r in log} == {kept: 4, rescored: 9, closed: 16, lamp: 6}
    [lit] = [r for r in log if r["lit"]]
    assert lit["id"] == lamp and lit["why_da"] and lit["why_en"] and lit["status"] == "open"

    service.update_risk(engine, rescored, RiskChange(probability=5), actor=ADMIN)
    service.close_risk(engine, closed, decision=f"{meeting}:1", actor=ADMIN)
    new = _add(engine, "Ny", 1, 5)
    second = create_snapshot(engine, label="September", as_of=SEPTEMBER, actor=ADMIN)
    with read_session(engine) as session:
        section = risk_section(session, second.id, SEPTEMBER)
        june = risk_section(session, first.id, JUNE)
    assert section is not None and section["frozen"] and section["since"] == JUNE.isoformat()
    assert {c["id"]: c["change"] for c in section["changes"]} == {rescored: "rescored", closed: "closed", new: "new"}
    [change] = [c for c in section["changes"] if c["id"] == rescored]
    assert (change["before"], change["score"]) == (9, 15)
    # the June pack still shows June's scores, although the risk was re-scored since
    assert june is not None and {r["id"]: r["score"] for r in june["risks"]}[rescored] == 9
    assert {r["id"]: r["status"] for r in june["risks"]}[closed] == "open"
    assert {c["change"] for c in june["changes"]} == {"new"}


def test_changes_between_two_logs() -> None:
    def row(i, score, status="open"):  # type: ignore[no-untyped-def]
        return {"id": i, "title": f"R{i}", "score": score, "status": status, "decision": None}

    before = [row(1, 4), row(2, 9), row(3, 16), row(4, 6, "accepted")]
    after = [row(1, 4), row(2, 15), row(3, 16, "accepted"), row(4, 6, "open"), row(5, 5)]
    changes = changes_between(before, after, SEPTEMBER)
    assert [(c["id"], c["change"], c["before"], c["score"]) for c in changes] == [
        (2, "rescored", 9, 15), (3, "accepted", 16, 16), (5, "new", None, 5)]  # a reopened risk is no change here
    assert all(c["date"] == "2022-09-08" for c in changes)
