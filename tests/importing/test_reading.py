"""Tolerant reading: sheets, headers, dates, statuses, inclusion layouts, landsdel and programme."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from portfolio.domain import DatePrecision, MilestoneStatus, Rag
from portfolio.importing.service import preview
from portfolio.outcome import READY, REJECTED
from tests.importing.builders import HEADERS, LONG_INCLUSION, MILESTONES, plan_workbook, workbook_bytes

TODAY = dt.date(2024, 1, 15)


def check(engine, data: bytes, name: str = "plan.xlsx", **kwargs):
    return preview(engine, data, name, today=TODAY, **kwargs)


def messages(result, lang="da"):
    return [(p.sheet, p.row, p.column, p.message(lang)) for p in result.errors]


def test_a_plain_plan_is_read(sqlite_engine):
    result = check(sqlite_engine, plan_workbook())
    assert result.status == READY, messages(result)
    assert (result.landsdel_name, result.programme, result.plan_version) == ("Syd", "KOL", 1)
    first, second, third = result.plan.milestones
    assert first.status is MilestoneStatus.DONE and first.actual.date == dt.date(2023, 1, 31)
    assert second.baseline.precision is DatePrecision.MONTH and second.baseline.text == "marts 2023"
    assert second.forecast.date == dt.date(2023, 6, 30)
    assert third.depends_on == ["2"] and third.resolved == [("milestone", "2")]
    assert result.plan.submitted_on == dt.date(2023, 6, 1)



def test_header_below_titles_and_notes_under_the_table(sqlite_engine):
    rows = [["Milepælsplan for telemedicin til borgere med KOL"], ["Landsdel: Syd"], [], [],
            HEADERS, *MILESTONES, [], ["Note: datoerne er foreløbige"], ["* kilde: projektgruppen"]]
    data = workbook_bytes({"Plan": rows, "Info": [["Program", "KOL"]]}, merges=[("Plan", "A1:H1")])
    result = check(sqlite_engine, data)
    assert result.status == READY, messages(result)
    assert [m.code for m in result.plan.milestones] == ["1", "2", "3"]
    assert result.landsdel_name == "Syd"


def test_group_heading_rows_inside_the_table_become_categories(sqlite_engine):
    rows = [HEADERS, ["Fase 1: Forberedelse"], MILESTONES[0], [], ["Fase 2: Drift"], *MILESTONES[1:]]
    result = check(sqlite_engine, workbook_bytes({"Milepæle": rows, "Info": [["Landsdel", "Syd"], ["Program", "KOL"]]}))
    assert result.status == READY, messages(result)
    assert [m.category for m in result.plan.milestones] == ["Fase 1: Forberedelse", "Fase 2: Drift", "Fase 2: Drift"]


@pytest.mark.parametrize("headers", [
    ["Milestone ID", "Title", "Baseline date", "Forecast date", "Actual date", "RAG", "Depends on", "Notes"],
    ["nr", "AKTIVITET", "Oprindelig dato", "Ny dato", "Afsluttet dato", "Farve", "afhænger af:", "Kommentar"],
    [" Milepæl-ID ", "Milepæl", "Planlagt  dato", "Prognose", "Faktisk dato", "status", "Afhænger af", "Bemærkning"],
])
def test_header_synonyms(sqlite_engine, headers):
    result = check(sqlite_engine, plan_workbook(headers=headers))
    assert result.status == READY, messages(result)
    assert [m.title for m in result.plan.milestones][0] == "Kontrakt underskrevet"
    assert result.plan.milestones[2].forecast.precision is DatePrecision.HALF
    assert result.plan.milestones[1].comment == "Kører efter plan"


@pytest.mark.parametrize(("sheet", "info"), [("Milestones", "Info"), ("Milepæle", "Info"), ("Ark1", "Information")])
def test_sheets_found_by_name_or_by_content(sqlite_engine, sheet, info):
    data = workbook_bytes({"Forside": [["Velkommen"]], sheet: [HEADERS, *MILESTONES],
                           info: [["Landsdel", "Nord"], ["Program", "Hjertesvigt"]]})
    result = check(sqlite_engine, data)
    assert result.status == READY, messages(result)
    assert (result.landsdel_name, result.programme) == ("Nord", "HJERTESVIGT")
    assert result.plan.sheets_found["milestones"] == sheet


@pytest.mark.parametrize(("word", "status"), [("Grøn", MilestoneStatus.GREEN), ("green", MilestoneStatus.GREEN),
                                              ("G", MilestoneStatus.GREEN), ("gul", MilestoneStatus.AMBER),
                                              ("Amber", MilestoneStatus.AMBER), ("yellow", MilestoneStatus.AMBER),
                                              ("Y", MilestoneStatus.AMBER), ("RØD", MilestoneStatus.RED),
                                              ("r", MilestoneStatus.RED), ("Afsluttet", MilestoneStatus.DONE),
                                              ("done", MilestoneStatus.DONE), ("sat på pause", MilestoneStatus.PAUSED)])
def test_status_words(sqlite_engine, word, status):
    rows = [["1", "Kontrakt", "31-01-2023", "", "", word, "", ""]]
    result = check(sqlite_engine, plan_workbook(milestones=rows))
    assert result.plan.milestones[0].status is status


def test_status_from_fill_colour_when_the_cell_is_empty(sqlite_engine):
    rows = [["1", "a", "2023", "", "", None, "", ""], ["2", "b", "2023", "", "", None, "", ""],
            ["3", "c", "2023", "", "", None, "", ""], ["4", "d", "2023", "", "", None, "", ""],
            ["5", "e", "2023", "", "", "rød", "", ""]]
    # Header is row 3 (two title rows); statuses in column F, rows 4..8.
    fills = {("Milepæle", "F4"): "00B050", ("Milepæle", "F5"): "FFC000", ("Milepæle", "F6"): "FF0000",
             ("Milepæle", "F8"): "00B050"}
    result = check(sqlite_engine, plan_workbook(milestones=rows, fills=fills))
    assert result.status == READY, messages(result)
    assert [m.status for m in result.plan.milestones] == [MilestoneStatus.GREEN, MilestoneStatus.AMBER,
                                                          MilestoneStatus.RED, None, MilestoneStatus.RED]


def test_inclusion_long_with_a_total_row(sqlite_engine):
    inclusion = [*LONG_INCLUSION, ["I alt", None, 11, 11, 0]]
    result = check(sqlite_engine, plan_workbook(inclusion=inclusion))
    assert result.status == READY, messages(result)
    assert len(result.plan.inclusions) == 4
    assert result.plan.new_inclusions_total == 11
    assert {r.municipality_code for r in result.plan.inclusions} == {461, 630}


def test_inclusion_wide_with_total_column_and_row_and_codes(sqlite_engine):
    inclusion = [["Inklusion pr. måned"], [], ["Kommune", "jan 2023", "feb 2023", "marts 2023", "Total"],
                 ["Odense", 5, 3, 2, 10], ["0630", 2, 1, None, 3], ["I alt", 7, 4, 2, 13]]
    result = check(sqlite_engine, plan_workbook(inclusion=inclusion))
    assert result.status == READY, messages(result)
    assert result.plan.new_inclusions_total == 13  # never the totals again
    assert len(result.plan.inclusions) == 5
    assert {(r.municipality_code, r.month) for r in result.plan.inclusions} >= {(630, dt.date(2023, 2, 1))}
    assert not result.warnings or all("Total" not in w.message("da") for w in result.warnings)


def test_wide_total_that_does_not_add_up_is_a_warning(sqlite_engine):
    inclusion = [["Kommune", "2023-01", "2023-02"], ["Odense", 5, 3], ["Vejle", 1, 1], ["Total", 6, 5]]
    result = check(sqlite_engine, plan_workbook(inclusion=inclusion))
    assert result.status == READY
    assert any(p.key == "import.warning.total_mismatch" for p in result.warnings)


def test_municipality_unknown_or_outside_the_landsdel(sqlite_engine):
    inclusion = [LONG_INCLUSION[0], ["2023-01", "Aalborg", 1, 1, 0], ["2023-01", "Atlantis", 1, 1, 0],
                 ["2023-01", "Odense", 1, 1, 0]]
    result = check(sqlite_engine, plan_workbook(inclusion=inclusion))
    assert result.status == REJECTED
    found = messages(result)
    assert ("Inklusion", 2, "B", "Aalborg ligger ikke i landsdel Syd.") in found
    assert ("Inklusion", 3, "B", "Ukendt kommune »Atlantis«. Nærmeste kendte: –.") in found


@pytest.mark.parametrize(("info", "title", "file_name", "explicit", "expected"), [
    ("Syd", None, "plan.xlsx", None, "Syd"),
    (None, "Landsdel: Region Syddanmark", "plan.xlsx", None, "Syd"),
    (None, None, "Milepælsplan_Midt_KOL.xlsx", None, "Midt"),
    (None, None, "plan.xlsx", "hovedstaden", "Hovedstaden"),
    ("Nord", None, "plan_nord.xlsx", "Nordjylland", "Nord"),
])
def test_landsdel_sources(sqlite_engine, info, title, file_name, explicit, expected):
    title_rows = ((title,), ()) if title else (("Plan",), ())
    data = plan_workbook(landsdel=info, title_rows=title_rows)
    result = check(sqlite_engine, data, file_name, landsdel=explicit)
    assert result.status == READY, messages(result)
    assert result.landsdel_name == expected


@pytest.mark.parametrize(("info", "file_name", "explicit"), [
    ("Syd", "plan_nord.xlsx", None), ("Syd", "plan.xlsx", "Midt"),
])
def test_landsdel_conflict_is_an_error(sqlite_engine, info, file_name, explicit):
    result = check(sqlite_engine, plan_workbook(landsdel=info), file_name, landsdel=explicit)
    assert result.status == REJECTED
    assert any(p.key == "import.error.landsdel_conflict" for p in result.errors)


def test_programme_from_file_name_and_aliases(sqlite_engine):
    result = check(sqlite_engine, plan_workbook(programme=None), "Syd hjertesvigt.xlsx")
    assert result.programme == "HJERTESVIGT"
    result = check(sqlite_engine, plan_workbook(programme="COPD"), "plan.xlsx")
    assert result.programme == "KOL"
    result = check(sqlite_engine, plan_workbook(programme="KOL"), "plan hjertesvigt.xlsx")
    assert any(p.key == "import.error.programme_conflict" for p in result.errors)


def test_every_problem_is_reported_at_once_with_its_place(sqlite_engine):
    rows = [["1", "Kontrakt", "31-01-2023", "", "", "grøn", "", ""],
            ["1", "Igen", "31-01-2023", "", "", "grøn", "", ""],
            ["", "Uden id", "snart", "", "", "lilla", "", ""],
            ["4", "Fremtid", "2023", "", "01-06-2024", "afsluttet", "99", ""],
            ["5", "KAM", "2023", "", "", "", "KL Gateway", ""]]
    inclusion = [LONG_INCLUSION[0], ["2023-01", "Odense", -1, "mange", 2.5]]
    result = check(sqlite_engine, plan_workbook(milestones=rows, inclusion=inclusion))
    assert result.status == REJECTED
    found = messages(result)
    expected = [
        ("Milepæle", 5, "", "Milepæls-ID 1 står flere gange (også i række 4)."),
        ("Milepæle", 6, "A", "Milepælen mangler et ID."),
        ("Milepæle", 6, "C",
         "Datoen »snart« kan ikke læses. Skriv fx 31-03-2023, marts 2023, Q2 2023 eller uge 14 2023."),
        ("Milepæle", 6, "F", "Ukendt status »lilla«. Brug grøn, gul, rød, afsluttet eller sat på pause."),
        ("Milepæle", 7, "", "Den faktiske dato 01-06-2024 ligger i fremtiden."),
        ("Milepæle", 7, "G", "»99« er hverken en milepæl i planen eller en kendt FUT-komponent. Nærmeste kendte "
                             "navne: –. Knyt teksten til en komponent på importsiden (huskes for landsdelen) eller "
                             "med --map-dependency \"TEKST=KODE\"."),
        ("Inklusion", 2, "C", "Antallet -1 er negativt."),
        ("Inklusion", 2, "D", "»mange« er ikke et antal."),
        ("Inklusion", 2, "E", "»2.5« er ikke et helt tal."),
    ]
    for item in expected:
        assert item in found, (item, found)
    assert not any("KL Gateway" in message for *_, message in found)  # the FUT catalogue knows it
    english = [p.message("en") for p in result.errors]
    assert "The milestone has no ID." in english


def test_unrecognised_headers_can_be_mapped(sqlite_engine):
    from portfolio.importing.store import HeaderMapping

    headers = ["ID", "Milepæl", "Frist 1", "Forventet dato", "Faktisk dato", "Status", "Afhænger af",
               "Bemærkning"]
    result = check(sqlite_engine, plan_workbook(headers=headers))
    unmapped = [u for u in result.plan.unmapped if u.text == "Frist 1"]
    assert unmapped and unmapped[0].column == "C"
    assert result.plan.milestones[1].baseline is None
    mapped = check(sqlite_engine, plan_workbook(headers=headers),
                   mappings=[HeaderMapping("milestones", unmapped[0].key, "baseline")])
    assert mapped.plan.milestones[1].baseline.text == "marts 2023"


def test_reported_rag_and_targets_from_the_workbook(sqlite_engine):
    data = workbook_bytes({
        "Info": [["Landsdel", "Syd"], ["Program", "KOL"], ["Samlet status", "gul"], ["Målgruppe", 1200]],
        "Milepæle": [HEADERS, *MILESTONES],
        "Mål": [["Dato", "Mål"], ["31-12-2023", 300], ["31-12-2024", "1.000"]],
    })
    result = check(sqlite_engine, data)
    assert result.status == READY, messages(result)
    assert result.plan.reported_rag is Rag.AMBER
    assert result.plan.target_group_size == 1200
    assert [(t.due_date.year, t.target_count) for t in result.plan.targets] == [(2023, 300), (2024, 1000)]


def test_xlsm_is_read(sqlite_engine):
    data = plan_workbook()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
            target.writestr(item, content)
    result = check(sqlite_engine, buffer.getvalue(), "plan.xlsm")
    assert result.status == READY, messages(result)
    assert len(result.plan.milestones) == 3


def test_cpr_anywhere_refuses_the_whole_file_and_is_masked(sqlite_engine, caplog):
    data = workbook_bytes({"Info": [["Landsdel", "Syd"], ["Program", "KOL"]], "Milepæle": [HEADERS, *MILESTONES],
                           "Noter": [[], [None, None, "Ring til 2503781234 om pilot"]]})
    result = check(sqlite_engine, data)
    assert result.status == REJECTED
    assert result.plan is None  # nothing of the file is passed on
    [problem] = result.errors
    assert (problem.sheet, problem.row, problem.column) == ("Noter", 2, "C")
    text = problem.message("da") + problem.message("en")
    assert "2503**-****" in text and "2503781234" not in text and "781234" not in text
    assert "2503781234" not in caplog.text
