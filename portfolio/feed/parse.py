"""Read a FUT status feed (JSON, CSV or Excel) into entries, or into a list of problems.

Headers and values may be Danish or English, in any case and spacing. Nothing here
touches the store: :mod:`portfolio.feed.service` resolves components and stores.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, TypeVar

from portfolio.domain import Phase, Rag
from portfolio.feed import messages as _messages  # noqa: F401 - registers the feed's messages
from portfolio.i18n import t
from portfolio.personal_data import find_cpr, mask_cpr
from portfolio.text import clip

_log = logging.getLogger(__name__)

T = TypeVar("T")
FIELDS = ("component", "date", "phase", "rag", "note", "pilot_forecast", "production_forecast")
REQUIRED = ("component", "date", "phase", "rag")
MAX_ENTRIES = 10_000
MAX_NOTE = 5_000
MAX_COMPONENT = 120


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    component: str
    status_date: dt.date
    phase: Phase
    rag: Rag
    note: str = ""
    pilot_forecast: dt.date | None = None
    production_forecast: dt.date | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a feed. ``entry`` is 1-based (the n-th entry or data row); None for the whole feed."""

    key: str
    entry: int | None = None
    field: str | None = None
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, entry: int | None = None, field: str | None = None, **values: Any) -> Problem:
        return cls(key, entry, None if field is None else excerpt(field), tuple(values.items()))

    def message(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.values))

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"entry": self.entry, "field": self.field, "message": self.message(lang)}

    def describe(self, lang: str) -> str:
        """One line for people: "Entry 3, phase: Unknown phase …"."""
        where = []
        if self.entry is not None:
            where.append(t("feed.problem.entry", lang, entry=self.entry))
        if self.field:
            where.append(self.field)
        prefix = ", ".join(where)
        return f"{prefix}: {self.message(lang)}" if prefix else self.message(lang)


@dataclass
class ParsedFeed:
    items: list[tuple[int, FeedEntry]] = field(default_factory=list)  # (entry number, entry)
    problems: list[Problem] = field(default_factory=list)
    format: str = ""
    # (entry number, component text) of every entry, also those with problems, so that unknown
    # components can be reported together with the other problems.
    components: list[tuple[int, str]] = field(default_factory=list)

    @property
    def entries(self) -> list[FeedEntry]:
        return [entry for _, entry in self.items]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- vocabulary -----------------------------------------------------------------------


def header_key(text: str) -> str:
    """Case- and space-insensitive form of a header: "Pilot_Prognose " -> "pilot prognose"."""
    return " ".join(re.sub(r"[_\-.]+", " ", str(text).replace("\ufeff", "")).casefold().split())


def value_key(text: str) -> str:
    """Compact form of a value: "Acceptance test" / "acceptance_test" -> "acceptancetest"."""
    return re.sub(r"[\s_\-.]+", "", str(text)).casefold()


_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "component": ("component", "komponent", "component code", "komponentkode", "code", "kode"),
    "date": ("date", "dato", "status date", "statusdato", "status dato"),
    "phase": ("phase", "fase"),
    "rag": ("rag", "status", "rag status", "trafiklys"),
    "note": ("note", "notat", "notes", "comment", "kommentar", "bemærkning", "bemærkninger"),
    "pilot_forecast": ("pilot forecast", "pilot prognose", "pilotprognose", "forventet pilot"),
    "production_forecast": ("production forecast", "drift prognose", "driftprognose", "driftsprognose",
                            "forventet drift"),
}
HEADERS: dict[str, str] = {header_key(alias): name for name, aliases in _FIELD_ALIASES.items() for alias in aliases}

PHASES: dict[str, Phase] = {
    value_key(word): phase
    for phase, words in {
        Phase.DEVELOPMENT: ("udvikling", "development"),
        Phase.ACCEPTANCE_TEST: ("overtagelsesprøve", "overtagelsesproeve", "overtagelsesprove", "acceptance test"),
        Phase.PILOT: ("pilot",),
        Phase.PRODUCTION: ("drift", "production"),
    }.items()
    for word in words
}
RAGS: dict[str, Rag] = {
    value_key(word): rag
    for rag, words in {
        Rag.GREEN: ("grøn", "groen", "green"),
        Rag.AMBER: ("gul", "amber", "yellow"),
        Rag.RED: ("rød", "roed", "red"),
    }.items()
    for word in words
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
EXCERPT = 40  # at most this much of a name the feed sent is quoted back


def excerpt(text: object) -> str:
    """A short, CPR-masked, printable excerpt of a name the feed sent (an unknown header or field): all of the
    feed's own text that a message ever quotes."""
    clean = _UNPRINTABLE.sub("", mask_cpr(str(text)))
    return clip(clean, EXCERPT, ellipsis=True)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, dt.datetime | dt.date):
        return "date"
    return type(value).__name__


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- one entry ------------------------------------------------------------------------


class _EntryReader:
    """Turns one record (field name -> raw value) into a FeedEntry, collecting problems."""

    def __init__(self, number: int, today: dt.date, *, lenient_cells: bool) -> None:
        self.number = number
        self.today = today
        self.lenient_cells = lenient_cells  # spreadsheets: numbers in text fields are fine
        self.problems: list[Problem] = []

    def problem(self, key: str, field_name: str | None, **values: Any) -> None:
        self.problems.append(Problem.of(key, self.number, field_name, **values))

    def text(self, record: Mapping[str, Any], name: str, *, required: bool) -> str | None:
        value = record.get(name)
        if _blank(value):
            if required:
                self.problem("feed.error.required", name)
            return None
        if isinstance(value, str):
            return value.strip()
        if self.lenient_cells and isinstance(value, int | float) and not isinstance(value, bool):
            return str(int(value)) if float(value).is_integer() else str(value)
        self.problem("feed.error.type", name, expected="string", got=_json_type(value))
        return None

    def date(self, record: Mapping[str, Any], name: str, *, required: bool) -> dt.date | None:
        value = record.get(name)
        if _blank(value):
            if required:
                self.problem("feed.error.required", name)
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            self.problem("feed.error.type", name, expected="date string", got=_json_type(value))
            return None
        text = value.strip()
        try:
            if match := _ISO.match(text):
                year, month, day = match.groups()
            elif match := _DANISH.match(text):
                day, month, year = match.groups()
            else:
                raise ValueError(text)
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            self.problem("feed.error.date", name, value=excerpt(text))
            return None

    def choice(self, record: Mapping[str, Any], name: str, choices: Mapping[str, T], key: str) -> T | None:
        """A required value from a closed list (phases, RAG), written in any of its known ways."""
        raw = self.text(record, name, required=True)
        if raw is None:
            return None
        found = choices.get(value_key(raw))
        if found is None:
            self.problem(key, name, value=excerpt(raw))
        return found

    def read(self, record: Mapping[str, Any]) -> FeedEntry | None:
        cpr = [name for name, value in record.items() if find_cpr(value)]
        for name in cpr:  # a CPR number anywhere refuses the feed; the entry is not read further
            self.problem("feed.error.cpr", name)
        if cpr:
            return None
        component = self.text(record, "component", required=True)
        if component is not None and len(component) > MAX_COMPONENT:
            self.problem("feed.error.too_long", "component", length=len(component), limit=MAX_COMPONENT)
        status_date = self.date(record, "date", required=True)
        if status_date is not None and status_date > self.today:
            self.problem("feed.error.future", "date", value=status_date.isoformat(), today=self.today.isoformat())
        phase = self.choice(record, "phase", PHASES, "feed.error.phase")
        rag = self.choice(record, "rag", RAGS, "feed.error.rag")
        note = self.text(record, "note", required=False) or ""
        if len(note) > MAX_NOTE:
            self.problem("feed.error.too_long", "note", length=len(note), limit=MAX_NOTE)
        pilot = self.date(record, "pilot_forecast", required=False)
        production = self.date(record, "production_forecast", required=False)
        if self.problems or component is None or status_date is None or phase is None or rag is None:
            return None
        return FeedEntry(component, status_date, phase, rag, note, pilot, production)


def _read_records(
    records: Iterable[tuple[int, Mapping[str, Any]]], today: dt.date, result: ParsedFeed, *, lenient_cells: bool
) -> None:
    for number, record in records:
        if len(result.items) + len(result.problems) > MAX_ENTRIES:
            result.problems.append(Problem.of("feed.error.too_many", count=f"> {MAX_ENTRIES}", limit=MAX_ENTRIES))
            return
        reader = _EntryReader(number, today, lenient_cells=lenient_cells)
        entry = reader.read(record)
        if isinstance(record.get("component"), str) and record["component"].strip():
            result.components.append((number, record["component"].strip()))
        result.problems.extend(reader.problems)
        if entry is not None:
            result.items.append((number, entry))


# --- formats --------------------------------------------------------------------------


def detect_format(data: bytes, name: str = "", content_type: str | None = None) -> str | None:
    """"json", "csv" or "excel": from the bytes themselves, then the file name, then the content type.

    Workbooks are recognised by their signature first, because browsers often label a CSV
    upload "application/vnd.ms-excel" and servers label anything "application/octet-stream".
    """
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):  # zip (xlsx, ods) / OLE (xls)
        return "excel"
    suffix = PurePosixPath(name.split("?", 1)[0]).suffix.lower().lstrip(".")
    if suffix == "json":
        return "json"
    if suffix in ("csv", "txt", "tsv"):
        return "csv"
    if suffix in ("xlsx", "xlsm", "xls", "ods"):
        return "excel"  # without a workbook's signature: reported as an unreadable workbook
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.endswith("json"):
        return "json"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    if ctype in ("text/csv", "application/csv") or "excel" in ctype or ctype.startswith("text/"):
        return "csv"
    if not suffix and ctype in ("", "application/octet-stream"):
        return "csv"
    return None


def _parse_json(data: bytes, today: dt.date, result: ParsedFeed) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(Problem.of("feed.error.encoding"))
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        result.problems.append(Problem.of("feed.error.json", error=error.msg, line=error.lineno, column=error.colno))
        return
    except RecursionError:  # "[[[[…" 200,000 levels deep: the parser gives up, and so do we, calmly
        result.problems.append(Problem.of("feed.error.json_depth"))
        return
    entries = document.get("entries") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        result.problems.append(Problem.of("feed.error.json_shape"))
        return
    records: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(entries, start=1):
        if not isinstance(raw, dict):
            result.problems.append(Problem.of("feed.error.not_object", number))
            continue
        records.append((number, _json_record(number, raw, result)))
    _read_records(records, today, result, lenient_cells=False)


def _json_record(number: int, raw: dict[str, Any], result: ParsedFeed) -> dict[str, Any]:
    """One JSON entry's fields by their names; a field with a CPR number, unknown or twice is a problem."""
    record: dict[str, Any] = {}
    for key, value in raw.items():
        name = HEADERS.get(header_key(key))
        if find_cpr(key):
            result.problems.append(Problem.of("feed.error.cpr", number, str(key)))
        elif name is None:
            result.problems.append(Problem.of("feed.error.unknown_field", number, str(key),
                                              name=excerpt(key), known=", ".join(FIELDS)))
        elif name in record:
            result.problems.append(Problem.of("feed.error.duplicate_column", number, name, column=excerpt(key)))
        else:
            record[name] = value
    return record


def _rows_to_records(rows: list[list[Any]], result: ParsedFeed) -> list[tuple[int, dict[str, Any]]] | None:
    """Header row -> field names; then one record per data row (blank rows are skipped, but counted)."""
    start = next((i for i, row in enumerate(rows) if any(not _blank(c) for c in row)), None)
    if start is None:
        result.problems.append(Problem.of("feed.error.empty"))
        return None
    columns = _header_columns(rows[start], result)
    if columns is None:
        return None
    records = []
    for number, row in enumerate(rows[start + 1 :], start=1):
        if all(_blank(c) for c in row):
            continue
        record = {name: value for name, value in zip(columns, row, strict=False) if name is not None}
        records.append((number, record))
    return records


def _header_columns(header: list[Any], result: ParsedFeed) -> list[str | None] | None:
    """The field of each column (None: a blank header); None, with the problems, when the header is not a feed's."""
    known = ", ".join(FIELDS)
    if any(find_cpr(cell) for cell in header):
        result.problems.append(Problem.of("feed.error.cpr_header"))
        return None
    if not any(HEADERS.get(header_key(cell)) for cell in header if not _blank(cell)):
        # Not a feed at all (an HTML page, a redirect's answer, another file): nothing of it is quoted back.
        result.problems.append(Problem.of("feed.error.not_a_feed", known=known))
        return None
    columns: list[str | None] = []
    ok = True
    for cell in header:
        if _blank(cell):
            columns.append(None)
            continue
        name = HEADERS.get(header_key(cell))
        if name is None:
            result.problems.append(Problem.of("feed.error.unknown_column", column=excerpt(cell), known=known))
            ok = False
        elif name in columns:
            result.problems.append(Problem.of("feed.error.duplicate_column", column=excerpt(cell)))
            ok = False
        columns.append(name)
    for name in REQUIRED:
        if name not in columns:
            result.problems.append(Problem.of("feed.error.missing_column", column=name))
            ok = False
    return columns if ok else None


def _parse_csv(data: bytes, today: dt.date, result: ParsedFeed) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Danish Excel saves CSV as Windows-1252
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:  # csv's messages name the problem ("field larger than field limit"), not the content
        result.problems.append(Problem.of("feed.error.csv", error=excerpt(error)))
        return
    records = _rows_to_records(rows, result)
    if records is not None:
        _read_records(records, today, result, lenient_cells=False)


def _parse_excel(data: bytes, today: dt.date, result: ParsedFeed) -> None:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # noqa: BLE001 - calamine raises several types for a broken workbook
        result.problems.append(Problem.of("feed.error.excel", error=type(error).__name__))
        return
    records = _rows_to_records([list(row) for row in rows], result)
    if records is not None:
        _read_records(records, today, result, lenient_cells=True)


def parse_feed(
    data: bytes, name: str = "", content_type: str | None = None, *, today: dt.date | None = None
) -> ParsedFeed:
    """Parse a feed. Entries with problems are left out and every problem is reported."""
    today = today or dt.date.today()
    result = ParsedFeed()
    if not data.strip():
        result.problems.append(Problem.of("feed.error.empty"))
        return result
    kind = detect_format(data, name, content_type)
    result.format = kind or ""
    parsers = {"json": _parse_json, "csv": _parse_csv, "excel": _parse_excel}
    if kind in parsers:
        try:
            parsers[kind](data, today, result)
        except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as error:
            # Whatever a hostile feed makes a reader do: a clear refusal (audited by the caller), no traceback.
            _log.warning("feed could not be read: %s", type(error).__name__)
            result.items.clear()
            result.problems.append(Problem.of("feed.error.unreadable", kind=kind))
    else:
        result.problems.append(Problem.of("feed.error.format", name=excerpt(PurePosixPath(name).name)))
    if not result.problems and not result.items:
        result.problems.append(Problem.of("feed.error.no_entries"))
    if len(result.items) > MAX_ENTRIES:
        result.problems.append(Problem.of("feed.error.too_many", count=len(result.items), limit=MAX_ENTRIES))
    result.problems.sort(key=lambda problem: problem.entry or 0)  # feed-wide first, then by entry (stable)
    return result
