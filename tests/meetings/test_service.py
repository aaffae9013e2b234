"""The meeting register's rules, on SQLite and PostgreSQL: every write authorised, checked, audited; approved
minutes frozen; actions with owner and due date, carried forward until closed; overdue computed."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.auth.permissions import PermissionDenied
from portfolio.db import read_session
from portfolio.meetings import reads, service
from portfolio.meetings.domain import ActionStatus, MeetingStatus
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.models import (
    AgendaItem,
    Conclusion,
    FollowUpAction,
    Meeting,
    MinutesRevision,
    Organisation,
)
from portfolio.meetings.organisations import ORGANISATIONS
from tests.meetings.conftest import ADMIN, audit_actions, count, held_meeting

CPR = "0101901234"


def test_the_organisations_are_reference_data(engine):
    with read_session(engine) as session:
        keys = [o.key for o in reads.organisations(session)]
    assert keys == [o.key for o in ORGANISATIONS]
    assert {"nord", "midt", "syd", "hovedstaden", "sjaelland", "fut", "kl", "danske_regioner", "sum", "sds",
            "sekretariatet"} <= set(keys)


def test_create_a_meeting_audited(engine):
    meeting_id = service.create_meeting(engine, meeting_date="2022-09-08", title="Møde 8. september", actor=ADMIN)
    with read_session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.status is MeetingStatus.PLANNED and meeting.meeting_date == dt.date(2022, 9, 8)
        assert meeting.created_by == ADMIN
    assert audit_actions(engine)[-1] == "meeting.create"


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"meeting_date": "8/9-2022", "title": "Møde"}, "meeting.error.date"),
    ({"meeting_date": "2022-09-08", "title": "  "}, "meeting.error.empty"),
    ({"meeting_date": "2022-09-08", "title": f"Møde om {CPR}"}, "meeting.error.cpr"),
    ({"meeting_date": "2022-09-08", "title": "Møde", "snapshot_id": 99}, "meeting.error.unknown_snapshot"),
])
def test_bad_meeting_input_stores_nothing(engine, kwargs, key):
    before = audit_actions(engine)
    with pytest.raises(MeetingRefused) as refused:
        service.create_meeting(engine, actor=ADMIN, **kwargs)
    assert refused.value.key == key
    assert CPR not in refused.value.message("da")
    assert count(engine, Meeting) == 0 and audit_actions(engine) == before


def test_only_the_secretariat_writes_meetings(engine):
    for user in ("viewer", "nord", "fut"):
        with pytest.raises(PermissionDenied):
            service.create_meeting(engine, meeting_date="2022-09-08", title="Møde", actor=user)
    assert count(engine, Meeting) == 0
    assert audit_actions(engine)[-1] == "auth.denied"


def test_items_numbered_with_kind_and_presenter(engine):
    meeting_id = held_meeting(engine)
    with read_session(engine) as session:
        items = service.live_items(session, meeting_id)
        assert [(i.number, i.kind.value, i.presenter.key) for i in items] == [(1, "O", "fut"), (2, "B", "kl")]


@pytest.mark.parametrize(("spec", "key"), [
    (service.ItemInput(title="Punkt", kind="X"), "meeting.error.kind"),
    (service.ItemInput(title="Punkt", kind="O", presenter="Region Nowhere"), "meeting.error.owner"),
    (service.ItemInput(title=f"Punkt {CPR}", kind="O"), "meeting.error.cpr"),
    (service.ItemInput(title="Punkt", kind="O", background="Borger 010190-1234"), "meeting.error.cpr"),
])
def test_bad_item_input_stores_nothing(engine, spec, key):
    meeting_id = service.create_meeting(engine, meeting_date="2022-09-08", title="Møde", actor=ADMIN)
    with pytest.raises(MeetingRefused) as refused:
        service.add_item(engine, meeting_id, spec, actor=ADMIN)
    assert refused.value.key == key
    assert count(engine, AgendaItem) == 0


def test_conclusions_keep_their_history_and_mark_the_meeting_held(engine):
    meeting_id = held_meeting(engine)
    service.conclude(engine, meeting_id, 2, outcome="postponed", text="Udsat.", actor=ADMIN)
    service.conclude(engine, meeting_id, 2, outcome="approved", text="Godkendte de to kommissorier.", actor=ADMIN)
    with read_session(engine) as session:
        assert session.get(Meeting, meeting_id).status is MeetingStatus.HELD
        item = service.live_items(session, meeting_id)[1]
        assert [c.outcome.value for c in item.conclusions] == ["postponed", "approved"]
        assert item.conclusion.text == "Godkendte de to kommissorier."
    assert audit_actions(engine).count("meeting.conclude") == 3


@pytest.mark.parametrize(("item", "outcome", "text", "key"), [
    (9, "approved", "x", "meeting.error.unknown_item"),
    (2, "maybe", "x", "meeting.error.outcome"),
    (2, "approved", f"CPR {CPR}", "meeting.error.cpr"),
])
def test_bad_conclusions_store_nothing(engine, item, outcome, text, key):
    meeting_id = held_meeting(engine)
    with pytest.raises(MeetingRefused) as refused:
        service.conclude(engine, meeting_id, item, outcome=outcome, text=text, actor=ADMIN)
    assert refused.value.key == key
    assert count(engine, Conclusion) == 1


def test_a_decision_item_without_outcome_blocks_approval(engine):
    meeting_id = held_meeting(engine)
    with pytest.raises(MeetingRefused) as refused:
        service.approve(engine, meeting_id, actor=ADMIN)
    assert refused.value.key == "meeting.error.open_decisions" and "2" in refused.value.message("en")
    assert count(engine, MinutesRevision) == 0


def test_a_meeting_not_held_cannot_be_approved(engine):
    meeting_id = service.create_meeting(engine, meeting_date="2022-09-08", title="Møde", actor=ADMIN)
    with pytest.raises(MeetingRefused, match="meeting.error.not_held"):
        service.approve(engine, meeting_id, actor=ADMIN)


def test_approved_minutes_are_frozen_and_corrected_by_revision(engine):
    meeting_id = held_meeting(engine)
    service.conclude(engine, meeting_id, 2, outcome="approved", text="Godkendte de to kommissorier.", actor=ADMIN)
    service.add_action(engine, meeting_id=meeting_id, item_number=2, text="Finansiering af drift afklares",
                       owner="KL", due="2022-11-17", actor=ADMIN)
    assert service.approve(engine, meeting_id, actor=ADMIN, written_procedure=True) == 1
    for write in (
        lambda: service.add_item(engine, meeting_id, service.ItemInput(title="Nyt", kind="O"), actor=ADMIN),
        lambda: service.conclude(engine, meeting_id, 1, outcome="rejected", text="x", actor=ADMIN),
        lambda: service.add_action(engine, meeting_id=meeting_id, item_number=1, text="x", owner="kl",
                                   due="2022-12-01", actor=ADMIN),
        lambda: service.edit_agenda(engine, meeting_id, [], actor=ADMIN),
        lambda: service.approve(engine, meeting_id, actor=ADMIN),
    ):
        with pytest.raises(MeetingRefused, match="meeting.error.frozen"):
            write()
    with pytest.raises(MeetingRefused, match="meeting.error.empty"):
        service.correct_minutes(engine, meeting_id, 2, reason=" ", text="Rettet", actor=ADMIN)
    assert service.correct_minutes(engine, meeting_id, 2, reason="Stavefejl i konklusionen", actor="sekr",
                                   text="Godkendte begge kommissorier.") == 2
    with read_session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.approval_method.value == "written_procedure" and meeting.approved_by == ADMIN
        first, second = reads.revisions(session, meeting_id)
        assert first.content["items"][1]["conclusion"]["text"] == "Godkendte de to kommissorier."
        assert second.content["items"][1]["conclusion"]["text"] == "Godkendte begge kommissorier."
        assert second.reason == "Stavefejl i konklusionen" and second.created_by == "sekr"
        shown = reads.minutes(session, meeting_id)
        assert shown["revision"]["number"] == 2 and shown["corrections"][0]["by"] == "sekr"
        assert shown["items"][1]["actions"][0]["owner"]["key"] == "kl"
    assert {"meeting.approve", "meeting.correct"} <= set(audit_actions(engine))


def test_correcting_minutes_not_approved_is_refused(engine):
    meeting_id = held_meeting(engine)
    with pytest.raises(MeetingRefused, match="meeting.error.not_approved"):
        service.correct_minutes(engine, meeting_id, 1, reason="x", text="y", actor=ADMIN)


@pytest.mark.parametrize(("owner", "due", "text", "key"), [
    (None, "2022-11-01", "Juridisk vurdering", "meeting.error.owner_missing"),
    ("Nowhere", "2022-11-01", "Juridisk vurdering", "meeting.error.owner"),
    ("sum", None, "Juridisk vurdering", "meeting.error.due_missing"),
    ("sum", "1. november", "Juridisk vurdering", "meeting.error.date"),
    ("sum", "2022-11-01", f"Ring til {CPR[:6]}-{CPR[6:]}", "meeting.error.cpr"),
    ("sum", "2022-11-01", "", "meeting.error.empty"),
])
def test_an_action_needs_owner_due_date_and_clean_text(engine, owner, due, text, key):
    meeting_id = held_meeting(engine)
    with pytest.raises(MeetingRefused) as refused:
        service.add_action(engine, meeting_id=meeting_id, item_number=1, text=text, owner=owner, due=due,
                           actor=ADMIN)
    assert refused.value.key == key
    assert count(engine, FollowUpAction) == 0


def test_owners_match_by_name_alias_and_key(engine):
    meeting_id = held_meeting(engine)
    for owner, key in (("Region Midtjylland", "midt"), ("Sundhedsministeriet", "sum"), ("FUT-programmet", "fut"),
                       ("danske regioner", "danske_regioner"), ("SJÆLLAND", "sjaelland")):
        action_id = service.add_action(engine, meeting_id=meeting_id, item_number=1, text="x", owner=owner,
                                       due="2022-11-01", actor=ADMIN)
        with read_session(engine) as session:
            assert session.get(FollowUpAction, action_id).owner.key == key


def test_owners_update_their_own_actions_only(engine):
    meeting_id = held_meeting(engine)
    midt = service.add_action(engine, meeting_id=meeting_id, item_number=1, text="Beskriv inklusionshastigheden",
                              owner="midt", due="2022-11-17", actor=ADMIN)
    ministry = service.add_action(engine, meeting_id=meeting_id, item_number=1, text="Juridisk vurdering",
                                  owner="sum", due="2022-11-01", actor=ADMIN)
    assert service.update_action(engine, midt, status="done", note="Beskrivelse sendt", actor="midt",
                                 effective_on=dt.date(2022, 11, 10)) is ActionStatus.DONE
    for user, action_id in (("nord", midt), ("midt", ministry), ("viewer", midt), ("fut", ministry)):
        with pytest.raises(PermissionDenied):
            service.update_action(engine, action_id, status="dropped", actor=user)
    service.update_action(engine, ministry, status="dropped", note="Ikke relevant", actor=ADMIN)
    with pytest.raises(MeetingRefused, match="meeting.error.status"):
        service.update_action(engine, ministry, status="closed", actor=ADMIN)
    with pytest.raises(MeetingRefused, match="meeting.error.cpr"):
        service.update_action(engine, ministry, status="open", note=f"CPR {CPR}", actor=ADMIN)
    with read_session(engine) as session:
        row = next(r for r in reads.all_actions(session) if r.id == midt)
        assert row.status is ActionStatus.DONE and row.note == "Beskrivelse sendt"
        assert [h["status"] for h in row.history] == ["open", "done"]
    assert audit_actions(engine).count("meeting.action.update") == 2


def test_overdue_is_computed_and_actions_carried_forward_until_closed(engine):
    september = held_meeting(engine)
    legal = service.add_action(engine, meeting_id=september, item_number=1, text="Juridisk vurdering", owner="sum",
                               due="2022-11-01", actor=ADMIN)
    seminar = service.add_action(engine, meeting_id=september, item_number=1, text="Seminar", owner="sds",
                                 due="2022-11-30", actor=ADMIN)
    november = service.create_meeting(engine, meeting_date="2022-11-17", title="Møde 17. november", actor=ADMIN)
    december = service.create_meeting(engine, meeting_date="2022-12-15", title="Møde 15. december", actor=ADMIN)
    service.update_action(engine, seminar, status="done", note="Holdt 24.-25. november", actor=ADMIN,
                          effective_on=dt.date(2022, 11, 25))
    with read_session(engine) as session:
        at_november = reads.follow_ups(session, session.get(Meeting, november))
        assert {r.id: r.overdue for r in at_november} == {legal: True, seminar: False}
        at_december = reads.follow_ups(session, session.get(Meeting, december))
        assert [r.id for r in at_december] == [legal]  # closed ones are no longer carried
        overdue = reads.list_actions(session, as_of=dt.date(2022, 11, 17), overdue_only=True)
        assert [r.id for r in overdue] == [legal]
        assert reads.list_actions(session, as_of=dt.date(2022, 10, 1), overdue_only=True) == []
        assert [r.id for r in reads.list_actions(session, open_only=True, owner="Sundhedsministeriet")] == [legal]
        with pytest.raises(MeetingRefused):
            reads.list_actions(session, owner="Nowhere")


def test_edit_agenda_reorders_edits_and_drops(engine):
    meeting_id = held_meeting(engine)
    service.add_item(engine, meeting_id, service.ItemInput(title="Eventuelt", kind="O"), actor=ADMIN)
    with read_session(engine) as session:
        ids = [i.id for i in service.live_items(session, meeting_id)]
    service.edit_agenda(engine, meeting_id, [
        service.ItemEdit(ids[0], 2, "Status på FUT-infrastrukturen", "O"),
        service.ItemEdit(ids[1], 1, "Fælles e-læring", "D"),
        service.ItemEdit(ids[2], 3, "Eventuelt", "O", dropped=True)], actor=ADMIN)
    with read_session(engine) as session:
        items = service.live_items(session, meeting_id)
        assert [(i.number, i.title, i.kind.value) for i in items] == [
            (1, "Fælles e-læring", "D"), (2, "Status på FUT-infrastrukturen", "O")]
        assert session.get(AgendaItem, ids[2]).dropped
    with pytest.raises(MeetingRefused, match="meeting.error.cpr"):
        service.edit_agenda(engine, meeting_id, [service.ItemEdit(ids[0], 1, CPR, "O")], actor=ADMIN)
    assert audit_actions(engine).count("meeting.item.edit") == 3


def test_participants_by_organisation(engine):
    meeting_id = service.create_meeting(
        engine, meeting_date="2022-09-08", title="Møde", actor=ADMIN,
        participants=[service.ParticipantInput("Region Midtjylland", "Britta Ravn"),
                      service.ParticipantInput("cimt", "Ida Wagner Svendsen", partial=True)])
    with pytest.raises(MeetingRefused, match="meeting.error.cpr"):
        service.add_participants(engine, meeting_id, [service.ParticipantInput("kl", f"Navn {CPR}")], actor=ADMIN)
    with read_session(engine) as session:
        content = reads.minutes(session, meeting_id)
    assert [(p["organisation"]["key"], p["name"], p["partial"]) for p in content["participants"]] == [
        ("midt", "Britta Ravn", False), ("cimt", "Ida Wagner Svendsen", True)]
    assert count(engine, Organisation) == len(ORGANISATIONS)


def test_tie_a_planned_meeting_to_a_snapshot(engine):
    from portfolio.domain import Phase, Rag
    from portfolio.snapshots.freeze import create_snapshot
    from tests.snapshots.builders import add_component, add_status

    add_component(engine)
    add_status(engine, "KL_GATEWAY", dt.date(2022, 9, 1), Phase.PILOT, Rag.AMBER)
    snapshot = create_snapshot(engine, label="Møde 8. september 2022", as_of=dt.date(2022, 9, 8), actor=ADMIN)
    meeting_id = service.create_meeting(engine, meeting_date="2022-11-17", title="Møde", actor=ADMIN)
    with pytest.raises(MeetingRefused, match="meeting.error.unknown_snapshot"):
        service.set_snapshot(engine, meeting_id, 42, actor=ADMIN)
    with pytest.raises(PermissionDenied):
        service.set_snapshot(engine, meeting_id, snapshot.id, actor="viewer")
    service.set_snapshot(engine, meeting_id, snapshot.id, actor=ADMIN)
    with read_session(engine) as session:
        assert session.get(Meeting, meeting_id).snapshot_id == snapshot.id
    assert audit_actions(engine)[-1] == "meeting.snapshot"
