"""Workbook -> ParsedPlan: tolerant reading of a landsdel's milestone plan and inclusion figures.

Nothing here touches the store. Sheets are found by name or content (``layout``), header rows below
titles and blank rows, headers through synonyms (Danish and English) or a landsdel's own
mapping; dates, statuses and counts as people type them (``dates``, ``cells``). Every problem is collected with
its sheet, row and column; the reader never stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from portfolio.importing import headers as H
from portfolio.importing.cells import (
    CountError,
    blank,
    code_of,
    parse_count,
    parse_flag,
    parse_rag,
    parse_status,
    split_list,
    status_from_fill,
    text_of,
)
from portfolio.importing.dates import DateParseError, parse_month, parse_plan_date
from portfolio.importing.layout import (
    KINDS,
    Table,
    WideTable,
    data_rows,
    find_table,
    find_wide_inclusion,
    key_values,
    near_miss,
)
from portfolio.importing.parsed import (
    Mappings,
    ParsedInclusion,
    ParsedMilestone,
    ParsedPlan,
    ParsedTarget,
    UnmappedHeader,
)
from portfolio.importing.problems import WARNING, Problem, column_letter
from portfolio.importing.workbook import Sheet, Workbook
from portfolio.models import NAME_WIDTH, SHORT_TEXT_WIDTH, TARGET_WIDTH
from portfolio.text import clip

MAX_MILESTONES = 5_000
MAX_INCLUSION_ROWS = 100_000
# Milestone.title, .category, .owner
TITLE_WIDTH, CATEGORY_WIDTH, OWNER_WIDTH = TARGET_WIDTH, SHORT_TEXT_WIDTH, NAME_WIDTH
SHOWN_WIDTH = 40  # a cell's text quoted in a problem

T = TypeVar("T")


class _Unreadable:
    """What ``_parsed`` gives back, when asked to, for a cell it could not read (and reported)."""


UNREADABLE = _Unreadable()


def _parsed(plan: ParsedPlan, parse: Callable[[Any], T], value: Any, key: str, sheet: str, r: int, c: int | None,
            *, error: type[ValueError] = ValueError, shown: int | None = SHOWN_WIDTH, default: Any = None) -> Any:
    """``parse(value)``; when it raises ``error``, a problem ``key`` at the cell (a CountError brings its own key)
    quoting the cell's text (cut to ``shown``), and ``default``."""
    try:
        return parse(value)
    except error as failed:
        text = text_of(value)
        if isinstance(failed, CountError):
            key = failed.key
        plan.problems.append(Problem.at(key, sheet, r, c,
                                        value=text if shown is None else clip(text, shown)))
        return default


# --- the reader --------------------------------------------------------------------------------------


def read_plan(workbook: Workbook, file_name: str = "", mappings: Mappings | None = None) -> ParsedPlan:
    """Read what a workbook says. Problems are collected, never raised."""
    mappings = mappings or {}
    plan = ParsedPlan()
    named: dict[str, list[Sheet]] = {}
    for sheet in workbook.sheets:
        kind = H.sheet_kind_for(sheet.name)
        if kind:
            named.setdefault(kind, []).append(sheet)
    found, claimed = _locate_tables(workbook, named, mappings)
    tables = {kind: table for kind, table in found.items() if isinstance(table, Table)}
    inclusion = found.get("inclusion")
    wide = inclusion if isinstance(inclusion, WideTable) else None

    info_sheets = named.get("info", [])
    for info in info_sheets:
        plan.sheets_found.setdefault("info", info.name)
        _read_claims(plan, info, range(min(len(info.rows), 200)), range(min(len(info.rows), 60)), "Info")
    for kind, table in tables.items():
        plan.sheets_found[kind] = table.sheet.name
        if table.sheet not in info_sheets:
            _read_claims(plan, table.sheet, range(table.header_row), range(table.header_row), "title")
        for col, text in table.unmapped:
            plan.unmapped.append(UnmappedHeader(kind, table.sheet.name, column_letter(col), text, H.header_key(text)))
            plan.problems.append(Problem.at("import.warning.unmapped_header", table.sheet.name, table.header_row, col,
                                            severity=WARNING, header=text))
    if wide is not None:
        plan.sheets_found["inclusion"] = wide.sheet.name
        _read_claims(plan, wide.sheet, range(wide.header_row), range(wide.header_row), "title")

    _report_unreadable_tables(plan, workbook, named, found, mappings, claimed)

    if file_name:
        plan.landsdel_claims.append(("file", file_name))
        plan.programme_claims.append(("file", file_name))
    _read_tables(plan, workbook, tables, wide)
    return plan


def _read_tables(plan: ParsedPlan, workbook: Workbook, tables: dict[str, Table], wide: WideTable | None) -> None:
    if "milestones" in tables:
        _read_milestones(plan, workbook, tables["milestones"])
    if "inclusion" in tables:
        _read_inclusion_long(plan, tables["inclusion"])
    elif wide is not None:
        _read_inclusion_wide(plan, wide)
    if "targets" in tables:
        _read_targets(plan, tables["targets"])
    if "milestones" not in tables and "inclusion" not in tables and wide is None:
        plan.problems.append(Problem.at("import.error.no_plan"))


def _table_in(sheet: Sheet, kind: str, mappings: Mappings) -> Table | WideTable | None:
    table = find_table(sheet, kind, mappings.get(kind))
    if table is None and kind == "inclusion":
        return find_wide_inclusion(sheet)
    return table


def _locate_tables(workbook: Workbook, named: dict[str, list[Sheet]],
                   mappings: Mappings) -> tuple[dict[str, Table | WideTable], set[str]]:
    """The table of each kind (inclusion: long or wide) and the names of the sheets they are on. First the sheets
    whose names say the kind, then by content: sheets whose names say nothing (or say something else and hold
    no such table); an info sheet never holds a table."""
    found: dict[str, Table | WideTable] = {}
    claimed: set[str] = set()
    info_sheets = named.get("info", [])
    by_name = [(sheet, (kind,)) for kind in KINDS for sheet in named.get(kind, [])]
    by_content = [(sheet, KINDS) for sheet in workbook.sheets if sheet not in info_sheets]
    for sheet, kinds in [*by_name, *by_content]:
        if sheet.name in claimed:
            continue
        for kind in kinds:
            table = None if kind in found else _table_in(sheet, kind, mappings)
            if table is not None:
                found[kind] = table
                claimed.add(sheet.name)
                break
    return found, claimed


def _report_unreadable_tables(plan: ParsedPlan, workbook: Workbook, named: dict[str, list[Sheet]],
                              found: dict[str, Table | WideTable], mappings: Mappings, claimed: set[str]) -> None:
    """A table the reader recognises but cannot read is an error naming the sheet and its headers: its rows
    would otherwise vanish. Its unknown headers can then be mapped (page) like any other."""
    for kind, missing_key in (("inclusion", "import.error.inclusion_no_count"),
                              ("milestones", "import.error.milestones_no_dates"),
                              ("targets", "import.error.targets_no_date")):
        if kind in found:
            continue
        miss = _unreadable_table(workbook, named, kind, mappings, claimed)
        if miss is None:
            continue
        sheet = miss.sheet
        headers = [text for _, text in miss.unmapped] or ["–"]
        plan.problems.append(Problem.at(missing_key, sheet.name, miss.header_row,
                                        miss.unmapped[0][0] if miss.unmapped else None,
                                        headers=", ".join(f"»{clip(h, SHOWN_WIDTH)}«" for h in headers[:12])))
        for col, text in miss.unmapped:
            plan.unmapped.append(UnmappedHeader(kind, sheet.name, column_letter(col), text, H.header_key(text)))
        plan.sheets_found.setdefault(kind, sheet.name)


def _unreadable_table(workbook: Workbook, named: dict[str, list[Sheet]], kind: str, mappings: Mappings,
                      claimed: set[str]) -> Table | None:
    """The first near miss of this kind on a sheet named for it, or (inclusion) with month and municipality
    columns, which say "inclusion" whatever the sheet is called."""
    candidates = [*named.get(kind, [])]
    if kind == "inclusion":
        candidates += [sheet for sheet in workbook.sheets if sheet.name not in claimed and sheet not in candidates]
    for sheet in candidates:
        miss = near_miss(sheet, kind, mappings.get(kind))
        if miss is None:
            continue
        if sheet in named.get(kind, []) or (kind == "inclusion" and {"month", "municipality"} <= set(miss.columns)):
            return miss
    return None


# --- claims: landsdel, programme and other key-value facts ---------------------------------------------


def _read_claims(plan: ParsedPlan, sheet: Sheet, fact_rows: range, text_rows: range, where: str) -> None:
    facts = key_values(sheet, fact_rows)
    _apply_info(plan, sheet, facts, where)
    _text_claims(plan, sheet, text_rows, facts)


def _text_claims(plan: ParsedPlan, sheet: Sheet, rows: range, facts: list[tuple[int, int, str, Any]]) -> None:
    """Free text above a table or on an info sheet ("Milepælsplan – Landsdel Midt – KOL", "Region Midtjylland")
    may name the landsdel or programme; validation uses such a text only when it names exactly one."""
    used = {(r, c) for r, c, _, _ in facts}
    for r in rows:
        for c, value in enumerate(sheet.rows[r][:30]):
            if not isinstance(value, str) or (r, c) in used or not value.strip() or len(value) > 120:
                continue
            if H.field_for("info", value.rstrip(": ")):
                continue  # a key whose value is elsewhere
            where = f"text {sheet.name}!{column_letter(c)}{r + 1}"
            plan.landsdel_claims.append((where, value.strip()))
            plan.programme_claims.append((where, value.strip()))


def _apply_info(plan: ParsedPlan, sheet: Sheet, facts: list[tuple[int, int, str, Any]], where: str) -> None:
    for r, c, name, value in facts:
        if blank(value):
            continue
        if name in ("landsdel", "programme"):
            claims = plan.landsdel_claims if name == "landsdel" else plan.programme_claims
            claims.append((f"{where} {sheet.name}!{column_letter(c)}{r + 1}", text_of(value)))
        elif name == "submitted_on" and plan.submitted_on is None:
            parsed = _parsed(plan, parse_plan_date, value, "import.error.date", sheet.name, r, c,
                             error=DateParseError, shown=None)
            if parsed is not None:
                plan.submitted_on = parsed.date
        elif name == "reported_rag" and plan.reported_rag is None:
            plan.reported_rag = _parsed(plan, parse_rag, value, "import.error.status", sheet.name, r, c, shown=None)
        elif name == "target_group_size" and plan.target_group_size is None:
            plan.target_group_size = _parsed(plan, parse_count, value, "", sheet.name, r, c, error=CountError,
                                             shown=None)


# --- the tables -------------------------------------------------------------------------------------------


def _padded(row: list[Any], width: int) -> list[Any]:
    return row if len(row) >= width else [*row, *([None] * (width - len(row)))]


def _read_milestones(plan: ParsedPlan, workbook: Workbook, table: Table) -> None:
    sheet, cols = table.sheet, table.columns
    rows = data_rows(sheet, table.header_row, list(cols.values()))
    group = ""
    need_fill: list[tuple[ParsedMilestone, int, int]] = []
    date_cols = {cols.get(f) for f in ("baseline", "forecast", "actual")} - {None}
    width = max(cols.values()) + 1
    for r in rows[:MAX_MILESTONES]:
        row = _padded(sheet.rows[r], width)
        filled = [v for v in (row[c] for c in cols.values()) if not blank(v)]
        if not filled:
            continue
        # A heading row inside the table ("Fase 2: Pilot"): one text cell, no dates.
        if len(filled) == 1 and isinstance(filled[0], str) and not re.match(r"^[\d.]+$", filled[0]) and not any(
                not blank(row[c]) for c in date_cols):
            group = clip(filled[0], CATEGORY_WIDTH)
            continue
        milestone = _milestone(plan, sheet, cols, row, r, group)
        if "status" in cols and blank(row[cols["status"]]):
            need_fill.append((milestone, r, cols["status"]))
        plan.milestones.append(milestone)
    if len(rows) > MAX_MILESTONES:
        plan.problems.append(Problem.at("import.error.too_many_rows", sheet.name, limit=MAX_MILESTONES))
    if need_fill:  # no status written: the cell's traffic-light colour, if it has one
        fills = workbook.fill_colours(sheet, [(r, c) for _, r, c in need_fill])
        for milestone, r, c in need_fill:
            milestone.status = status_from_fill(fills.get((r, c)))


def _milestone(plan: ParsedPlan, sheet: Sheet, cols: dict[str, int], row: list[Any], r: int,
               group: str) -> ParsedMilestone:
    """One milestone row; every cell that cannot be read is a problem at that cell."""

    def cell(name: str) -> Any:
        return row[cols[name]] if name in cols else None

    code, title = code_of(cell("code")), text_of(cell("title"))
    milestone = ParsedMilestone(code=code, title=clip(title, TITLE_WIDTH), sort_order=len(plan.milestones) + 1,
                                sheet=sheet.name, row=r + 1)
    milestone.category = clip(text_of(cell("category")) or group, CATEGORY_WIDTH)
    milestone.owner = clip(text_of(cell("owner")), OWNER_WIDTH)
    milestone.comment = text_of(cell("comment"))
    if not code:
        plan.problems.append(Problem.at("import.error.missing_id", sheet.name, r, cols.get("code", 0)))
    if not title and "title" in cols:
        plan.problems.append(Problem.at("import.error.missing_title", sheet.name, r, cols["title"], code=code))
    if "is_key" in cols:
        milestone.is_key = bool(_parsed(plan, parse_flag, cell("is_key"), "import.error.flag", sheet.name, r,
                                        cols["is_key"], shown=None))
    for name in ("baseline", "forecast", "actual"):
        if name in cols:
            setattr(milestone, name, _parsed(plan, parse_plan_date, cell(name), "import.error.date", sheet.name, r,
                                             cols[name], error=DateParseError, shown=60))
    if "status" in cols:
        milestone.status = _parsed(plan, parse_status, cell("status"), "import.error.status", sheet.name, r,
                                   cols["status"])
    if "depends_on" in cols:
        milestone.depends_on = split_list(cell("depends_on"))
        milestone.depends_column = column_letter(cols["depends_on"])
    return milestone


def _count_cell(plan: ParsedPlan, sheet: Sheet, r: int, c: int | None) -> int | None:
    if c is None:
        return None
    return _parsed(plan, parse_count, sheet.value(r, c), "", sheet.name, r, c, error=CountError)  # type: ignore[no-any-return]


def _read_inclusion_long(plan: ParsedPlan, table: Table) -> None:
    sheet, cols = table.sheet, table.columns
    rows = data_rows(sheet, table.header_row, list(cols.values()))
    current_month: dt.date | None = None
    column = column_letter(cols.get("municipality", cols.get("month", 0)))
    month_col, municipality_col = cols.get("month"), cols.get("municipality")
    count_cols = [(f, cols.get(f)) for f in ("new_inclusions", "active_citizens", "dropouts")]
    for r in rows[:MAX_INCLUSION_ROWS]:
        month_value = sheet.value(r, month_col) if month_col is not None else None
        municipality = sheet.value(r, municipality_col) if municipality_col is not None else None
        if H.is_total(month_value) or H.is_total(municipality):
            continue  # a Total / I alt row: never counted twice
        counts = {f: _count_cell(plan, sheet, r, c) for f, c in count_cols}
        if blank(month_value):
            if all(v is None for v in counts.values()) and blank(municipality):
                continue
            month = current_month  # a month written once above its municipalities (merged cells)
            if month is None:
                plan.problems.append(Problem.at("import.error.month_missing", sheet.name, r, cols.get("month", 0)))
                continue
        else:
            month = _parsed(plan, parse_month, month_value, "import.error.month", sheet.name, r, cols["month"],
                            error=DateParseError, default=UNREADABLE)
            if month is UNREADABLE:
                continue
            current_month = month
        if month is None:
            continue
        plan.inclusions.append(ParsedInclusion(
            month=month, municipality=None if blank(municipality) else text_of(municipality),
            new_inclusions=counts["new_inclusions"] or 0, active_citizens=counts["active_citizens"] or 0,
            dropouts=counts["dropouts"] or 0, sheet=sheet.name, row=r + 1, column=column,
        ))
    if len(rows) > MAX_INCLUSION_ROWS:
        plan.problems.append(Problem.at("import.error.too_many_rows", sheet.name, limit=MAX_INCLUSION_ROWS))


def _read_inclusion_wide(plan: ParsedPlan, table: WideTable) -> None:
    sheet = table.sheet
    rows = data_rows(sheet, table.header_row, [table.label_col, *table.month_cols])
    sums: dict[int, int] = {}
    total_row: int | None = None
    for r in rows:
        label = sheet.value(r, table.label_col)
        if H.is_total(label):
            total_row = r
            continue
        if blank(label) and all(blank(sheet.value(r, c)) for c in table.month_cols):
            continue
        if blank(label):
            plan.problems.append(Problem.at("import.error.municipality_missing", sheet.name, r, table.label_col))
            continue
        for c, month in table.month_cols.items():
            count = _count_cell(plan, sheet, r, c)
            if count is None:
                continue
            sums[c] = sums.get(c, 0) + count
            plan.inclusions.append(ParsedInclusion(
                month=month, municipality=text_of(label), new_inclusions=count, sheet=sheet.name, row=r + 1,
                column=column_letter(c)))
    if total_row is not None:
        _check_total_row(plan, table, total_row, sums)


def _check_total_row(plan: ParsedPlan, table: WideTable, r: int, sums: dict[int, int]) -> None:
    """The Total row against the sum of the rows above: a warning when they differ; it is never stored."""
    sheet = table.sheet
    for c in table.month_cols:
        try:
            stated = parse_count(sheet.value(r, c))
        except CountError:
            continue
        if stated is not None and stated != sums.get(c, 0):
            plan.problems.append(Problem.at("import.warning.total_mismatch", sheet.name, r, c, severity=WARNING,
                                            stated=stated, summed=sums.get(c, 0)))


def _read_targets(plan: ParsedPlan, table: Table) -> None:
    sheet, cols = table.sheet, table.columns
    group_col = cols.get("target_group_size")
    groups: dict[int, int] = {}  # "Målgruppe" as a column: the same size on every row
    for r in data_rows(sheet, table.header_row, list(cols.values())):
        due_value = sheet.value(r, cols["due_date"])
        if H.is_total(due_value):
            continue
        size = _count_cell(plan, sheet, r, group_col)
        if size is not None:
            groups.setdefault(size, r)
        count = _count_cell(plan, sheet, r, cols["target_count"])
        due = _parsed(plan, parse_plan_date, due_value, "import.error.date", sheet.name, r, cols["due_date"],
                      error=DateParseError, default=UNREADABLE)
        if due is None and count is not None:
            plan.problems.append(Problem.at("import.error.target_date_missing", sheet.name, r, cols["due_date"]))
        elif due is not None and due is not UNREADABLE and count is not None:
            plan.targets.append(ParsedTarget(due.date, count))
    _check_target_group(plan, sheet.name, group_col, groups)


def _check_target_group(plan: ParsedPlan, sheet: str, group_col: int | None, groups: dict[int, int]) -> None:
    """One target group size: the column's (the same on every row) and the info sheet's must agree."""
    if len(groups) > 1:
        plan.problems.append(Problem.at("import.error.target_group_differs", sheet, max(groups.values()),
                                        group_col, sizes=", ".join(str(g) for g in groups)))
    elif groups:
        [size] = groups
        if plan.target_group_size is not None and plan.target_group_size != size:
            plan.problems.append(Problem.at("import.error.target_group_differs", sheet, groups[size], group_col,
                                            sizes=f"{plan.target_group_size}, {size}"))
        plan.target_group_size = size
