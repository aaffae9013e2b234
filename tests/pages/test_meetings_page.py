"""AppTest of /meetings, through app.py (login gate and navigation): the list, one meeting, mødeafvikling, the
actions board; the secretariat writes, a landsdel editor updates its own actions only, a viewer reads."""

from __future__ import annotations

import datetime as dt

from portfolio.db import make_engine, read_session
from portfolio.meetings import reads
from portfolio.meetings.domain import ActionStatus
from portfolio.snapshots.freeze import create_snapshot
from tests.support.login import open_logged_in
from tests.support.tolerances import loose_tolerances


def _engine(url: str):  # type: ignore[no-untyped-def]
    return make_engine(url)


def test_the_demo_meetings_in_danish_and_english(demo_db_url):
    at = open_logged_in("meetings", "admin")
    assert at.title[0].value == "Møder i porteføljestyregruppen"
    listing = at.dataframe[0].value
    assert list(listing["Dato"]) == ["17.11.2022", "08.09.2022", "09.06.2022"]
    assert at.selectbox(key="mt_meeting").value is not None
    at.selectbox(key="mt_meeting").set_value(2).run()
    assert not at.exception, at.exception
    items = at.dataframe[1].value
    assert list(items["Type"]) == ["(O)"] * 6 + ["(B)"] + ["(O)"] * 3
    assert items["Udfald"].iloc[6] == "godkendt"
    texts = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "juridiske vurdering" in texts and "udtræk af lister" in texts
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Meetings of the portfolio steering group"
    assert "Outcome" in at.dataframe[1].value.columns


def test_overdue_on_the_board_as_of_the_next_meeting(demo_db_url):
    at = open_logged_in("meetings", "admin")
    at.radio(key="mt_board_show").set_value("overdue").run()
    at.date_input(key="mt_board_as_of").set_value(dt.date(2022, 11, 17)).run()
    assert not at.exception, at.exception
    board = at.dataframe[-1].value
    assert list(board["Ansvarlig"]) == ["Sundhedsministeriet"]


def test_create_draft_conclude_act_and_approve(demo_db_url, monkeypatch, tmp_path):
    # No tolerance (B) items on the draft: the flow approves the minutes after concluding one item.
    monkeypatch.setenv("TOLERANCES_PATH", loose_tolerances(tmp_path))
    engine = _engine(demo_db_url)
    create_snapshot(engine, label="Møde 2. februar 2022", as_of=dt.date(2022, 2, 2), actor="test")
    snapshot = create_snapshot(engine, label="Møde 8. december 2022", as_of=dt.date(2022, 9, 8), actor="test")
    engine.dispose()
    at = open_logged_in("meetings", "admin")
    at.text_input(key="mt_new_title").input("Møde 8. december 2022")
    at.date_input(key="mt_new_date").set_value(dt.date(2022, 12, 8))
    at.selectbox(key="mt_new_snapshot").set_value(snapshot.id)
    at.button(key="FormSubmitter:mt_create-Opret møde").click().run()
    assert not at.exception, at.exception
    assert any("er oprettet" in s.value for s in at.success)
    meeting_id = at.selectbox(key="mt_meeting").value
    at.button(key="mt_draft").click().run()
    assert any("foreslået" in s.value for s in at.success)
    items = at.dataframe[1].value
    assert items["Titel"].iloc[0] == "Velkomst og siden sidst" and "Eventuelt" in list(items["Titel"])
    assert any("overskredet" in reason for reason in items["Hvorfor foreslået"])  # the ministry's assessment
    at.selectbox(key="mt_run_item").set_value(2)
    at.selectbox(key="mt_run_outcome").set_value("approved")
    at.text_area(key="mt_run_text").input("Referatet blev godkendt.")
    at.text_input(key="mt_run_action").input("Sekretariatet udsender referatet")
    at.selectbox(key="mt_run_owner").set_value("sekretariatet")
    at.date_input(key="mt_run_due").set_value(dt.date(2022, 12, 15))
    at.button(key="FormSubmitter:mt_run-Gem konklusion").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="FormSubmitter:mt_approve-Godkend og frys referatet").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("godkendt og frosset" in s.value for s in at.success)
    engine = _engine(demo_db_url)
    with read_session(engine) as session:
        content = reads.minutes(session, meeting_id)
    engine.dispose()
    assert content["meeting"]["status"] == "approved" and content["revision"]["number"] == 1
    assert content["items"][1]["conclusion"]["outcome"] == "approved"
    assert content["items"][1]["actions"][0]["owner"]["key"] == "sekretariatet"


def test_refusals_are_shown_and_nothing_is_stored(demo_db_url):
    at = open_logged_in("meetings", "admin")
    at.selectbox(key="mt_meeting").set_value(2).run()
    at.selectbox(key="mt_run_item").set_value(6)
    at.text_input(key="mt_run_action").input("Ring til 010190-1234")
    at.selectbox(key="mt_run_owner").set_value("midt")
    at.date_input(key="mt_run_due").set_value(dt.date(2022, 12, 1))
    at.button(key="FormSubmitter:mt_run-Gem konklusion").click().run()
    assert at.error and "CPR" in at.error[0].value
    assert "1234" not in at.error[0].value


def test_a_landsdel_editor_updates_its_own_actions_and_a_viewer_reads(demo_db_url):
    at = open_logged_in("meetings", "midt")
    assert "mt_new_title" not in [w.key for w in at.text_input]  # no "new meeting" form for an editor
    assert "mt_run_text" not in [w.key for w in at.text_area]
    choices = at.selectbox(key="mt_upd_action").options
    assert len(choices) == 1 and "inklusionshastigheden" in choices[0]
    at.radio(key="mt_upd_status").set_value("done")
    at.text_input(key="mt_upd_note").input("Beskrivelsen er sendt til sekretariatet")
    at.button(key="FormSubmitter:mt_update-Gem status").click().run()
    assert not at.error, [e.value for e in at.error]
    engine = _engine(demo_db_url)
    with read_session(engine) as session:
        row = next(r for r in reads.all_actions(session) if "inklusionshastigheden" in r.text)
    engine.dispose()
    assert row.status is ActionStatus.DONE and row.history[-1]["by"] == "midt"

    viewer = open_logged_in("meetings", "viewer")
    assert not viewer.exception
    assert not [s for s in viewer.selectbox if s.key == "mt_upd_action"]
    assert any("Kun sekretariatet" in c.value for c in viewer.caption)


def test_tie_the_planned_meeting_to_a_snapshot_and_add_a_participant(demo_db_url):
    engine = _engine(demo_db_url)
    snapshot = create_snapshot(engine, label="Møde 17. november 2022", as_of=dt.date(2022, 9, 8), actor="test")
    engine.dispose()
    at = open_logged_in("meetings", "admin")
    at.selectbox(key="mt_meeting").set_value(1).run()  # 17 November (planned, no snapshot)
    assert "mt_draft" not in [b.key for b in at.button]  # nothing to draft from without a snapshot
    at.selectbox(key="mt_tie_1").set_value(snapshot.id).run()
    assert not at.exception, at.exception
    assert any(f"snapshot {snapshot.id}" in x.value for x in at.text)
    at.text_input(key="mt_person_name").input("Britta Ravn")
    at.selectbox(key="mt_person_org").set_value("midt")
    at.button(key="FormSubmitter:mt_person-Tilføj deltager").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Britta Ravn (Landsdel Midt)" in x.value for x in at.text)
    at.button(key="mt_draft").click().run()
    assert any("foreslået" in s.value for s in at.success)


def test_an_empty_store_offers_to_create_the_first_meeting(empty_db_url):
    at = open_logged_in("meetings", "admin")
    assert any("ingen møder" in i.value for i in at.info)
    at.text_input(key="mt_new_title").input("Første møde")
    at.button(key="FormSubmitter:mt_create-Opret møde").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="mt_meeting").value is not None
    assert list(at.dataframe[0].value["Titel"]) == ["Første møde"]
