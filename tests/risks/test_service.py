"""The risk log's rules on SQLite and PostgreSQL: versions with who and when, 1–5 scales, known owners, landsdele,
components, signals and decisions, no CPR number anywhere, authorisation per role, every write audited."""

from __future__ import annotations

import pytest

from portfolio.auth.permissions import PermissionDenied
from portfolio.db import read_session
from portfolio.risks import reads, service
from portfolio.risks.domain import RiskStatus, Strategy
from portfolio.risks.errors import RiskRefused
from portfolio.risks.models import RiskRecord, RiskVersion
from portfolio.risks.service import Mitigation, RiskChange
from tests.meetings.conftest import audit_actions, count, held_meeting

ADMIN = "admin"
CPR = "0101901234"


def _risk(**overrides) -> RiskChange:  # type: ignore[no-untyped-def]
    values = {"title": "KIH-databasen er ikke klar", "probability": 4, "consequence": 5, "owner": "FUT-programmet",
              "component": "KIH_DB"}
    values.update(overrides)
    return RiskChange(**values)


def _component_code(engine) -> str:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from portfolio.models import Component

    with read_session(engine) as session:
        return session.scalars(select(Component.code).order_by(Component.sort_order)).first()


def test_add_a_risk_with_everything(engine):
    code = _component_code(engine)
    risk_id = service.add_risk(engine, _risk(
        component=code.lower(), landsdel="Region Syddanmark", description="Hvis databasen ikke er klar, så ...",
        category="Integrationer", strategy="Reducér",
        mitigations=[Mitigation("Eskalér til SDS", "Sundhedsdatastyrelsen", "2022-10-01", "i gang")],
        residual_probability="2", residual_consequence=3, signal=f"fut_stale:{code}", threshold=30),
        actor=ADMIN, raised_on="2022-06-01")
    with read_session(engine) as session:
        [version] = reads.history(session, risk_id)
        assert version.component_code == code and version.landsdel_key == "syd" and version.owner.key == "fut"
        assert version.score == 20 and version.residual_score == 6 and version.strategy is Strategy.REDUCE
        assert version.mitigations == [{"text": "Eskalér til SDS", "owner": "sds", "due": "2022-10-01",
                                        "status": "ongoing"}]
        assert version.signal == f"fut_stale:{code}" and version.threshold == 30
        assert version.recorded_by == ADMIN and version.recorded_at is not None
    assert audit_actions(engine)[-1] == "risk.add"


def test_every_change_is_a_new_version_with_who_and_when(engine):
    risk_id = service.add_risk(engine, _risk(component=None), actor=ADMIN)
    assert service.update_risk(engine, risk_id, RiskChange(probability=2), actor="fut", note="Aftalt med SDS") == 2
    with read_session(engine) as session:
        first, second = reads.history(session, risk_id)
        assert (first.probability, second.probability) == (4, 2)
        assert second.recorded_by == "fut" and second.note == "Aftalt med SDS" and second.title == first.title
    assert audit_actions(engine)[-1] == "risk.update"
    with pytest.raises(RiskRefused) as nothing:
        service.update_risk(engine, risk_id, RiskChange(probability=2), actor=ADMIN)
    assert nothing.value.key == "risk.error.nothing"


BAD = [
    ({"probability": 6}, "risk.error.scale"),
    ({"probability": 0}, "risk.error.scale"),
    ({"consequence": "høj"}, "risk.error.scale"),
    ({"consequence": 2.5}, "risk.error.scale"),
    ({"residual_probability": 9}, "risk.error.scale"),
    ({"owner": "Region Atlantis"}, "risk.error.owner"),
    ({"landsdel": "Fyn og Øerne"}, "risk.error.landsdel"),
    ({"component": "NO_SUCH_THING"}, "risk.error.component"),
    ({"signal": "weather:nord", "threshold": 3}, "risk.error.signal"),
    ({"signal": "milestone_slip:atlantis", "threshold": 3}, "risk.error.landsdel"),
    ({"signal": "fut_stale:NOPE", "threshold": 3}, "risk.error.component"),
    ({"signal": "milestone_slip:nord"}, "risk.error.threshold"),
    ({"signal": "milestone_slip:nord", "threshold": -2}, "risk.error.threshold"),
    ({"threshold": 5}, "risk.error.threshold_alone"),
    ({"strategy": "ignorér"}, "risk.error.strategy"),
    ({"title": " "}, "risk.error.empty"),
    ({"title": f"Borger {CPR} venter"}, "risk.error.cpr"),
    ({"description": "Hvis 010190-1234 så"}, "risk.error.cpr"),
    ({"category": f"k {CPR}"}, "risk.error.cpr"),
    ({"mitigations": [Mitigation(f"Ring til {CPR}")]}, "risk.error.cpr"),
    ({"mitigations": [Mitigation("Tiltag", due="snart")]}, "risk.error.date"),
    ({"mitigations": [Mitigation("Tiltag", status="måske")]}, "risk.error.mitigation"),
    ({"status": "closed", "component": None}, "risk.error.decision_needed"),
    ({"status": "accepted", "decision": "99:1", "component": None}, "risk.error.decision"),
    ({"status": "accepted", "decision": "tre", "component": None}, "risk.error.decision_format"),
]


@pytest.mark.parametrize(("overrides", "key"), BAD)
def test_bad_input_stores_nothing(engine, overrides, key):
    before = audit_actions(engine)
    with pytest.raises(RiskRefused) as refused:
        service.add_risk(engine, _risk(**overrides), actor=ADMIN)
    assert refused.value.key == key
    assert CPR not in refused.value.message("da") and "010190-1234" not in refused.value.message("en")
    assert count(engine, RiskRecord) == 0 and count(engine, RiskVersion) == 0 and audit_actions(engine) == before


def test_bad_update_stores_nothing(engine):
    risk_id = service.add_risk(engine, _risk(component=None), actor=ADMIN)
    before = audit_actions(engine)
    for change in (RiskChange(consequence=7), RiskChange(title=f"x {CPR}"), RiskChange(signal="nope:1")):
        with pytest.raises(RiskRefused):
            service.update_risk(engine, risk_id, change, actor=ADMIN)
    with pytest.raises(RiskRefused) as unknown:
        service.update_risk(engine, 999, RiskChange(probability=1), actor=ADMIN)
    assert unknown.value.key == "risk.error.unknown"
    assert count(engine, RiskVersion) == 1 and audit_actions(engine) == before


def test_close_and_accept_refer_to_a_meeting_decision(engine):
    meeting = held_meeting(engine)  # item 1 concluded, item 2 not
    risk_id = service.add_risk(engine, _risk(component=None), actor=ADMIN)
    for decision, key in ((f"{meeting}:2", "risk.error.decision"), (f"{meeting}:9", "risk.error.decision"),
                          ("7:1", "risk.error.decision"), ("1-2", "risk.error.decision_format")):
        with pytest.raises(RiskRefused) as refused:
            service.close_risk(engine, risk_id, decision=decision, actor=ADMIN)
        assert refused.value.key == key
    assert service.close_risk(engine, risk_id, decision=f"{meeting}:1", actor=ADMIN) == 2
    with read_session(engine) as session:
        current = reads.history(session, risk_id)[-1]
        assert current.status is RiskStatus.CLOSED and current.decision == f"{meeting}:1"
    assert audit_actions(engine)[-1] == "risk.closed"
    with pytest.raises(RiskRefused) as frozen:
        service.update_risk(engine, risk_id, RiskChange(probability=1), actor=ADMIN)
    assert frozen.value.key == "risk.error.closed"
    # Reopened: the decision reference goes; accepted again by the decision.
    assert service.update_risk(engine, risk_id, RiskChange(status="åben"), actor=ADMIN) == 3
    assert service.update_risk(engine, risk_id, RiskChange(status="accepteret", decision=f"{meeting}:1"),
                               actor=ADMIN) == 4
    with read_session(engine) as session:
        versions = reads.history(session, risk_id)
        assert [v.status for v in versions] == [RiskStatus.OPEN, RiskStatus.CLOSED, RiskStatus.OPEN,
                                                RiskStatus.ACCEPTED]
        assert versions[2].decision is None and versions[3].decision == f"{meeting}:1"


def test_who_may_edit_which_risk(engine):
    nord = service.add_risk(engine, _risk(component=None, owner="Landsdel Nord", landsdel="nord"), actor="nord")
    fut = service.add_risk(engine, _risk(component=_component_code(engine)), actor="fut")
    secretariat = service.add_risk(engine, _risk(component=None, owner="Sekretariatet"), actor=ADMIN)
    refusals = [
        ("viewer", nord), ("midt", nord), ("fut", nord), ("nord", fut), ("nord", secretariat), ("fut", secretariat),
    ]
    for user, risk_id in refusals:
        with pytest.raises(PermissionDenied):
            service.update_risk(engine, risk_id, RiskChange(probability=1), actor=user)
        assert audit_actions(engine)[-1] == "auth.denied"
    # An editor may not hand its risk to another landsdel's organisation, nor add a risk for one.
    with pytest.raises(PermissionDenied):
        service.update_risk(engine, nord, RiskChange(owner="Landsdel Midt"), actor="nord")
    with pytest.raises(PermissionDenied):
        service.add_risk(engine, _risk(component=None, owner="Landsdel Syd"), actor="nord")
    assert service.update_risk(engine, nord, RiskChange(probability=1), actor="nord") == 2
    assert service.update_risk(engine, fut, RiskChange(probability=1), actor="fut") == 2
    for risk_id in (nord, fut, secretariat):
        service.update_risk(engine, risk_id, RiskChange(consequence=1), actor=ADMIN)
    assert count(engine, RiskRecord) == 3
