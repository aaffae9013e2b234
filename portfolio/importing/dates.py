"""Dates as planners type them, with the precision and the original text kept.

``parse_plan_date`` understands Excel dates, ISO dates, Danish numeric dates and the
phrases of a plan: "marts 2023", "ultimo marts 2023", "Q2 2023", "2. kvartal 2023",
"1. halvår 2024", "uge 14 2023", "2023". Each phrase is pinned to one day:
a month, quarter, half or year to its last day; primo/medio/ultimo to the 1st/15th/last;
a week to its Friday (ISO week).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from portfolio.domain import DatePrecision
from portfolio.models import SHORT_TEXT_WIDTH
from portfolio.text import clip


class DateParseError(ValueError):
    """The value is not a date the importer understands."""


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date
    precision: DatePrecision
    text: str = ""  # what the planner typed; "" for a true Excel date


MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januar", "january", "jan"),
        ("februar", "february", "feb"),
        ("marts", "march", "mar", "mrt"),
        ("april", "apr"),
        ("maj", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_PART = {"primo": "start", "start": "start", "begyndelsen af": "start", "early": "start", "beginning of": "start",
         "medio": "mid", "midt i": "mid", "midten af": "mid", "mid": "mid", "middle of": "mid",
         "ultimo": "end", "slut": "end", "slutningen af": "end", "udgangen af": "end", "end of": "end",
         "end": "end", "late": "end"}
_PART_RE = "|".join(sorted((re.escape(p) for p in _PART), key=len, reverse=True))

# Years we accept: anything else is more likely a typo (2203) than a plan.
MIN_YEAR, MAX_YEAR = 2000, 2100
# Excel serial day numbers of those years (1900 date system).
_SERIAL_MIN, _SERIAL_MAX = 36526, 73415
_EXCEL_EPOCH = dt.date(1899, 12, 30)
TEXT_WIDTH = SHORT_TEXT_WIDTH  # Milestone.baseline_text, .forecast_text, .actual_text: the date as written


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(text)
    return year


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _clean(text: str) -> str:
    text = text.strip().lower().replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(".").strip()


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"), "iso"),
    (re.compile(r"^(?:d\. ?)?(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})$"), "dmy"),
    (re.compile(rf"^(?:d\. ?)?(\d{{1,2}})\.? ?({_MONTH_RE})\.?,? (\d{{4}})$"), "d_month_y"),
    (re.compile(rf"^({_MONTH_RE})\.? (\d{{1,2}}),? (\d{{4}})$"), "month_d_y"),
    (re.compile(rf"^(?:({_PART_RE}) )?({_MONTH_RE})\.?[ -/]?(\d{{4}}|'?\d{{2}})$"), "month"),
    (re.compile(r"^(\d{1,2})[-./](\d{4})$"), "m_y"),
    (re.compile(r"^(\d{4})[-./](\d{1,2})$"), "y_m"),
    (re.compile(r"^(?:q|k|kv)\.? ?([1-4])[ ,/-]*(\d{4})$"), "quarter"),
    (re.compile(r"^([1-4])\.? ?(?:kvartal|kvt|quarter|q)[ ,/-]*(\d{4})$"), "quarter"),
    (re.compile(r"^(\d{4})[ ,/-]*(?:q|k|kv)\.? ?([1-4])$"), "quarter_rev"),
    (re.compile(r"^(?:kvartal|quarter) ([1-4])[ ,/-]*(\d{4})$"), "quarter"),
    (re.compile(r"^h ?([12])[ ,/-]*(\d{4})$"), "half"),
    (re.compile(r"^([12])\.? ?(?:halvår|halvaar|halvar|half|half-year|half year|h)[ ,/-]*(\d{4})$"), "half"),
    (re.compile(r"^(\d{4})[ ,/-]*h ?([12])$"), "half_rev"),
    (re.compile(r"^(?:halvår|half) ([12])[ ,/-]*(\d{4})$"), "half"),
    (re.compile(r"^(?:uge|week|wk|w|u)\.? ?(\d{1,2})[ ,/-]*(?:i )?(\d{4})$"), "week"),
    (re.compile(r"^(\d{4})[ ,/-]*(?:w|uge|week) ?(\d{1,2})$"), "week_rev"),
    (re.compile(r"^(\d{4})$"), "year"),
]


def parse_plan_date(value: object) -> ParsedDate | None:
    """A cell's value as a plan date; None when empty. Raises DateParseError when not understood."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return ParsedDate(_check(value.date()), DatePrecision.DAY, "")
    if isinstance(value, dt.date):
        return ParsedDate(_check(value), DatePrecision.DAY, "")
    if isinstance(value, bool):
        raise DateParseError(str(value))
    if isinstance(value, int | float):
        return _from_number(value)
    if not isinstance(value, str):
        raise DateParseError(str(value))
    original = value.strip()
    if not original:
        return None
    return _parse_text(original)


def _from_number(value: float) -> ParsedDate:
    """A year (2024) or an Excel date serial (45000) that reached us as a number."""
    if value != value or value in (float("inf"), float("-inf")):  # NaN / inf
        raise DateParseError(str(value))
    if float(value).is_integer() and MIN_YEAR <= value <= MAX_YEAR:
        year = int(value)
        return ParsedDate(dt.date(year, 12, 31), DatePrecision.YEAR, str(year))
    if _SERIAL_MIN <= value <= _SERIAL_MAX:
        return ParsedDate(_EXCEL_EPOCH + dt.timedelta(days=int(value)), DatePrecision.DAY, "")
    raise DateParseError(str(value))


@lru_cache(maxsize=16_384)  # the same "2023-03" or "Q3 2024" recurs down a sheet; ParsedDate is frozen
def _parse_text(original: str) -> ParsedDate:
    text = _clean(original)
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                date, precision = _build(kind, match.groups())
            except (ValueError, KeyError, OverflowError) as error:
                raise DateParseError(original) from error
            return ParsedDate(_check(date), precision, clip(original, TEXT_WIDTH))
    raise DateParseError(original)


def _check(date: dt.date) -> dt.date:
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise DateParseError(date.isoformat())
    return date


def _build(kind: str, groups: tuple[str | None, ...]) -> tuple[dt.date, DatePrecision]:  # noqa: C901 - one flat branch per notation in _PATTERNS
    g = groups
    if kind == "iso":
        return dt.date(_year(g[0]), int(g[1]), int(g[2])), DatePrecision.DAY
    if kind == "dmy":
        return dt.date(_year(g[2]), int(g[1]), int(g[0])), DatePrecision.DAY
    if kind == "d_month_y":
        return dt.date(_year(g[2]), MONTHS[g[1]], int(g[0])), DatePrecision.DAY
    if kind == "month_d_y":
        return dt.date(_year(g[2]), MONTHS[g[0]], int(g[1])), DatePrecision.DAY
    if kind == "month":
        year, month = _year(g[2].lstrip("'")), MONTHS[g[1]]
        part = _PART.get(g[0] or "")
        if part == "start":
            return dt.date(year, month, 1), DatePrecision.PART_OF_MONTH
        if part == "mid":
            return dt.date(year, month, 15), DatePrecision.PART_OF_MONTH
        if part == "end":
            return _last_day(year, month), DatePrecision.PART_OF_MONTH
        return _last_day(year, month), DatePrecision.MONTH
    if kind == "m_y":
        return _last_day(_year(g[1]), int(g[0])), DatePrecision.MONTH
    if kind == "y_m":
        return _last_day(_year(g[0]), int(g[1])), DatePrecision.MONTH
    if kind in ("quarter", "quarter_rev"):
        quarter, year = (int(g[0]), _year(g[1])) if kind == "quarter" else (int(g[1]), _year(g[0]))
        return _last_day(year, quarter * 3), DatePrecision.QUARTER
    if kind in ("half", "half_rev"):
        half, year = (int(g[0]), _year(g[1])) if kind == "half" else (int(g[1]), _year(g[0]))
        return _last_day(year, half * 6), DatePrecision.HALF
    if kind in ("week", "week_rev"):
        week, year = (int(g[0]), _year(g[1])) if kind == "week" else (int(g[1]), _year(g[0]))
        return dt.date.fromisocalendar(year, week, 5), DatePrecision.WEEK
    if kind == "year":
        return dt.date(_year(g[0]), 12, 31), DatePrecision.YEAR
    raise DateParseError(kind)  # pragma: no cover


def parse_month(value: object) -> dt.date | None:
    """A month (first day) from a month header or cell: a date, "2023-03", "marts 2023", "mar-23"."""
    parsed = parse_plan_date(value)
    if parsed is None:
        return None
    if parsed.precision not in (DatePrecision.DAY, DatePrecision.MONTH):
        raise DateParseError(parsed.text or str(value))
    return parsed.date.replace(day=1)
