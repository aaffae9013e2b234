"""Freezing: the state as of a date, self-contained, and never changed by what arrives later."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import select

from portfolio.db import read_session
from portfolio.domain import MilestoneStatus, Phase, Rag
from portfolio.models import AuditEvent
from portfolio.snapshots import service
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.freeze import SCHEMA_VERSION, canonical_json, create_snapshot, list_snapshots, load_snapshot
from tests.snapshots.builders import D, M, add_component, add_plan, add_status, count_audit


def _freeze(engine, as_of, label="Møde"):
    info = create_snapshot(engine, label=label, as_of=as_of, actor="sekretariatet")
    with read_session(engine) as session:
        return load_snapshot(session, info.id)


def _entry(snapshot, landsdel="nord", programme="KOL"):
    prog = next(p for p in snapshot.payload["programmes"] if p["code"] == programme)
    return next(e for e in prog["landsdele"] if e["key"] == landsdel)


def _small_store(engine):
    add_component(engine)
    add_status(engine, "KL_GATEWAY", D(2022, 1, 5), Phase.DEVELOPMENT, Rag.AMBER, production=D(2022, 6, 30))
    add_plan(engine, submitted=D(2022, 1, 10), rag=Rag.GREEN, milestones=[
        M("1.1", "Styregruppe nedsat", D(2021, 3, 31), D(2021, 3, 31), D(2021, 3, 20), MilestoneStatus.DONE),
        M("2.1", "Tilsluttet KL Gateway", D(2022, 3, 31), D(2022, 3, 31), depends_on=["KL_GATEWAY", "1.1"]),
    ], inclusion=[(D(2021, 12, 1), 851, 5, 5, 0), (D(2021, 12, 1), None, 2, 2, 0)],
        targets=(100, [(D(2022, 6, 30), 50), (D(2022, 12, 31), 100)]))
    add_plan(engine, submitted=D(2022, 3, 1), rag=Rag.AMBER, milestones=[
        M("1.1", "Styregruppe nedsat", D(2021, 3, 31), D(2021, 3, 31), D(2021, 3, 20), MilestoneStatus.DONE),
        M("2.1", "Tilsluttet KL Gateway", D(2022, 3, 31), D(2022, 5, 31), status=MilestoneStatus.AMBER,
          depends_on=["KL_GATEWAY", "1.1"]),
    ], inclusion=[(D(2021, 12, 1), 851, 6, 6, 0), (D(2022, 1, 1), 851, 4, 10, 0), (D(2022, 2, 1), 851, 3, 12, 1)])


def test_freezes_the_latest_plan_submitted_by_the_date(engine):
    _small_store(engine)
    early, late = _freeze(engine, D(2022, 2, 1)), _freeze(engine, D(2022, 3, 31))
    assert early.payload["schema_version"] == SCHEMA_VERSION
    first, second = _entry(early), _entry(late)
    assert first["plan"]["version_no"] == 1 and first["plan"]["reported_rag"] == "green"
    assert second["plan"]["version_no"] == 2 and second["plan"]["reported_rag"] == "amber"
    assert second["plan"]["submitted_on"] == "2022-03-01" and len(second["plan"]["checksum"]) == 64
    milestone = second["milestones"][1]
    assert milestone["code"] == "2.1" and milestone["forecast"] == {"date": "2022-05-31", "precision": "day",
                                                                       "text": ""}
    assert milestone["depends_on"] == [{"component": "KL_GATEWAY", "name": "KL Gateway"}, {"milestone": "1.1"}]
    assert [m["health"] for m in second["milestones"]] == ["done", "at_risk"]
    assert second["health"]["done"] == 1 and second["health"]["at_risk"] == 1
    # Other landsdele are there, without a plan.
    assert _entry(late, "syd")["plan"] is None
    assert late.payload["previous_snapshot_id"] == early.info.id


def test_inclusion_in_force_per_municipality_and_month(engine):
    _small_store(engine)
    early, late = _freeze(engine, D(2022, 2, 1)), _freeze(engine, D(2022, 3, 31))
    assert _entry(early)["inclusion"]["rows"] == [["2021-12-01", None, 2, 2, 0], ["2021-12-01", 851, 5, 5, 0]]
    rows = _entry(late)["inclusion"]["rows"]
    assert ["2021-12-01", 851, 6, 6, 0] in rows and ["2021-12-01", None, 2, 2, 0] in rows  # newest report wins
    summary = _entry(late)["inclusion_summary"]
    assert summary["latest_month"] == "2022-02-01" and summary["active_citizens"] == 12
    assert summary["cumulative_included"] == 6 + 2 + 4 + 3
    assert summary["target_group_size"] == 100 and summary["next_target"] == {"due_date": "2022-06-30",
                                                                              "target_count": 50}
    assert late.payload["municipalities"] == {"851": "Aalborg"}


def test_fut_components_with_their_history_up_to_the_date(engine):
    _small_store(engine)
    add_status(engine, "KL_GATEWAY", D(2022, 6, 27), Phase.PRODUCTION, Rag.GREEN)
    frozen = _freeze(engine, D(2022, 3, 31))
    fut = {c["code"]: c for c in frozen.payload["fut"]}
    assert len(fut) == 9  # the FUT catalogue, most of it not reported yet
    gateway = fut["KL_GATEWAY"]
    assert gateway["current"]["phase"] == "development" and len(gateway["history"]) == 1


def test_a_snapshot_never_changes_whatever_arrives_later(sqlite_engine):
    _small_store(sqlite_engine)
    frozen = _freeze(sqlite_engine, D(2022, 3, 31))
    before = {fmt: service.export_snapshot(sqlite_engine, frozen.info.id, fmt, actor="t") for fmt in ("xlsx", "pptx",
                                                                                                      "plans")}
    # A back-dated plan and a status entry dated before the snapshot's date arrive afterwards.
    add_plan(sqlite_engine, submitted=D(2022, 3, 15), rag=Rag.RED, milestones=[
        M("2.1", "Tilsluttet KL Gateway", D(2022, 3, 31), D(2022, 12, 31), status=MilestoneStatus.RED)],
        inclusion=[(D(2022, 2, 1), 851, 30, 40, 0)])
    add_status(sqlite_engine, "KL_GATEWAY", D(2022, 3, 20), Phase.PILOT, Rag.RED)
    again = _freeze(sqlite_engine, D(2022, 3, 31))
    assert _entry(again)["plan"]["reported_rag"] == "red"  # the store did change ...
    with read_session(sqlite_engine) as session:
        reloaded = load_snapshot(session, frozen.info.id)
    assert canonical_json(reloaded.payload) == canonical_json(frozen.payload)  # ... the snapshot did not
    after = {fmt: service.export_snapshot(sqlite_engine, frozen.info.id, fmt, actor="t") for fmt in ("xlsx", "pptx",
                                                                                                     "plans")}
    assert after["xlsx"].data == before["xlsx"].data
    assert after["pptx"].data == before["pptx"].data
    assert after["plans"].files.keys() == before["plans"].files.keys()
    for name, data in before["plans"].files.items():
        assert _cells(after["plans"].files[name]) == _cells(data)


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def test_create_defaults_to_the_newest_reported_date_and_is_audited(demo_engine):
    info = create_snapshot(demo_engine, label="  Møde   8. september  ", actor="sekretariatet")
    assert info.as_of == dt.date(2022, 9, 8) and info.label == "Møde 8. september"
    assert info.created_by == "sekretariatet"
    with read_session(demo_engine) as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "snapshot.create")
                               .order_by(AuditEvent.id.desc()).limit(1))
        frozen = load_snapshot(session, info.id)
        assert list_snapshots(session)[0].id == info.id  # the newest first (the demo's meetings follow)
    assert event.actor == "sekretariatet" and event.detail["snapshot_id"] == info.id
    assert event.checksum and len(event.checksum) == 64
    assert frozen.payload["demo"] is True and len(frozen.payload["risks"]) == 6
    assert len(canonical_json(frozen.payload)) < 400_000  # per-municipality inclusion stays a sane size
    assert {p["code"] for p in frozen.payload["national_projects"]} == {"GRAVIDITET", "ECPR", "EPJ_NORD"}
    # next to each landsdel's reported RAG, the derived RAG of portfolio.rag with its reasons
    sjaelland = _entry(frozen, "sjaelland")["plan"]
    assert sjaelland["reported_rag"] == "red" and sjaelland["derived_rag"] == "red"
    assert "9.3" in sjaelland["derived_rag_reasons"]["da"] and sjaelland["derived_rag_reasons"]["en"]


@pytest.mark.parametrize(("label", "as_of", "key"), [
    ("   ", None, "snapshot.error.label_empty"),
    ("x" * 201, None, "snapshot.error.label_long"),
    ("Borger 010190-1234", None, "snapshot.error.label_cpr"),
    ("Fremtiden", dt.date(2999, 1, 1), "snapshot.error.future"),
])
def test_refusals_store_nothing(demo_engine, label, as_of, key):
    before = count_audit(demo_engine, "snapshot.create")  # the demo's two meetings
    with pytest.raises(SnapshotRefused) as refused:
        create_snapshot(demo_engine, label=label, as_of=as_of, actor="t")
    assert refused.value.key == key and refused.value.message("da") and refused.value.message("en")
    assert count_audit(demo_engine, "snapshot.create") == before


def test_an_empty_store_has_nothing_to_freeze(sqlite_engine):
    with pytest.raises(SnapshotRefused) as refused:
        create_snapshot(sqlite_engine, label="Tom", actor="t")
    assert refused.value.key == "snapshot.error.no_data"


def test_unknown_snapshot_is_refused(sqlite_engine):
    with read_session(sqlite_engine) as session, pytest.raises(SnapshotRefused) as refused:
        load_snapshot(session, 404)
    assert "404" in refused.value.message("da")
