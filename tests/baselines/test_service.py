"""Approved baselines on SQLite and PostgreSQL: what slip is measured against, the approval and its refusals."""

from __future__ import annotations

import pytest

from portfolio.auth.permissions import PermissionDenied
from portfolio.baselines import reads, service
from portfolio.baselines.errors import BaselineRefused
from portfolio.baselines.models import ApprovedBaseline
from portfolio.dashboard import queries
from portfolio.dashboard.milestones import milestones_view
from portfolio.dashboard.overview import portfolio_overview
from portfolio.db import read_session
from portfolio.domain import Rag
from portfolio.refusal import Refused
from portfolio.risks.tolerances import breaches
from tests.baselines.conftest import ADMIN, D, add_plan, decision, moved_plans
from tests.meetings.conftest import audit_actions, count


def _open_key(engine, plan_id, as_of):  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return {row.code: row.baseline_date for row in queries.open_key_milestones(session, [plan_id], as_of)}


def test_the_first_submission_is_the_reference_until_one_is_approved(engine):
    first, second = moved_plans(engine)
    # v1 is its own reference; v2's moved 5.3 is measured against v1's baseline, its new 9.9 against its own
    assert _open_key(engine, first, D(2022, 7, 1))["5.3"] == D(2022, 9, 30)
    assert _open_key(engine, second, D(2022, 9, 1)) == {"5.3": D(2022, 9, 30), "6.3": D(2022, 6, 30),
                                                        "9.9": D(2023, 3, 31)}
    with read_session(engine) as session:
        [change] = reads.baseline_changes(session, [second], D(2022, 9, 1))
        # slip, tolerance and derived RAG all read the first submission's baseline: 92 days late, red
        [line] = [m for m in milestones_view(session, "KOL", D(2022, 9, 1), ["sjaelland"]).lines if m.code == "5.3"]
        [tile] = [t for t in portfolio_overview(session, "KOL", D(2022, 9, 1)).tiles if t.key == "sjaelland"]
        time = [b for b in breaches(session, D(2022, 9, 1)) if b.dimension == "time" and b.landsdel_key == "sjaelland"]
    assert (change.code, change.reference_date, change.new_date, change.days) == ("5.3", D(2022, 9, 30),
                                                                                 D(2022, 12, 31), 92)
    assert change.reference.approval_id is None and change.reference.version_no == 1
    assert "første indsendte plan (version 1)" in change.reference.text("da")
    assert line.baseline == D(2022, 12, 31) and line.slip_days == 92  # the typed baseline shown, slip measured
    assert tile.derived.rag is Rag.RED
    assert [(b.subject, b.value, b.level) for b in time] == [("5.3", 92, Rag.RED)]


def test_an_approved_baseline_is_measured_against_from_the_meeting_on(engine):
    _, second = moved_plans(engine)
    meeting = decision(engine, "2022-09-15")
    approval = service.approve_baseline(engine, landsdel="Sjælland", programme="kol", decision=f"{meeting}:1",
                                        actor=ADMIN, note="Ny plan efter tolerancebrud")
    assert (approval.landsdel_key, approval.programme, approval.plan_version, approval.approved_on) == (
        "sjaelland", "KOL", 2, D(2022, 9, 15))
    assert audit_actions(engine)[-1] == "baseline.approve"
    with read_session(engine) as session:
        before = reads.baseline_changes(session, [second], D(2022, 9, 14))  # not yet approved
        after = reads.baseline_changes(session, [second], D(2022, 9, 15))
        [line] = [m for m in milestones_view(session, "KOL", D(2022, 9, 20), ["sjaelland"]).lines if m.code == "5.3"]
        [tile] = [t for t in portfolio_overview(session, "KOL", D(2022, 9, 20)).tiles if t.key == "sjaelland"]
        [listed] = reads.approval_lines(session)
    assert [c.code for c in before] == ["5.3"] and after == []
    assert _open_key(engine, second, D(2022, 9, 20))["5.3"] == D(2022, 12, 31)
    assert line.slip_days == 0 and tile.derived.rag is not Rag.RED
    assert listed.decision == f"{meeting}:1" and listed.decision_title == "Ny plan for Landsdel Sjælland"
    # a third plan that moves 5.3 again is flagged against the approved baseline, with the decision
    third = add_plan(engine, "sjaelland", 3, D(2022, 10, 1), {"5.3": (D(2023, 2, 28), D(2023, 2, 28))})
    with read_session(engine) as session:
        [change] = reads.baseline_changes(session, [third], D(2022, 10, 2))
    assert (change.reference_date, change.days, change.reference.decision) == (D(2022, 12, 31), 59, f"{meeting}:1")
    assert "godkendt 15.09.2022" in change.reference.text("da") and "approved" in change.reference.text("en")


def test_a_submission_is_compared_with_the_approved_baseline(engine):
    moved_plans(engine)
    with read_session(engine) as session:
        assert reads.submission_changes(session, "nord", "KOL", [("5.3", "x", D(2022, 1, 1))]) == []  # no plan yet
        changes = reads.submission_changes(session, "sjaelland", "KOL", [
            ("5.3", "SSL i drift", D(2022, 9, 30)), ("6.3", "Klar til pilot", D(2022, 8, 31)),
            ("9.9", "Ny", None), ("10.1", "Helt ny", D(2024, 1, 31))])
    assert [(c.code, c.days, c.new_date) for c in changes] == [("6.3", 62, D(2022, 8, 31)), ("9.9", None, None)]
    rows = reads.change_rows(changes, "en")
    assert rows[0]["Approved baseline"] == "30/06/2022" and rows[0]["Days moved"] == "62"
    assert rows[1]["New baseline"] == "none"


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"landsdel": "Bornholm"}, "baseline.error.landsdel"),
    ({"programme": "DIABETES"}, "baseline.error.programme"),
    ({"decision": "99:1"}, "risk.error.decision"),
    ({"decision": "første"}, "risk.error.decision_format"),
    ({"decision": "M:2"}, "risk.error.decision"),  # item 2 does not exist; M is replaced below
    ({"outcome": "rejected"}, "baseline.error.outcome"),
    ({"outcome": "taken_note"}, "baseline.error.outcome"),
    ({"version": 7}, "baseline.error.version"),
    ({"day": "2022-05-01"}, "baseline.error.no_plan"),
    ({"day": "2022-07-01", "version": 2}, "baseline.error.version_late"),
    ({"note": "Borger 010190-1234"}, "baseline.error.cpr"),
])
def test_bad_input_is_refused_and_stores_nothing(engine, kwargs, key):
    moved_plans(engine)
    meeting = decision(engine, kwargs.get("day", "2022-09-15"), kwargs.get("outcome", "approved"))
    args = {"landsdel": "sjaelland", "programme": "KOL", "decision": f"{meeting}:1", "actor": ADMIN}
    args.update({k: v for k, v in kwargs.items() if k not in ("day", "outcome")})
    if args["decision"].startswith("M:"):
        args["decision"] = f"{meeting}:2"
    events = len(audit_actions(engine))
    with pytest.raises(Refused) as refused:
        service.approve_baseline(engine, **args)
    assert refused.value.key == key
    assert "010190" not in str(refused.value)
    assert count(engine, ApprovedBaseline) == 0 and len(audit_actions(engine)) == events


def test_approving_twice_is_refused_and_only_the_secretariat_may(engine):
    moved_plans(engine)
    meeting = decision(engine, "2022-09-15")
    service.approve_baseline(engine, landsdel="sjaelland", programme="KOL", decision=f"{meeting}:1", actor=ADMIN)
    with pytest.raises(BaselineRefused, match="already approved|allerede godkendt"):
        service.approve_baseline(engine, landsdel="sjaelland", programme="KOL", decision=f"{meeting}:1", actor=ADMIN)
    with pytest.raises(PermissionDenied):
        service.approve_baseline(engine, landsdel="sjaelland", programme="KOL", decision=f"{meeting}:1",
                                 actor="sjaelland")
    assert count(engine, ApprovedBaseline) == 1 and audit_actions(engine)[-1] == "auth.denied"


def test_one_call_for_many_plans_of_one_landsdel(engine):
    first, second = moved_plans(engine)
    with read_session(engine) as session:
        measured = reads.measured_baselines(session, [first, second], D(2022, 9, 1))
    assert measured == {(second, "5.3"): D(2022, 9, 30), (second, "6.3"): D(2022, 6, 30),
                        (second, "9.9"): D(2023, 3, 31)}


def test_a_milestone_added_after_the_reference_is_measured_against_the_first_version_that_states_it(engine):
    first, second = moved_plans(engine)
    third = add_plan(engine, "sjaelland", 3, D(2022, 10, 1), {
        "5.3": (D(2023, 1, 31), D(2023, 1, 31)), "9.9": (D(2023, 6, 30), D(2023, 6, 30)),
        "7.1": (None, D(2023, 2, 28))})
    with read_session(engine) as session:
        narrowed = reads.measured_baselines(session, [third], D(2022, 11, 1), ["5.3", "9.9", "7.1", "0.0"])
        every = reads.measured_baselines(session, [third], D(2022, 11, 1))
    # 5.3 from v1 (the reference); 9.9, new in v2, from v2 (not v3's later date); 7.1 states none; 0.0 is unknown
    assert narrowed == {(third, "5.3"): D(2022, 9, 30), (third, "9.9"): D(2023, 3, 31)}
    assert every == {(third, "5.3"): D(2022, 9, 30), (third, "6.3"): D(2022, 6, 30), (third, "9.9"): D(2023, 3, 31)}


def test_a_code_one_landsdel_adds_later_does_not_change_what_anothers_reference_states(engine):
    _, second = moved_plans(engine)  # Sjælland: 5.3 and 6.3 in v1, 9.9 added in v2
    add_plan(engine, "nord", 1, D(2022, 6, 1), {"9.9": (D(2023, 1, 31), D(2023, 1, 31))})
    nord_second = add_plan(engine, "nord", 2, D(2022, 8, 1), {"9.9": (D(2023, 5, 31), D(2023, 5, 31))})
    with read_session(engine) as session:
        measured = reads.measured_baselines(session, [second, nord_second], D(2022, 9, 1), ["9.9"])
    # Nord's 9.9 is in its reference (v1); Sjælland's first appears in v2, its own plan
    assert measured == {(nord_second, "9.9"): D(2023, 1, 31), (second, "9.9"): D(2023, 3, 31)}
