"""The demo story of the register, and the agenda drafted from snapshot data (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.db import read_session
from portfolio.meetings import agenda, reads, service
from portfolio.meetings.domain import ActionStatus, ItemOrigin, MeetingStatus
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.models import Meeting
from tests.meetings.conftest import ADMIN


def _by_date(session, day):  # type: ignore[no-untyped-def]
    return next(m for m in reads.list_meetings(session) if m.date == day)


def test_the_demo_meetings_tell_the_story_of_the_minutes(demo_engine_both):
    with read_session(demo_engine_both) as session:
        rows = reads.list_meetings(session)
        assert [(r.date, r.status) for r in rows] == [
            (dt.date(2022, 11, 17), MeetingStatus.PLANNED), (dt.date(2022, 9, 8), MeetingStatus.HELD),
            (dt.date(2022, 6, 9), MeetingStatus.APPROVED)]
        assert "demo" in rows[0].title and "demo" in rows[2].title and "demo" not in rows[1].title
        september = reads.minutes(session, rows[1].id)
        assert [(i["number"], i["kind"]) for i in september["items"]] == [
            (1, "O"), (2, "O"), (3, "O"), (4, "O"), (5, "O"), (6, "O"), (7, "B"), (8, "O"), (9, "O"), (10, "O")]
        assert september["items"][6]["conclusion"] == {
            "outcome": "approved",
            "text": "Porteføljestyregruppen tog orienteringen til efterretning og godkendte de to kommissorier."}
        assert "følger op på milepælsplanerne" in september["items"][5]["conclusion"]["text"]
        assert len(september["participants"]) == 24
        # the June follow-up (list extraction) is reported on 8 September: closed, not legal
        [lists] = september["followups"]
        assert lists["status"] == "done" and "ikke lovligt" in lists["note"]
        june = reads.minutes(session, rows[2].id)
        assert june["revision"]["number"] == 1 and june["meeting"]["approval_method"] == "written_procedure"
        # the open follow-ups after 8 September, one overdue at the next meeting
        november = session.get(Meeting, rows[0].id)
        carried = reads.follow_ups(session, november)
        assert all(a.status is ActionStatus.OPEN for a in carried) and len(carried) == 4
        [overdue] = [a for a in carried if a.overdue]
        assert overdue.owner["key"] == "sum" and "juridiske vurdering" in overdue.text
        texts = " ".join(a.text for a in carried)
        assert "inklusionshastigheden" in texts and "Seminar" in texts


def test_draft_agenda_from_the_snapshot_data(demo_engine_both):
    # the demo freezes the meetings of 9 June and 8 September 2022: a draft on September's compares with June's
    with read_session(demo_engine_both) as session:
        september = _by_date(session, dt.date(2022, 9, 8)).snapshot_id
    assert september is not None  # the demo's meeting of 8 September is held on the demo's snapshot of that day
    meeting_id = service.create_meeting(demo_engine_both, meeting_date="2022-11-17", title="Forberedelse",
                                        snapshot_id=september, actor=ADMIN)
    added = agenda.draft_agenda(demo_engine_both, meeting_id, actor=ADMIN)
    titles = [p.title for _, p in added]
    assert titles[:3] == ["Velkomst og siden sidst", "Referat", "Status på FUT"] and titles[-1] == "Eventuelt"
    assert [n for n, _ in added] == list(range(1, len(added) + 1))
    proposed = {p.title: p for _, p in added if p.origin is ItemOrigin.PROPOSED}
    sjaelland = proposed["Status for landsdel Sjælland (KOL)"]
    assert "Nøglemilepæle forskudt siden 9. juni 2022" in sjaelland.reason
    heart = proposed["Status for landsdel Nord (HJERTESVIGT)"]
    assert "Afledt RAG gik fra" in heart.reason and "rød" in heart.reason
    assert "Inklusion under den nødvendige takt" in proposed["Status for landsdel Midt (KOL)"].reason
    k_pro = proposed["FUT-komponent K-PRO: produktion forskudt 92 dage"]
    assert "6.2 Kommunal PRO (K-PRO) i brug" in k_pro.reason
    followup = next(p for _, p in added if p.title == "Opfølgning på opfølgningspunkter")
    assert "1 af dem overskredet" not in followup.reason and "heraf 1 overskredet" in followup.reason
    assert "juridiske vurdering" in followup.reason
    assert agenda.draft_agenda(demo_engine_both, meeting_id, actor=ADMIN) == []  # nothing proposed twice


def test_draft_agenda_needs_a_snapshot_and_the_secretariat(demo_engine_both):
    with read_session(demo_engine_both) as session:
        november = _by_date(session, dt.date(2022, 11, 17)).id
    with pytest.raises(MeetingRefused, match="meeting.error.no_snapshot"):
        agenda.draft_agenda(demo_engine_both, november, actor=ADMIN)
    with pytest.raises(MeetingRefused, match="meeting.error.unknown"):
        agenda.draft_agenda(demo_engine_both, 999, actor=ADMIN)
