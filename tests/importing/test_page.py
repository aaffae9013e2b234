"""AppTest of the import page (through app.py, so the shared sidebar and navigation run)."""

from __future__ import annotations

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from portfolio.db import make_engine, read_session
from portfolio.models import PlanVersion
from tests.importing.builders import LONG_INCLUSION, MILESTONES, plan_workbook
from tests.support.login import open_logged_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_import_page() -> AppTest:
    return open_logged_in("import_plan")


def versions(url: str) -> int:
    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            return session.scalar(select(func.count()).select_from(PlanVersion)) or 0
    finally:
        engine.dispose()


def test_upload_preview_and_import(empty_db_url):
    at = open_import_page()
    assert at.title[0].value == "Import af milepælsplaner"
    at.file_uploader(key="import_files").upload("syd_kol.xlsx", plan_workbook(inclusion=LONG_INCLUSION), XLSX).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Landsdel"] == "Syd" and metrics["Program"] == "KOL" and metrics["Milepæle"] == "3"
    assert metrics["Nye inklusioner i alt"] == "11"
    assert not at.error
    assert any("ingen tidligere plan" in c.value for c in at.caption)
    assert versions(empty_db_url) == 0
    at.button(key="import_syd_kol.xlsx").click().run()
    assert not at.exception, at.exception
    assert any("importeret som version 1" in s.value for s in at.success)
    assert versions(empty_db_url) == 1


def test_a_changed_plan_shows_the_diff(empty_db_url):
    at = open_import_page()
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(), XLSX).run()
    at.button(key="import_syd.xlsx").click().run()
    rows = [list(r) for r in MILESTONES]
    rows[2][3] = "2. halvår 2024"
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(milestones=rows), XLSX).run()
    assert not at.exception, at.exception
    diff = at.dataframe[-1].value
    assert diff.to_dict("records") == [{
        "Hvad": "Milepæl", "Hvilken": "3", "Titel": "Første borgere inkluderet", "Ændring": "Ændret: Prognose",
        "Før": "1. halvår 2024", "Efter": "2. halvår 2024", "Dage skredet": "184"}]


def test_a_refused_file_shows_its_problems_and_cannot_be_imported(empty_db_url):
    rows = [*MILESTONES, ["3", "Dublet", "snart", "", "", "", "", ""]]
    at = open_import_page()
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(milestones=rows), XLSX).run()
    assert not at.exception, at.exception
    assert at.error and "Afvist" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Ark", "Række", "Kolonne", "Problem"]
    assert any("Milepæls-ID 3" in m for m in problems["Problem"])
    assert not [b for b in at.button if b.key and b.key.startswith("import_")]
    assert versions(empty_db_url) == 0


def test_a_file_with_a_cpr_number_is_refused_in_english(empty_db_url):
    rows = [*MILESTONES, ["4", "Ring til 010190-1234", "2023", "", "", "", "", ""]]
    at = open_import_page()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(milestones=rows), XLSX).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Import milestone plans"
    messages = list(at.dataframe[0].value["Problem"])
    assert messages and "0101**-****" in messages[0] and "010190-1234" not in " ".join(messages)


def test_one_outcome_per_file_after_import(empty_db_url):
    at = open_import_page()
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(), XLSX).run()
    at.button(key="import_syd.xlsx").click().run()
    assert not at.exception, at.exception
    outcomes = [*at.success, *at.info, *at.error]
    # The file name is Markdown-escaped (a file's name is never markup): the element's source has "syd\\.xlsx".
    assert [o.value.replace("\\", "") for o in outcomes] == ["syd.xlsx: importeret som version 1."]  # not "unchanged"


def test_only_inclusion_changes_are_shown_not_no_changes(empty_db_url):
    at = open_import_page()
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(inclusion=LONG_INCLUSION), XLSX).run()
    at.button(key="import_syd.xlsx").click().run()
    more = [list(r) for r in LONG_INCLUSION]
    more[1][2] = int(more[1][2]) + 5
    at.file_uploader(key="import_files").upload("syd.xlsx", plan_workbook(inclusion=more), XLSX).run()
    assert not at.exception, at.exception
    diff = at.dataframe[-1].value
    assert list(diff["Hvad"]) == ["Inklusion"] and list(diff["Ændring"]) == ["Ændret"]
    assert "2023" in diff["Hvilken"].iloc[0] and "nye" in diff["Efter"].iloc[0]


def test_an_unknown_dependency_is_mapped_on_the_page_and_remembered(empty_db_url):
    from tests.importing import messy

    at = open_import_page()
    at.file_uploader(key="import_files").upload("nord.xlsx", messy.nord_unknown_dependency(), XLSX).run()
    assert not at.exception, at.exception
    assert at.error
    choice = at.selectbox(key="dep_nord.xlsx_Hjemmemonitoreringsgatewayen")
    assert choice.options[1] == "KL Gateway (KL_GATEWAY)"  # the nearest name first
    choice.set_value("KL_GATEWAY").run()
    assert not at.exception, at.exception
    at.button(key="import_nord.xlsx").click().run()
    assert any("importeret som version 1" in s.value for s in at.success)
    # The next submission from Nord, on a fresh page: the remembered mapping is used, nothing to choose.
    again = open_import_page()
    again.file_uploader(key="import_files").upload("nord.xlsx", messy.nord_unknown_dependency(second=True),
                                                   XLSX).run()
    assert not again.exception and not again.error
    assert versions(empty_db_url) == 1 and again.button(key="import_nord.xlsx")
