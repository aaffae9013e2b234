"""Workbooks built in the tests, the way landsdele fill them in."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill

HEADERS = ["ID", "Milepæl", "Baseline", "Forventet dato", "Faktisk dato", "Status", "Afhænger af", "Bemærkning"]

MILESTONES: list[list[Any]] = [
    ["1", "Kontrakt underskrevet", "31-01-2023", "31-01-2023", "31-01-2023", "afsluttet", "", ""],
    ["2", "Uddannelse af personale", "marts 2023", "Q2 2023", None, "grøn", "1", "Kører efter plan"],
    ["3", "Første borgere inkluderet", "uge 14 2023", "1. halvår 2024", None, "gul", "2", ""],
]


def workbook_bytes(sheets: dict[str, Sequence[Sequence[Any]]], *, fills: dict[tuple[str, str], str] | None = None,
                   merges: Iterable[tuple[str, str]] = ()) -> bytes:
    """{sheet name: rows}; fills: {(sheet, "F5"): "FFC000"}; merges: [(sheet, "A1:H1")]."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    for (name, ref), colour in (fills or {}).items():
        book[name][ref].fill = PatternFill("solid", fgColor=colour)
    for name, ref in merges:
        book[name].merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_workbook(*, landsdel: str | None = "Syd", programme: str | None = "KOL",
                  milestones: Sequence[Sequence[Any]] = MILESTONES, headers: Sequence[str] = HEADERS,
                  inclusion: Sequence[Sequence[Any]] | None = None, info_extra: Sequence[Sequence[Any]] = (),
                  title_rows: Sequence[Sequence[Any]] = (("Milepælsplan",), ()),
                  notes: Sequence[Sequence[Any]] = (), submitted: dt.date | None = dt.date(2023, 6, 1),
                  fills: dict[tuple[str, str], str] | None = None) -> bytes:
    info: list[list[Any]] = []
    if landsdel:
        info.append(["Landsdel", landsdel])
    if programme:
        info.append(["Program", programme])
    if submitted:
        info.append(["Indsendt", submitted])
    info += [list(r) for r in info_extra]
    sheets: dict[str, Sequence[Sequence[Any]]] = {}
    if info:
        sheets["Info"] = info
    sheets["Milepæle"] = [*title_rows, list(headers), *milestones, *notes]
    if inclusion is not None:
        sheets["Inklusion"] = inclusion
    return workbook_bytes(sheets, fills=fills)


LONG_INCLUSION = [
    ["Måned", "Kommune", "Nye inklusioner", "Aktive borgere", "Frafald"],
    ["2023-01", "Odense", 5, 5, 0],
    ["2023-01", "Vejle", 2, 2, 0],
    ["2023-02", "Odense", 3, 8, 0],
    ["2023-02", "Vejle", 1, 3, 0],
]
