"""The plan workbook format: a blank template with Danish instructions, or a plan written out.

``write_plan_workbook(plan)`` writes any ``ParsedPlan`` (a parsed file or a stored version
via ``store.plan_from_store``) so that reading it back gives the same content.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from portfolio.domain import MilestoneStatus, Rag
from portfolio.importing.dates import ParsedDate
from portfolio.importing.parsed import ParsedMilestone, ParsedPlan
from portfolio.reference import LANDSDELE

STATUS_WORDS = {MilestoneStatus.GREEN: "grøn", MilestoneStatus.AMBER: "gul", MilestoneStatus.RED: "rød",
                MilestoneStatus.DONE: "afsluttet", MilestoneStatus.PAUSED: "sat på pause"}
RAG_WORDS = {Rag.GREEN: "grøn", Rag.AMBER: "gul", Rag.RED: "rød"}

MILESTONE_HEADERS = ("ID", "Milepæl", "Kategori", "Ansvarlig", "Nøglemilepæl", "Baseline", "Forventet dato",
                     "Faktisk dato", "Status", "Afhænger af", "Bemærkning")
INCLUSION_HEADERS = ("Måned", "Kommune", "Nye inklusioner", "Aktive borgere", "Frafald")
TARGET_HEADERS = ("Dato", "Mål")

INSTRUCTIONS = (
    "Sådan udfylder du skabelonen",
    "",
    "1. Info: skriv landsdel (Nord, Midt, Syd, Hovedstaden eller Sjælland), program (KOL eller Hjertesvigt), "
    "datoen for indsendelse og landsdelens samlede status (grøn, gul eller rød). Målgruppe er antallet af borgere "
    "i målgruppen.",
    "2. Milepæle: én milepæl pr. række. ID skal være entydigt (fx 1.1, 2.3). Baseline er den dato, I først "
    "lovede; Forventet dato er jeres aktuelle prognose; Faktisk dato udfyldes, når milepælen er nået.",
    "   Datoer kan skrives som 31-03-2023, 2023-03-31, marts 2023, primo/medio/ultimo marts 2023, Q2 2023, "
    "2. kvartal 2023, 1. halvår 2024, uge 14 2023 eller blot 2023.",
    "   Status: grøn, gul, rød, afsluttet eller sat på pause. Afhænger af: ID'er på andre milepæle eller en "
    "FUT-komponent (fx KL Gateway, KAM, K-PRO, KOL-hjerteløsning), adskilt med semikolon.",
    "   Nøglemilepæl: skriv x ved de milepæle, der tæller med i landsdelens samlede status.",
    "3. Inklusion: én række pr. måned og kommune (kommunenavn eller kommunekode). Lad Kommune stå tom for tal "
    "for hele landsdelen. Skriv ikke en total-række; portalen lægger selv sammen.",
    "4. Mål: måldatoer og det antal borgere, der skal være inkluderet på datoen.",
    "",
    "Vigtigt: skriv aldrig CPR-numre eller andre personoplysninger i filen. En fil med noget, der ligner et "
    "CPR-nummer, bliver afvist.",
    "Filen kontrolleres ved import; er der fejl, gemmes intet, og alle fejl vises med ark, række og kolonne.",
)


def _landsdel_name(key: str | None) -> str:
    if not key:
        return ""
    return next((ld.name for ld in LANDSDELE if ld.key == key), key)


def write_plan_workbook(plan: ParsedPlan | None = None) -> bytes:
    """The template workbook, blank or holding a plan."""
    plan = plan or ParsedPlan()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "bold": book.add_format({"bold": True}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
        "date": book.add_format({"num_format": "dd-mm-yyyy"}),
        "month": book.add_format({"num_format": "yyyy-mm"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    _write_guide(book, formats)
    _write_info(book, plan, formats)
    _write_milestones(book, plan, formats)
    _write_inclusion(book, plan, formats)
    _write_targets(book, plan, formats)
    book.close()
    return buffer.getvalue()


def _write_guide(book, formats) -> None:  # type: ignore[no-untyped-def]
    guide = book.add_worksheet("Vejledning")
    guide.set_column(0, 0, 120)
    for r, line in enumerate(INSTRUCTIONS):
        guide.write_string(r, 0, line, formats["title"] if r == 0 else formats["wrap"])


def _write_info(book, plan: ParsedPlan, formats) -> None:  # type: ignore[no-untyped-def]
    info = book.add_worksheet("Info")
    info.set_column(0, 0, 18)
    info.set_column(1, 1, 30)
    rows: list[tuple[str, object]] = [
        ("Landsdel", _landsdel_name(plan.landsdel)),
        ("Program", plan.programme or ""),
        ("Indsendt", plan.submitted_on),
        ("Samlet status", RAG_WORDS.get(plan.reported_rag, "") if plan.reported_rag else ""),
        ("Målgruppe", plan.target_group_size),
    ]
    for r, (key, value) in enumerate(rows):
        info.write_string(r, 0, key, formats["bold"])
        if isinstance(value, dt.date):
            info.write_datetime(r, 1, dt.datetime.combine(value, dt.time()), formats["date"])
        elif isinstance(value, int):
            info.write_number(r, 1, value)
        elif value:
            info.write_string(r, 1, str(value))
    info.data_validation(3, 1, 3, 1, {"validate": "list", "source": list(RAG_WORDS.values())})
    info.data_validation(1, 1, 1, 1, {"validate": "list", "source": ["KOL", "HJERTESVIGT"],
                                      "error_type": "warning"})


def _write_milestones(book, plan: ParsedPlan, formats) -> None:  # type: ignore[no-untyped-def]
    sheet = book.add_worksheet("Milepæle")
    sheet.write_string(0, 0, "Milepælsplan", formats["title"])
    header_row = 2
    for c, text in enumerate(MILESTONE_HEADERS):
        sheet.write_string(header_row, c, text, formats["head"])
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 45)
    sheet.set_column(2, 3, 16)
    sheet.set_column(4, 8, 14)
    sheet.set_column(9, 10, 30)
    sheet.freeze_panes(header_row + 1, 0)
    for i, m in enumerate(plan.milestones):
        _write_milestone(sheet, header_row + 1 + i, m, formats["date"])
    last = header_row + max(len(plan.milestones), 200)
    sheet.data_validation(header_row + 1, 8, last, 8,
                          {"validate": "list", "source": list(STATUS_WORDS.values()), "error_type": "warning"})


def _write_milestone(sheet, r: int, m: ParsedMilestone, date_fmt) -> None:  # type: ignore[no-untyped-def]
    sheet.write_string(r, 0, m.code)
    sheet.write_string(r, 1, m.title)
    for c, text in ((2, m.category), (3, m.owner), (4, "x" if m.is_key else "")):
        if text:
            sheet.write_string(r, c, text)
    for c, value in ((5, m.baseline), (6, m.forecast), (7, m.actual)):
        _write_date(sheet, r, c, value, date_fmt)
    for c, text in ((8, STATUS_WORDS[m.status] if m.status else ""), (9, "; ".join(m.depends_on)), (10, m.comment)):
        if text:
            sheet.write_string(r, c, text)


def _write_inclusion(book, plan: ParsedPlan, formats) -> None:  # type: ignore[no-untyped-def]
    inclusion = book.add_worksheet("Inklusion")
    for c, text in enumerate(INCLUSION_HEADERS):
        inclusion.write_string(0, c, text, formats["head"])
    inclusion.set_column(0, 0, 12)
    inclusion.set_column(1, 1, 20)
    inclusion.set_column(2, 4, 16)
    inclusion.freeze_panes(1, 0)
    for i, row in enumerate(plan.inclusions, start=1):
        inclusion.write_datetime(i, 0, dt.datetime.combine(row.month, dt.time()), formats["month"])
        if row.municipality_code is not None:
            inclusion.write_string(i, 1, row.municipality or str(row.municipality_code))
        elif row.municipality:
            inclusion.write_string(i, 1, row.municipality)
        inclusion.write_number(i, 2, row.new_inclusions)
        inclusion.write_number(i, 3, row.active_citizens)
        inclusion.write_number(i, 4, row.dropouts)


def _write_targets(book, plan: ParsedPlan, formats) -> None:  # type: ignore[no-untyped-def]
    targets = book.add_worksheet("Mål")
    for c, text in enumerate(TARGET_HEADERS):
        targets.write_string(0, c, text, formats["head"])
    targets.set_column(0, 1, 14)
    for i, target in enumerate(plan.targets, start=1):
        targets.write_datetime(i, 0, dt.datetime.combine(target.due_date, dt.time()), formats["date"])
        targets.write_number(i, 1, target.target_count)


def _write_date(sheet, r: int, c: int, value: ParsedDate | None, fmt) -> None:  # type: ignore[no-untyped-def]
    if value is None:
        return
    if value.text:
        sheet.write_string(r, c, value.text)  # the planner's own words: "Q2 2023"
    else:
        sheet.write_datetime(r, c, dt.datetime.combine(value.date, dt.time()), fmt)


def blank_template() -> bytes:
    return write_plan_workbook(None)
