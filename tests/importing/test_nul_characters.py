"""A NUL character in a workbook (#13): refused per cell with sheet, row and column, on SQLite and PostgreSQL,
instead of "the database cannot be reached" when PostgreSQL is asked to store it."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from sqlalchemy import func, select

from portfolio.db import read_session
from portfolio.importing.service import import_plan
from portfolio.models import PlanVersion
from portfolio.outcome import REJECTED
from tests.importing.builders import HEADERS, MILESTONES


def workbook_with_nul() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    info = book.add_worksheet("Info")
    for r, row in enumerate([["Landsdel", "Syd"], ["Program", "KOL"]]):
        info.write_row(r, 0, row)
    sheet = book.add_worksheet("Milepæle")
    for r, row in enumerate([HEADERS, *MILESTONES]):
        sheet.write_row(r, 0, [cell if cell is not None else "" for cell in row])
    sheet.write(2, 1, "Uddannelse\x00 af personale")
    sheet.write(3, 7, "\x00")
    book.close()
    return buffer.getvalue()


def test_nul_characters_are_refused_cell_by_cell(engine):
    result = import_plan(engine, workbook_with_nul(), "nul.xlsx", actor="test", today=dt.date(2024, 1, 15))
    assert result.status == REJECTED
    found = [(p.key, p.sheet, p.row, p.column) for p in result.problems]
    assert found == [("import.error.nul", "Milepæle", 3, "B"), ("import.error.nul", "Milepæle", 4, "H")]
    assert "NUL" in result.problems[0].message("en")
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(PlanVersion)) == 0
