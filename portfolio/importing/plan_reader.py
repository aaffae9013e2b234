"""Workbook -> ParsedPlan: tolerant reading of a landsdel's milestone plan and inclusion figures.

Nothing here touches the store. Sheets are found by name or content, header rows below
titles and blank rows, headers through synonyms (Danish and English) or a landsdel's own
mapping; dates, statuses and counts as people type them. Every problem is collected with
its sheet, row and column; the reader never stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from portfolio.domain import MilestoneStatus, Rag
from portfolio.importing import headers as H
from portfolio.importing.dates import DateParseError, ParsedDate, parse_month, parse_plan_date
from portfolio.importing.problems import WARNING, Problem, column_letter
from portfolio.importing.workbook import Sheet, Workbook

HEADER_SCAN_ROWS = 40
MAX_MILESTONES = 5_000
MAX_INCLUSION_ROWS = 100_000


@dataclass
class ParsedMilestone:
    code: str
    title: str
    category: str = ""
    owner: str = ""
    is_key: bool = False
    baseline: ParsedDate | None = None
    forecast: ParsedDate | None = None
    actual: ParsedDate | None = None
    status: MilestoneStatus | None = None
    depends_on: list[str] = field(default_factory=list)
    comment: str = ""
    sort_order: int = 0
    sheet: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)  # 1-based
    depends_column: str = field(default="", compare=False)  # "H": where the dependencies were written
    # set by validation: ("milestone", code) or ("component", component code) per dependency
    resolved: list[tuple[str, str]] = field(default_factory=list, compare=False)


@dataclass
class ParsedInclusion:
    month: dt.date  # first day of the month
    municipality: str | None  # as written (name or code); None = the landsdel as a whole
    new_inclusions: int = 0
    active_citizens: int = 0
    dropouts: int = 0
    municipality_code: int | None = None  # resolved by validation
    sheet: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)
    column: str = field(default="", compare=False)


@dataclass
class ParsedTarget:
    due_date: dt.date
    target_count: int


@dataclass
class UnmappedHeader:
    kind: str  # sheet kind: "milestones", "inclusion", "targets"
    sheet: str
    column: str
    text: str
    key: str  # header_key(text): what an ImportMapping stores


@dataclass
class ParsedPlan:
    landsdel: str | None = None  # as resolved by validation: Landsdel.key
    programme: str | None = None  # Programme.code once resolved
    submitted_on: dt.date | None = None
    reported_rag: Rag | None = None
    target_group_size: int | None = None
    milestones: list[ParsedMilestone] = field(default_factory=list)
    inclusions: list[ParsedInclusion] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[UnmappedHeader] = field(default_factory=list)
    # where the landsdel / programme were named: (source description, text as written)
    landsdel_claims: list[tuple[str, str]] = field(default_factory=list)
    programme_claims: list[tuple[str, str]] = field(default_factory=list)
    sheets_found: dict[str, str] = field(default_factory=dict)  # kind -> sheet name
    # set by validation: each dependency text that names nothing known -> the nearest components' codes
    unresolved_dependencies: dict[str, list[str]] = field(default_factory=dict)
    dependency_map: dict[str, str] = field(default_factory=dict)  # set by validation: name key -> component code

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def new_inclusions_total(self) -> int:
        return sum(row.new_inclusions for row in self.inclusions)


Mappings = dict[str, dict[str, str]]  # sheet kind -> header_key -> field


# --- small value helpers -------------------------------------------------------------------


_FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is str:  # most cells: the checks below are for the rest
        if value[:1] == "'" and value[1:2] and value[1:].startswith(_FORMULA_FIRST):
            return value[1:].strip()  # an export's apostrophe that kept "=…" from being a formula: the text itself
        return value.strip()  # type: ignore[no-any-return]
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class CountError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_count(value: Any) -> int | None:
    """A non-negative whole number from a cell: 12, 12.0, "12", "1.234" (Danish thousands)."""
    if value.__class__ in (int, float) and 0 <= value <= 10_000_000 and value == int(value):
        return int(value)  # the common case, a plain count, without the checks below
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise CountError("import.error.count_not_number")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CountError("import.error.count_not_number")
        if not float(value).is_integer():
            raise CountError("import.error.count_not_whole")
        number = int(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if text in ("-", "–", "—"):
            return None
        if re.match(r"^[+-]?\d+$", text):
            number = int(text)
        elif re.match(r"^[+-]?\d{1,3}(\.\d{3})+$", text):  # Danish thousands: 1.234
            number = int(text.replace(".", ""))
        elif re.match(r"^[+-]?\d+[.,]0+$", text):
            number = int(re.split(r"[.,]", text)[0])
        elif re.match(r"^[+-]?\d*[.,]\d+$", text):
            raise CountError("import.error.count_not_whole")
        else:
            raise CountError("import.error.count_not_number")
    else:
        raise CountError("import.error.count_not_number")
    if number < 0:
        raise CountError("import.error.count_negative")
    if number > 10_000_000:
        raise CountError("import.error.count_not_number")
    return number


_STATUS_WORDS: dict[str, MilestoneStatus] = {}
for _status, _words in (
    (MilestoneStatus.GREEN, ("grøn", "groen", "green", "g", "ok", "på sporet", "on track", "godt", "i plan")),
    (MilestoneStatus.AMBER, ("gul", "amber", "yellow", "orange", "y", "a", "gul/grøn", "i risiko", "at risk", "gult")),
    (MilestoneStatus.RED, ("rød", "roed", "red", "r", "kritisk", "forsinket", "late", "delayed", "off track")),
    (MilestoneStatus.DONE, ("afsluttet", "done", "færdig", "faerdig", "complete", "completed", "gennemført",
                            "lukket", "closed", "leveret", "delivered", "opnået", "achieved", "finished", "d",
                            "blå", "blue", "✓", "✔")),
    (MilestoneStatus.PAUSED, ("pause", "paused", "sat på pause", "på pause", "on hold", "udskudt", "stoppet",
                              "stopped", "p")),
):
    for _word in _words:
        _STATUS_WORDS[H.header_key(_word) or _word] = _status


# Status by meaning, when the words above do not match as a whole: stems in order of precedence ("Afsluttet
# forsinket" is done; "Risiko for forsinkelse" is at risk, not late). A negation turns on-track into late
# ("Ikke på sporet", "Not on track") and late into on-track ("Ikke forsinket").
_STATUS_STEMS: tuple[tuple[MilestoneStatus, tuple[str, ...]], ...] = (
    (MilestoneStatus.DONE, ("afslut", "faerdig", "gennemf", "complet", "done", "finish", "leveret", "deliver",
                            "lukket", "closed", "opnaa", "achiev", "implementeret", "udfoert")),
    (MilestoneStatus.PAUSED, ("pause", "hold", "udskudt", "stoppet", "stopped", "parkeret", "sat i bero", "bero",
                              "suspend", "deferred")),
    (MilestoneStatus.AMBER, ("gul", "amber", "yellow", "orange", "risiko", "risk", "udfordr", "opmaerksom", "watch",
                             "bekymr", "usikker", "uncertain", "concern")),
    (MilestoneStatus.RED, ("roed", "red", "forsink", "delay", "late", "kritisk", "critical", "behind", "overskred",
                           "overdue", "problem", "blocked", "blokeret")),
    (MilestoneStatus.GREEN, ("groen", "green", "sporet", "track", "plan", "godt", "ok", "fint", "forloeber",
                             "ikke startet", "ikke paabegyndt", "not started", "igang", "i gang", "in progress",
                             "progress", "igangvaerende", "kører", "koerer", "running")),
)
_NEGATIONS = ("ikke", "not", "off", "ej", "no")


def _status_by_meaning(text: str) -> MilestoneStatus | None:
    words = H.words_of(text)
    if not words or len(words) > 8:
        return None
    joined = " ".join(words)

    def has(stem: str) -> bool:
        if " " in stem:
            return f" {stem} " in f" {joined} "
        return any(w == stem if len(stem) <= 3 else w.startswith(stem) or (len(stem) >= 5 and stem in w)
                   for w in words)

    negated = any(w in _NEGATIONS for w in words)
    for status, stems in _STATUS_STEMS:
        if any(has(stem) for stem in stems):
            if negated and status is MilestoneStatus.GREEN and not any(has(s) for s in ("startet", "started",
                                                                                          "paabegyndt")):
                return MilestoneStatus.RED  # "ikke på sporet", "not on track", "off track"
            if negated and status is MilestoneStatus.RED:
                return MilestoneStatus.GREEN  # "ikke forsinket", "not delayed"
            return status
    return None


def parse_status(value: Any) -> MilestoneStatus | None:
    """A status word; None when empty. Raises ValueError when not understood."""
    if _blank(value):
        return None
    text = text_of(value)
    key = H.header_key(text) or text.strip()
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    found = _status_by_meaning(text)
    if found is not None:
        return found
    raise ValueError(text)


def parse_rag(value: Any) -> Rag | None:
    status = parse_status(value)
    if status in (MilestoneStatus.GREEN, MilestoneStatus.AMBER, MilestoneStatus.RED):
        return Rag(status.value)
    if status is None:
        return None
    raise ValueError(text_of(value))


def status_from_fill(rgb: str | None) -> MilestoneStatus | None:
    """Green, amber or red from a cell's fill colour ("00B050", "FFC000", "FF0000"); None otherwise."""
    if not rgb or len(rgb) < 6:
        return None
    try:
        r, g, b = (int(rgb[-6:][i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    top, low = max(r, g, b), min(r, g, b)
    if top - low < 60:  # white, grey, black: no colour
        return None
    if b > max(r, g) - 20:  # blue, purple, cyan: not a traffic light
        return None
    if g > r + 40:
        return MilestoneStatus.GREEN
    if r > 150 and g > 110:
        return MilestoneStatus.AMBER
    if r > g + 40:
        return MilestoneStatus.RED
    return None


_TRUE = {"x", "ja", "yes", "y", "true", "sand", "1", "*", "nøgle", "noegle", "key", "j", "✓", "✔"}
_FALSE = {"", "nej", "no", "n", "false", "falsk", "0", "-"}


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = text_of(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


def split_list(value: Any) -> list[str]:
    text = text_of(value)
    if not text:
        return []
    parts = re.split(r"[;,\n]|\s+og\s+|\s+and\s+|\s*&\s*", text)
    return [p.strip() for p in parts if p and p.strip()]


def code_of(value: Any) -> str:
    return text_of(value)[:40]


# --- sheet structure ---------------------------------------------------------------------------


@dataclass
class Table:
    sheet: Sheet
    kind: str
    header_row: int
    columns: dict[str, int]  # field -> column index
    unmapped: list[tuple[int, str]]  # (column index, header text)


def _row_fields(
    kind: str, row: list[Any], extra: dict[str, str] | None
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    columns: dict[str, int] = {}
    unmapped: list[tuple[int, str]] = []
    for col, value in enumerate(row):
        if _blank(value) or not isinstance(value, str):
            continue
        found = H.field_for(kind, value, extra)
        if found and found not in columns:
            columns[found] = col
        elif not found:
            unmapped.append((col, str(value)))
    return columns, unmapped


_REQUIRED_ANY = {
    "milestones": ({"title", "code"}, 2),
    "inclusion": ({"new_inclusions", "active_citizens", "dropouts"}, 2),
    "targets": ({"target_count"}, 2),
}


def find_table(sheet: Sheet, kind: str, extra: dict[str, str] | None = None) -> Table | None:
    """The header row of a table of this kind: the row among the first 40 that names most fields."""
    best: Table | None = None
    required, minimum = _REQUIRED_ANY[kind]
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        columns, unmapped = _row_fields(kind, sheet.rows[r], extra)
        columns = {f: c for f, c in columns.items() if f != H.IGNORE}
        if len(columns) < minimum or not (required & set(columns)):
            continue
        if kind == "milestones" and not ({"baseline", "forecast", "actual", "status"} & set(columns)):
            # A list with an ID and a name but no date or status is not a milestone plan.
            continue
        if kind == "inclusion" and "month" not in columns and "municipality" not in columns:
            continue
        if kind == "targets" and "due_date" not in columns:
            continue
        if best is None or len(columns) > len(best.columns):
            best = Table(sheet, kind, r, columns, unmapped)
    return best


@dataclass
class WideTable:
    sheet: Sheet
    header_row: int
    label_col: int
    month_cols: dict[int, dt.date]
    total_cols: list[int]


def find_wide_inclusion(sheet: Sheet) -> WideTable | None:
    """Municipalities down, months across: a header row with at least two month headers."""
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        row = sheet.rows[r]
        months: dict[int, dt.date] = {}
        totals: list[int] = []
        label_col: int | None = None
        for c, value in enumerate(row):
            if _blank(value):
                continue
            if H.is_total(value):
                totals.append(c)
                continue
            if isinstance(value, str) and H.field_for("inclusion", value) == "municipality":
                label_col = c
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                continue  # a bare number is not a month header
            try:
                month = parse_month(value)
            except DateParseError:
                continue
            if month is not None:
                months[c] = month
        if len(months) >= 2:
            if label_col is None:
                first = min(months)
                label_col = next((c for c in range(first) if not _blank(row[c])), 0 if first > 0 else None)
            if label_col is None or label_col in months:
                continue
            return WideTable(sheet, r, label_col, months, totals)
    return None


def _is_blank_row(row: list[Any]) -> bool:
    return all(_blank(v) for v in row)


_NOTE_START = re.compile(r"^\s*(\*|note|noter|bemærk|bemaerk|nb\b|kilde|source|obs\b|vejledning|forklaring)", re.I)


def _last_rich_row(sheet: Sheet, rows: range, columns: list[int]) -> int | None:
    """The last row with at least two of the table's columns filled (searched from the bottom)."""
    for r in reversed(rows):
        if sum(not _blank(sheet.value(r, c)) for c in columns) >= 2:
            return r
    return None


def _data_rows(sheet: Sheet, header_row: int, columns: list[int]) -> list[int]:
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
        first = next((v for v in row if not _blank(v)), None)
        if seen_blank and isinstance(first, str) and _NOTE_START.match(first):
            break
        out.append(r)
    return out


# --- claims: landsdel, programme and other key-value facts ---------------------------------------------


_KEY_VALUE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(.+?)\s*$")


def _key_values(sheet: Sheet, rows: range) -> list[tuple[int, int, str, Any]]:
    """(row, col, info field, value) for "Key: value" cells and key cell + value cell pairs."""
    out: list[tuple[int, int, str, Any]] = []
    for r in rows:
        row = sheet.rows[r]
        c = 0
        while c < len(row):
            value = row[c]
            if isinstance(value, str):
                match = _KEY_VALUE.match(value)
                if match and H.field_for("info", match.group(1)):
                    out.append((r, c, H.field_for("info", match.group(1)) or "", match.group(2)))
                    c += 1
                    continue
                found = H.field_for("info", value.rstrip(":"))
                if found:
                    nxt = next(((k, row[k]) for k in range(c + 1, min(len(row), c + 4)) if not _blank(row[k])), None)
                    if nxt is not None:
                        out.append((r, nxt[0], found, nxt[1]))
                        c = nxt[0] + 1
                        continue
            c += 1
    return out


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
        if _blank(value):
            continue
        if name == "landsdel":
            plan.landsdel_claims.append((f"{where} {sheet.name}!{column_letter(c)}{r + 1}", text_of(value)))
        elif name == "programme":
            plan.programme_claims.append((f"{where} {sheet.name}!{column_letter(c)}{r + 1}", text_of(value)))
        elif name == "submitted_on" and plan.submitted_on is None:
            try:
                parsed = parse_plan_date(value)
            except DateParseError:
                plan.problems.append(Problem.at("import.error.date", sheet.name, r, c, value=text_of(value)))
                continue
            if parsed is not None:
                plan.submitted_on = parsed.date
        elif name == "reported_rag" and plan.reported_rag is None:
            try:
                plan.reported_rag = parse_rag(value)
            except ValueError:
                plan.problems.append(Problem.at("import.error.status", sheet.name, r, c, value=text_of(value)))
        elif name == "target_group_size" and plan.target_group_size is None:
            try:
                plan.target_group_size = parse_count(value)
            except CountError as error:
                plan.problems.append(Problem.at(error.key, sheet.name, r, c, value=text_of(value)))


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

    tables: dict[str, Table] = {}
    wide: WideTable | None = None
    for kind in ("milestones", "inclusion", "targets"):
        for sheet in named.get(kind, []):
            table = find_table(sheet, kind, mappings.get(kind))
            if table is not None:
                tables[kind] = table
                break
            if kind == "inclusion":
                wide = find_wide_inclusion(sheet)
                if wide is not None:
                    break
    # By content: sheets whose names say nothing (or say something else and hold no such table).
    claimed = {t.sheet.name for t in tables.values()} | ({wide.sheet.name} if wide else set())
    info_sheets = named.get("info", [])
    for sheet in workbook.sheets:
        if sheet.name in claimed or sheet in info_sheets:
            continue
        for kind in ("milestones", "inclusion", "targets"):
            if kind in tables or (kind == "inclusion" and wide is not None):
                continue
            table = find_table(sheet, kind, mappings.get(kind))
            if table is not None:
                tables[kind] = table
                claimed.add(sheet.name)
                break
            if kind == "inclusion":
                found = find_wide_inclusion(sheet)
                if found is not None:
                    wide = found
                    claimed.add(sheet.name)
                    break

    for info in info_sheets:
        plan.sheets_found.setdefault("info", info.name)
        facts = _key_values(info, range(min(len(info.rows), 200)))
        _apply_info(plan, info, facts, "Info")
        _text_claims(plan, info, range(min(len(info.rows), 60)), facts)
    for kind, table in tables.items():
        plan.sheets_found[kind] = table.sheet.name
        if table.sheet not in info_sheets:
            facts = _key_values(table.sheet, range(table.header_row))
            _apply_info(plan, table.sheet, facts, "title")
            _text_claims(plan, table.sheet, range(table.header_row), facts)
        for col, text in table.unmapped:
            plan.unmapped.append(UnmappedHeader(kind, table.sheet.name, column_letter(col), text, H.header_key(text)))
            plan.problems.append(Problem.at("import.warning.unmapped_header", table.sheet.name, table.header_row, col,
                                            severity=WARNING, header=text))
    if wide is not None:
        plan.sheets_found["inclusion"] = wide.sheet.name
        facts = _key_values(wide.sheet, range(wide.header_row))
        _apply_info(plan, wide.sheet, facts, "title")
        _text_claims(plan, wide.sheet, range(wide.header_row), facts)

    _report_unreadable_tables(plan, workbook, named, tables, wide, mappings, claimed)

    if file_name:
        plan.landsdel_claims.append(("file", file_name))
        plan.programme_claims.append(("file", file_name))

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
    return plan


def _near_miss(sheet: Sheet, kind: str, extra: dict[str, str] | None) -> Table | None:
    """A header row that says "this is an inclusion table" (month or municipality) or "a milestone plan" (ID and
    title) but lacks what the table cannot do without: counts, or dates and a status."""
    best: Table | None = None
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        columns, unmapped = _row_fields(kind, sheet.rows[r], extra)
        columns = {f: c for f, c in columns.items() if f != H.IGNORE}
        if kind == "inclusion":
            if not ({"month", "municipality"} & set(columns)) or len(columns) + len(unmapped) < 2:
                continue
        elif kind == "targets":
            if not ({"target_count", "target_group_size"} & set(columns)) or len(columns) + len(unmapped) < 2:
                continue
        elif not ({"code", "title"} <= set(columns) or ("title" in columns and len(columns) >= 3)):
            continue
        if best is None or len(columns) > len(best.columns):
            best = Table(sheet, kind, r, columns, unmapped)
    return best


def _report_unreadable_tables(plan: ParsedPlan, workbook: Workbook, named: dict[str, list[Sheet]],
                              tables: dict[str, Table], wide: WideTable | None, mappings: Mappings,
                              claimed: set[str]) -> None:
    """A table the reader recognises but cannot read is an error naming the sheet and its headers: its rows
    would otherwise vanish. Its unknown headers can then be mapped (page) like any other."""
    for kind, missing_key in (("inclusion", "import.error.inclusion_no_count"),
                              ("milestones", "import.error.milestones_no_dates"),
                              ("targets", "import.error.targets_no_date")):
        if kind in tables or (kind == "inclusion" and wide is not None):
            continue
        candidates = [*named.get(kind, [])]
        if kind == "inclusion":  # month + municipality columns say "inclusion" whatever the sheet is called
            candidates += [sheet for sheet in workbook.sheets if sheet.name not in claimed and sheet not in candidates]
        for sheet in candidates:
            miss = _near_miss(sheet, kind, mappings.get(kind))
            if miss is None:
                continue
            if sheet not in named.get(kind, []) and not (kind == "inclusion"
                                                         and {"month", "municipality"} <= set(miss.columns)):
                continue
            headers = [text for _, text in miss.unmapped] or ["–"]
            plan.problems.append(Problem.at(missing_key, sheet.name, miss.header_row,
                                            miss.unmapped[0][0] if miss.unmapped else None,
                                            headers=", ".join(f"»{h[:40]}«" for h in headers[:12])))
            for col, text in miss.unmapped:
                plan.unmapped.append(UnmappedHeader(kind, sheet.name, column_letter(col), text, H.header_key(text)))
            plan.sheets_found.setdefault(kind, sheet.name)
            break


def _read_milestones(plan: ParsedPlan, workbook: Workbook, table: Table) -> None:
    sheet, cols = table.sheet, table.columns
    rows = _data_rows(sheet, table.header_row, list(cols.values()))
    group = ""
    need_fill: list[tuple[ParsedMilestone, int, int]] = []
    date_cols = {cols.get(f) for f in ("baseline", "forecast", "actual")} - {None}
    width = max(cols.values()) + 1
    for r in rows[:MAX_MILESTONES]:
        row = sheet.rows[r]
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]

        def cell(name: str, row: list[Any] = row) -> Any:
            return row[cols[name]] if name in cols else None

        filled = [v for v in (row[c] for c in cols.values()) if not _blank(v)]
        if not filled:
            continue
        code, title = code_of(cell("code")), text_of(cell("title"))
        # A heading row inside the table ("Fase 2: Pilot"): one text cell, no dates.
        if len(filled) == 1 and isinstance(filled[0], str) and not re.match(r"^[\d.]+$", filled[0]) and not any(
                not _blank(row[c]) for c in date_cols):
            group = filled[0][:80]
            continue
        milestone = ParsedMilestone(code=code, title=title[:300], sort_order=len(plan.milestones) + 1,
                                    sheet=sheet.name, row=r + 1)
        milestone.category = (text_of(cell("category")) or group)[:80]
        milestone.owner = text_of(cell("owner"))[:120]
        milestone.comment = text_of(cell("comment"))
        if not code:
            plan.problems.append(Problem.at("import.error.missing_id", sheet.name, r, cols.get("code", 0)))
        if not title and "title" in cols:
            plan.problems.append(Problem.at("import.error.missing_title", sheet.name, r, cols["title"], code=code))
        if "is_key" in cols:
            try:
                milestone.is_key = parse_flag(cell("is_key"))
            except ValueError:
                plan.problems.append(Problem.at("import.error.flag", sheet.name, r, cols["is_key"],
                                                value=text_of(cell("is_key"))))
        for name in ("baseline", "forecast", "actual"):
            if name not in cols:
                continue
            try:
                setattr(milestone, name, parse_plan_date(cell(name)))
            except DateParseError:
                plan.problems.append(Problem.at("import.error.date", sheet.name, r, cols[name],
                                                value=text_of(cell(name))[:60]))
        if "status" in cols:
            raw = cell("status")
            try:
                milestone.status = parse_status(raw)
            except ValueError:
                plan.problems.append(Problem.at("import.error.status", sheet.name, r, cols["status"],
                                                value=text_of(raw)[:40]))
            if _blank(raw):
                need_fill.append((milestone, r, cols["status"]))
        if "depends_on" in cols:
            milestone.depends_on = split_list(cell("depends_on"))
            milestone.depends_column = column_letter(cols["depends_on"])
        plan.milestones.append(milestone)
    if len(rows) > MAX_MILESTONES:
        plan.problems.append(Problem.at("import.error.too_many_rows", sheet.name, limit=MAX_MILESTONES))
    if need_fill:
        fills = workbook.fill_colours(sheet, [(r, c) for _, r, c in need_fill])
        for milestone, r, c in need_fill:
            milestone.status = status_from_fill(fills.get((r, c)))


def _count_cell(plan: ParsedPlan, sheet: Sheet, r: int, c: int | None) -> int | None:
    if c is None:
        return None
    value = sheet.value(r, c)
    try:
        return parse_count(value)
    except CountError as error:
        plan.problems.append(Problem.at(error.key, sheet.name, r, c, value=text_of(value)[:40]))
        return None


def _read_inclusion_long(plan: ParsedPlan, table: Table) -> None:
    sheet, cols = table.sheet, table.columns
    rows = _data_rows(sheet, table.header_row, list(cols.values()))
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
        if _blank(month_value):
            if all(v is None for v in counts.values()) and _blank(municipality):
                continue
            month = current_month  # a month written once above its municipalities (merged cells)
            if month is None:
                plan.problems.append(Problem.at("import.error.month_missing", sheet.name, r, cols.get("month", 0)))
                continue
        else:
            try:
                month = parse_month(month_value)
            except DateParseError:
                plan.problems.append(Problem.at("import.error.month", sheet.name, r, cols["month"],
                                                value=text_of(month_value)[:40]))
                continue
            current_month = month
        if month is None:
            continue
        plan.inclusions.append(ParsedInclusion(
            month=month, municipality=None if _blank(municipality) else text_of(municipality),
            new_inclusions=counts["new_inclusions"] or 0, active_citizens=counts["active_citizens"] or 0,
            dropouts=counts["dropouts"] or 0, sheet=sheet.name, row=r + 1, column=column,
        ))
    if len(rows) > MAX_INCLUSION_ROWS:
        plan.problems.append(Problem.at("import.error.too_many_rows", sheet.name, limit=MAX_INCLUSION_ROWS))


def _read_inclusion_wide(plan: ParsedPlan, table: WideTable) -> None:
    sheet = table.sheet
    rows = _data_rows(sheet, table.header_row, [table.label_col, *table.month_cols])
    sums: dict[int, int] = {}
    total_row: tuple[int, list[Any]] | None = None
    for r in rows:
        label = sheet.value(r, table.label_col)
        if H.is_total(label):
            total_row = (r, sheet.rows[r])
            continue
        if _blank(label) and all(_blank(sheet.value(r, c)) for c in table.month_cols):
            continue
        if _blank(label):
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
    if total_row is not None:  # check the Total row against the sum; it is never stored
        r, row = total_row
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
    for r in _data_rows(sheet, table.header_row, list(cols.values())):
        due_value = sheet.value(r, cols["due_date"])
        if H.is_total(due_value):
            continue
        if group_col is not None:
            size = _count_cell(plan, sheet, r, group_col)
            if size is not None:
                groups.setdefault(size, r)
        count = _count_cell(plan, sheet, r, cols["target_count"])
        try:
            due = parse_plan_date(due_value)
        except DateParseError:
            plan.problems.append(Problem.at("import.error.date", sheet.name, r, cols["due_date"],
                                            value=text_of(due_value)[:40]))
            continue
        if due is None:
            if count is not None:
                plan.problems.append(Problem.at("import.error.target_date_missing", sheet.name, r, cols["due_date"]))
            continue
        if count is None:
            continue
        plan.targets.append(ParsedTarget(due.date, count))
    if len(groups) > 1:
        plan.problems.append(Problem.at("import.error.target_group_differs", sheet.name, max(groups.values()),
                                        group_col, sizes=", ".join(str(g) for g in groups)))
    elif groups:
        [size] = groups
        if plan.target_group_size is not None and plan.target_group_size != size:
            plan.problems.append(Problem.at("import.error.target_group_differs", sheet.name, groups[size], group_col,
                                            sizes=f"{plan.target_group_size}, {size}"))
        plan.target_group_size = size
