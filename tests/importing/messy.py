"""Workbooks written the way regional secretariats write them, not from the template.

Title rows above the tables, an info sheet without colons, headers in their own words (Danish or English),
statuses as sentences, FUT components by the names people use, merged title cells, a Total row, notes under
the table, a sheet with another name. Each function returns the bytes of one .xlsx.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill


def _save(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: openpyxl.Workbook, name: str, rows: list[list[Any]]) -> Any:
    sheet = book.create_sheet(name)
    for row in rows:
        sheet.append(row)
    return sheet


def midt_kol(*, slip: bool = False, dependency: str = "Integration til KIH-databasen", group: int = 2000,
             targets_sheet: str = "Mål", target_date_header: str = "Måldato") -> bytes:
    """Landsdel Midt's KOL plan: an info sheet in two columns without colons, a title row naming the landsdel,
    the plan on a sheet called "Tidsplan 2023", inclusion on "Borgere", targets with Målgruppe as a column."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    info = _sheet(book, "Forside", [
        ["Telemedicin til borgere med KOL"],
        [],
        ["Region Midtjylland"],
        ["Opdateret", dt.datetime(2023, 5, 3)],
        ["Samlet vurdering", "Gul"],
    ])
    info["A1"].font = Font(bold=True, size=14)
    plan = _sheet(book, "Tidsplan 2023", [
        ["Milepælsplan – Landsdel Midt – KOL"],
        ["Status pr. 3. maj 2023"],
        [],
        ["Nr.", "Aktivitet / milepæl", "Arbejdsspor", "Oprindelig plan", "Aktuel forventning", "Gennemført",
         "Vurdering", "Afhænger af (FUT)", "Kommentarer / uddybning"],
        ["Fase 1: Forberedelse"],
        ["1.1", "Kontrakt med leverandør", "Indkøb", "januar 2023", "januar 2023", dt.datetime(2023, 1, 27),
         "Færdig", "", ""],
        ["1.2", "Tilslutning til KL Gateway", "Teknik", "Q1 2023", "april 2023" if not slip else "juni 2023", None,
         "At risk" if not slip else "Forsinket", "KL-gateway", "Afventer FUT"],
        ["1.3", "Klinisk administrativt modul opsat", "Teknik", "marts 2023", "maj 2023", None, "On track",
         "KAM-modulet; 1.2", ""],
        ["Fase 2: Pilot"],
        ["2.1", "Pilot i to kommuner", "Drift", "Q2 2023", "Q3 2023", None, "Risiko for forsinkelse",
         "KOL-hjerteløsningen (FUT 2.0), Kommunal PRO", "Pilot flyttet"],
        ["2.2", "Deling af målinger", "Teknik", "2. halvår 2023", "2. halvår 2023", None, "Ikke startet",
         dependency, ""],
        [],
        ["Note: datoer er månedens sidste dag, hvor intet andet er angivet."],
    ])
    plan.merge_cells("A1:I1")
    plan["A1"].font = Font(bold=True, size=14)
    plan["G7"].fill = PatternFill("solid", fgColor="FFC000")
    _sheet(book, "Borgere", [
        ["Inklusion, KOL, Midt"],
        [],
        ["Måned", "Kommune", "Nye inkluderede", "Aktive i alt", "Udgået"],
        ["2023-03", "Aarhus", 12, 12, 0],
        [None, "Randers", 4, 4, 0],
        ["april 2023", "Aarhus", 9, 20, 1],
        [None, "Randers", "3", 7, 0],
        [None, "Silkeborg", 2, 2, None],
        ["I alt", None, 30, 29, 1],
    ])
    _sheet(book, targets_sheet, [
        [target_date_header, "Mål (antal borgere)", "Målgruppe"],
        ["30-06-2023", 250, group],
        ["31-12-2023", 900, group],
        ["31-12-2024", group, group],
    ])
    return _save(book)


def hovedstaden_heart_failure_english() -> bytes:
    """Region Hovedstaden writes in English: a "Key: value" info block on the plan sheet, English headers and
    statuses, a wide inclusion sheet (municipalities down, months across) with a Total row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "Milestone plan", [
        ["Region: Region Hovedstaden"],
        ["Programme: HF"],
        ["Submitted: 2023-05-05"],
        [],
        ["Milestone ID", "Milestone", "Key milestone?", "Planned", "Expected completion", "Completed on", "RAG",
         "Depends on", "Notes"],
        ["H1", "Contract signed", "yes", "2023-01-31", "2023-01-31", "2023-01-31", "Done", "", ""],
        ["H2", "Integration to the CPR lookup", "", "Q1 2023", "Q2 2023", None, "Delayed",
         "CPR lookup", "Waiting for FUT"],
        ["H3", "SMS reminders live", "", "2023-06-30", "2023-06-30", None, "On track", "NemSMS", ""],
        ["H4", "First citizens enrolled", "x", "Q3 2023", "Q4 2023", None, "At risk", "H2; H3; K-PRO", ""],
    ])
    _sheet(book, "Enrolment", [
        ["New enrolments per municipality"],
        ["Municipality", "Jan 2023", "Feb 2023", "Mar 2023", "Total"],
        ["København", 10, 12, 15, 37],
        ["Frederiksberg", 3, 2, 4, 9],
        ["Total", 13, 14, 19, 46],
    ])
    return _save(book)


def syd_counts_unreadable() -> bytes:
    """Syd's inclusion sheet: month and municipality columns, but the count column has a name nobody could
    read as a count. The rows must not vanish: an error naming the sheet and the header."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "Info", [["Landsdel:", "Syd"], ["Program:", "KOL"]])
    _sheet(book, "Milepæle", [
        ["ID", "Milepæl", "Baseline", "Status"],
        ["1", "Kontrakt", "31-01-2023", "grøn"],
    ])
    _sheet(book, "Inklusion", [
        ["Måned", "Kommune", "Tal (se note)"],
        ["2023-03", "Odense", 12],
        ["2023-03", "Svendborg", 4],
    ])
    return _save(book)


def nord_unknown_dependency(*, second: bool = False) -> bytes:
    """Nord names a component in its own words: "Hjemmemonitoreringsgatewayen" (KL Gateway to them)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "Milepæle", [
        ["Landsdel Nord, hjertesvigt"],
        ["ID", "Milepæl", "Planlagt dato", "Forventet dato", "Status", "Forudsætning"],
        ["N1", "Opkobling", "31-03-2023", "30-04-2023" if not second else "31-05-2023", "gul",
         "Hjemmemonitoreringsgatewayen"],
        ["N2", "Første borger", "30-06-2023", "30-06-2023", "grøn", "N1"],
    ])
    return _save(book)


def sjaelland_bad_values() -> bytes:
    """Sjælland: an unknown municipality, a negative count, a count that is a word, a municipality of
    another region. Each an error with sheet, row and column; all reported at once."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "Info", [["Landsdel", "Region Sjælland"], ["Program", "COPD"]])
    _sheet(book, "Milepæle", [
        ["ID", "Milepæl", "Forventet dato", "Status"],
        ["S1", "Kontrakt", "31-01-2023", "done"],
    ])
    _sheet(book, "Inklusion", [
        ["Måned", "Kommune", "Nye", "Aktive"],
        ["2023-03", "Roskilde", 5, 5],
        ["2023-03", "Rosklide", 2, 2],
        ["2023-04", "Roskilde", -3, 2],
        ["2023-04", "Holbæk", "mange", 1],
        ["2023-04", "Odense", 1, 1],
    ])
    return _save(book)
