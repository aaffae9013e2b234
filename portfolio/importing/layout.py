"""Where a sheet's table is: its header row (long tables, and inclusion with months across), its data rows,
and "Key: value" facts above it.

Headers are recognised through ``headers`` (synonyms, Danish and English, or a landsdel's own mapping); nothing
here parses a data cell or reports a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from portfolio.importing import headers as H
from portfolio.importing.cells import blank
from portfolio.importing.dates import DateParseError, parse_month
from portfolio.importing.workbook import Sheet

HEADER_SCAN_ROWS = 40
KINDS = ("milestones", "inclusion", "targets")  # table kinds, in the order sheets are searched for them


@dataclass
class Table:
    sheet: Sheet
    kind: str
    header_row: int
    columns: dict[str, int]  # field -> column index
    unmapped: list[tuple[int, str]]  # (column index, header text)


@dataclass
class WideTable:
    sheet: Sheet
    header_row: int
    label_col: int
    month_cols: dict[int, dt.date]


def _row_fields(
    kind: str, row: list[Any], extra: dict[str, str] | None
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    columns: dict[str, int] = {}
    unmapped: list[tuple[int, str]] = []
    for col, value in enumerate(row):
        if blank(value) or not isinstance(value, str):
            continue
        found = H.field_for(kind, value, extra)
        if found and found not in columns:
            columns[found] = col
        elif not found:
            unmapped.append((col, str(value)))
    return columns, unmapped


def _header_rows(sheet: Sheet, kind: str, extra: dict[str, str] | None):  # type: ignore[no-untyped-def]
    """(row, known columns without the ignored ones, unmapped headers) for each row a header may be on."""
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        columns, unmapped = _row_fields(kind, sheet.rows[r], extra)
        yield r, {f: c for f, c in columns.items() if f != H.IGNORE}, unmapped


_REQUIRED_ANY = {
    "milestones": ({"title", "code"}, 2),
    "inclusion": ({"new_inclusions", "active_citizens", "dropouts"}, 2),
    "targets": ({"target_count"}, 2),
}


def _is_header(kind: str, fields: set[str]) -> bool:
    required, minimum = _REQUIRED_ANY[kind]
    if len(fields) < minimum or not (required & fields):
        return False
    if kind == "milestones":
        # A list with an ID and a name but no date or status is not a milestone plan.
        return bool({"baseline", "forecast", "actual", "status"} & fields)
    if kind == "inclusion":
        return "month" in fields or "municipality" in fields
    return "due_date" in fields  # targets


def find_table(sheet: Sheet, kind: str, extra: dict[str, str] | None = None) -> Table | None:
    """The header row of a table of this kind: the row among the first 40 that names most fields."""
    best: Table | None = None
    for r, columns, unmapped in _header_rows(sheet, kind, extra):
        if _is_header(kind, set(columns)) and (best is None or len(columns) > len(best.columns)):
            best = Table(sheet, kind, r, columns, unmapped)
    return best


def _is_near_miss(kind: str, columns: dict[str, int], unmapped: list[tuple[int, str]]) -> bool:
    fields = set(columns)
    if kind == "inclusion":
        return bool({"month", "municipality"} & fields) and len(columns) + len(unmapped) >= 2
    if kind == "targets":
        return bool({"target_count", "target_group_size"} & fields) and len(columns) + len(unmapped) >= 2
    return {"code", "title"} <= fields or ("title" in columns and len(columns) >= 3)


def near_miss(sheet: Sheet, kind: str, extra: dict[str, str] | None) -> Table | None:
    """A header row that says "this is an inclusion table" (month or municipality) or "a milestone plan" (ID and
    title) but lacks what the table cannot do without: counts, or dates and a status."""
    best: Table | None = None
    for r, columns, unmapped in _header_rows(sheet, kind, extra):
        if _is_near_miss(kind, columns, unmapped) and (best is None or len(columns) > len(best.columns)):
            best = Table(sheet, kind, r, columns, unmapped)
    return best


def _month_header(value: Any) -> dt.date | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None  # a bare number is not a month header
    try:
        return parse_month(value)
    except DateParseError:
        return None


def _wide_header(row: list[Any]) -> tuple[dict[int, dt.date], int | None]:
    """A row's month headers and the municipality column, when it names one (a Total column is neither)."""
    months: dict[int, dt.date] = {}
    label_col: int | None = None
    for c, value in enumerate(row):
        if blank(value) or H.is_total(value):
            continue
        if isinstance(value, str) and H.field_for("inclusion", value) == "municipality":
            label_col = c
        else:
            month = _month_header(value)
            if month is not None:
                months[c] = month
    return months, label_col


def find_wide_inclusion(sheet: Sheet) -> WideTable | None:
    """Municipalities down, months across: a header row with at least two month headers."""
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        row = sheet.rows[r]
        months, label_col = _wide_header(row)
        if len(months) < 2:
            continue
        if label_col is None:
            first = min(months)
            label_col = next((c for c in range(first) if not blank(row[c])), 0 if first > 0 else None)
        if label_col is None or label_col in months:
            continue
        return WideTable(sheet, r, label_col, months)
    return None


# --- the rows under a header ----------------------------------------------------------------------------------


def _is_blank_row(row: list[Any]) -> bool:
    return all(blank(v) for v in row)


_NOTE_START = re.compile(r"^\s*(\*|note|noter|bemærk|bemaerk|nb\b|kilde|source|obs\b|vejledning|forklaring)", re.I)


def _last_rich_row(sheet: Sheet, rows: range, columns: list[int]) -> int | None:
    """The last row with at least two of the table's columns filled (searched from the bottom)."""
    for r in reversed(rows):
        if sum(not blank(sheet.value(r, c)) for c in columns) >= 2:
            return r
    return None


def data_rows(sheet: Sheet, header_row: int, columns: list[int]) -> list[int]:
    """Rows of the table under its header: stops before notes under the table."""
    rows = range(header_row + 1, len(sheet.rows))
    last_rich = _last_rich_row(sheet, rows, columns)
    if last_rich is None:
        return [r for r in rows if not _is_blank_row(sheet.rows[r])]
    out: list[int] = []
    seen_blank = False
    for r in rows:
        row = sheet.rows[r]
        if _is_blank_row(row):
            seen_blank = True
            continue
        if r > last_rich and seen_blank:
            break  # after a gap and past the last real row: notes
        first = next((v for v in row if not blank(v)), None)
        if seen_blank and isinstance(first, str) and _NOTE_START.match(first):
            break
        out.append(r)
    return out


# --- "Key: value" facts ---------------------------------------------------------------------------------------


_KEY_VALUE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(.+?)\s*$")


def _fact_at(row: list[Any], c: int) -> tuple[int, str, Any, int] | None:
    """(value column, info field, value, next column to look at) when the cell at ``c`` names a fact."""
    value = row[c]
    match = _KEY_VALUE.match(value)
    if match and H.field_for("info", match.group(1)):
        return c, H.field_for("info", match.group(1)) or "", match.group(2), c + 1
    found = H.field_for("info", value.rstrip(":"))
    if found:
        nxt = next(((k, row[k]) for k in range(c + 1, min(len(row), c + 4)) if not blank(row[k])), None)
        if nxt is not None:
            return nxt[0], found, nxt[1], nxt[0] + 1
    return None


def key_values(sheet: Sheet, rows: range) -> list[tuple[int, int, str, Any]]:
    """(row, col, info field, value) for "Key: value" cells and key cell + value cell pairs."""
    out: list[tuple[int, int, str, Any]] = []
    for r in rows:
        row = sheet.rows[r]
        c = 0
        while c < len(row):
            fact = _fact_at(row, c) if isinstance(row[c], str) else None
            if fact is None:
                c += 1
                continue
            col, name, value, c = fact
            out.append((r, col, name, value))
    return out
