"""The demo's part of the approved-baselines story, on SQLite and PostgreSQL."""

from __future__ import annotations

from portfolio.baselines import reads
from portfolio.dashboard import queries
from portfolio.dashboard.milestones import milestones_view
from portfolio.db import read_session
from portfolio.snapshots.freeze import build_payload
from tests.baselines.conftest import D


def test_the_demo_has_an_approved_baseline_and_a_baseline_moved_without_approval(demo_engine_both):
    with read_session(demo_engine_both) as session:
        [approval] = reads.approval_lines(session)
        plans = [p.id for p in queries.latest_plans(session, "KOL", D(2022, 9, 8))]
        changes = reads.baseline_changes(session, plans, D(2022, 9, 8))
        view = milestones_view(session, "KOL", D(2022, 9, 8))
        june = reads.baseline_changes(session, [p.id for p in queries.latest_plans(session, "KOL", D(2022, 6, 9))],
                                      D(2022, 6, 9))
        payload = build_payload(session, label="x", as_of=D(2022, 9, 8))
    # approved on 9 June 2022 (item 4, the new plan of Sjælland): the plan Sjælland submitted on 7 June
    assert (approval.landsdel_key, approval.programme, approval.plan_version, approval.submitted_on,
            approval.approved_on) == ("sjaelland", "KOL", 6, D(2022, 6, 7), D(2022, 6, 9))
    assert approval.decision_title == "Ny plan for Landsdel Sjælland (KOL)"
    # Syd's plan of 1 September moved 8.2's baseline three months without approval
    [change] = changes
    assert (change.landsdel_key, change.code, change.reference_date, change.new_date, change.days) == (
        "syd", "8.2", D(2022, 12, 31), D(2023, 3, 31), 90)
    assert change.reference.approval_id is None and change.version_no == 9
    assert june == []
    assert view.baseline_changes == changes
    [line] = [m for m in view.lines if m.landsdel_key == "syd" and m.code == "8.2"]
    assert line.baseline == D(2023, 3, 31) and line.slip_days == 151  # still measured from December 2022
    syd = next(e for p in payload["programmes"] if p["code"] == "KOL" for e in p["landsdele"] if e["key"] == "syd")
    [frozen] = [m for m in syd["milestones"] if m["code"] == "8.2"]
    assert frozen["approved_baseline"] == "2022-12-31" and frozen["baseline"]["date"] == "2023-03-31"
