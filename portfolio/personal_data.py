"""CPR numbers: the one gate. Recognise them however they are written, and show them only masked.

A CPR number is DDMMYY-XXXX. We look for six digits that form a valid date followed by four more. People
write it in many ways, and every one of them counts:

* no separator (``0101901234``), a hyphen, an en or em dash, a minus sign, a slash, a dot or spaces between
  the date and the serial number, with or without spaces around the separator (``010190 – 1234``);
* dots or slashes inside the date (``01.01.90-1234``, ``01/01/90 1234``);
* a number cell (``101901234`` is 010190-1234 that lost its leading zero).

"Erstatningspersonnumre" add 60 to the day, so days 61–91 count as well. Nothing here ever returns or logs
the full number: a match becomes ``ddmm**-****``.

Every text that comes in passes here (see docs/security.md):

* content (a plan's cells and sheet names, a feed's values and headers, a snapshot label, a component or an
  account name) is *refused* with :func:`find_cpr` by the feature that reads it;
* text that must be kept (a username typed on the login form, a file name, a problem message, audit
  detail) is *masked* with :func:`mask_cpr`;
* and, as the last line, guards mask every string on its way into the store (a SQLAlchemy ``before_flush``
  listener installed by :mod:`portfolio.db`; :mod:`portfolio.bulk` calls :func:`mask_rows`), every log record
  (a record factory installed by :mod:`portfolio`), and every message (:func:`portfolio.i18n.t`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Separators people put between the date and the serial number: hyphen and its Unicode cousins (hyphen,
# non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign), a slash or a dot, with
# spaces (also non-breaking) around; or spaces alone; or nothing.
_SPACE = r"[ \t\u00a0\u2007\u202f]"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/.]"
_SEPARATOR = rf"(?:{_SPACE}{{0,3}}{_DASH}{_SPACE}{{0,3}}|{_SPACE}{{0,3}})"
# Inside the date: nothing, or the same dot, slash or hyphen twice (01.01.90, 01/01/90, 01-01-90).
_CANDIDATE = re.compile(
    rf"(?<![\d])(\d{{2}})(?P<d>[./\-]?)(\d{{2}})(?P=d)(\d{{2}}){_SEPARATOR}(\d{{4}})(?![\d])"
)
# The shape alone, without the date check: a superset of _CANDIDATE, quick to search for over a whole sheet.
_SHAPE = re.compile(rf"\d{{2}}[./\-]?\d{{2}}[./\-]?\d{{2}}{_SEPARATOR}\d{{4}}")
_MIN_DIGITS = 10


def _valid_ddmmyy(day: int, month: int, yy: int) -> bool:
    if day > 60:
        day -= 60
    for century in (1900, 2000):
        try:
            dt.date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def _is_cpr(match: re.Match[str]) -> bool:
    return _valid_ddmmyy(int(match.group(1)), int(match.group(3)), int(match.group(4)))


def _masked(match: re.Match[str]) -> str:
    return mask(match.group(1) + match.group(3))


def _as_text(value: object) -> str | None:
    """The text a value may hide a CPR number in; None when it cannot hold one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer() or not 1e8 <= abs(value) < 1e10:
            return None
        return f"{int(value):010d}"
    if isinstance(value, int):
        if not 1e8 <= abs(value) < 1e10:
            return None
        return f"{value:010d}"  # 0101901234 arrives as the number 101901234
    if isinstance(value, str):
        return value if len(value) >= _MIN_DIGITS else None
    return None


def find_cpr(value: object) -> str | None:
    """The first CPR-like number in a value (text or number), masked ("3103**-****"), or None."""
    text = _as_text(value)
    if text is None:
        return None
    for match in _CANDIDATE.finditer(text):
        if _is_cpr(match):
            return _masked(match)
    return None


def contains_cpr(value: object) -> bool:
    return find_cpr(value) is not None


def mask_cpr(text: str) -> str:
    """``text`` with every CPR number in it masked; everything else as it was."""
    if len(text) < _MIN_DIGITS or _SHAPE.search(text) is None:
        return text
    return _CANDIDATE.sub(lambda m: _masked(m) if _is_cpr(m) else m.group(0), text)


def mask_value(value: Any) -> Any:
    """A value on its way into the store or a log: strings masked, dicts and lists walked, anything else as it
    is (a number column cannot hold a mask; the readers refuse numbers that read as a CPR number)."""
    if isinstance(value, str):
        return mask_cpr(value)
    if isinstance(value, dict):
        return {mask_value(key): item if _digest_field(key) else mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(mask_value(item) for item in value)
    return value


_DIGEST_FIELD = re.compile(r"hash|checksum|etag|digest", re.IGNORECASE)


def _digest_field(name: object) -> bool:
    """A column or key that holds a digest (a checksum, a password hash, an ETag): random characters, not
    anybody's text, in which ten digits in a row are chance, not a CPR number, and must stay as they are."""
    return isinstance(name, str) and _DIGEST_FIELD.search(name) is not None


def mask_rows(rows: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    """Rows for a bulk insert with every string value masked; the rows themselves when none can hold a CPR
    number (one search over all their text, as in :func:`may_hold_cpr`)."""
    if not may_hold_cpr([list(row.values()) for row in rows]):
        return rows
    return [{name: value if _digest_field(name) else mask_value(value) for name, value in row.items()}
            for row in rows]


def may_hold_cpr(rows: Sequence[Sequence[object]]) -> bool:
    """False when no cell of ``rows`` can hold a CPR number, found with one search over all their text instead
    of a check per cell (a plan has ~100,000 cells). True means: look cell by cell with ``find_cpr``."""
    texts: list[str] = []
    for row in rows:
        for value in row:
            kind = value.__class__
            if kind is str:
                texts.append(value)  # type: ignore[arg-type]
            elif (kind is int or kind is float) and 1e8 <= abs(value) < 1e10:  # type: ignore[arg-type]
                return True
    # "\n" between cells: a number split over two cells is not one number.
    return _SHAPE.search("\n".join(texts)) is not None


def mask(first_four: str) -> str:
    return f"{first_four}**-****"


# --- the last line: the store and the logs ------------------------------------------------------------


def _mask_instance(instance: object) -> None:
    from sqlalchemy import inspect

    state = inspect(instance)
    loaded = state.dict  # only what is loaded or set: reading an expired attribute here would query mid-flush
    for attribute in state.mapper.column_attrs:
        if _digest_field(attribute.key) or attribute.key not in loaded:
            continue
        value = loaded[attribute.key]
        if isinstance(value, str | dict | list):
            masked = mask_value(value)
            if masked != value:
                setattr(instance, attribute.key, masked)


def _before_flush(session: Any, _context: Any, _instances: Any) -> None:
    for instance in (*session.new, *session.dirty):
        _mask_instance(instance)


class _MaskingRecordFactory:
    """Wraps the log record factory: a record's message, arguments and traceback text are masked when made,
    so no handler (ours, Streamlit's, a server's) ever sees a CPR number."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the logger's problem, not ours
            return record
        masked = mask_cpr(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            masked_text = mask_cpr(text)
            if masked_text != text:
                record.exc_text = masked_text
                record.exc_info = None
        return record


_store_guarded = False


def install_store_guard() -> None:
    """Mask CPR numbers in every string of every row any session flushes. Idempotent."""
    global _store_guarded
    if _store_guarded:
        return
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    event.listen(Session, "before_flush", _before_flush)
    _store_guarded = True


def install_log_guard() -> None:
    """Mask CPR numbers in every log record, whichever logger or handler. Idempotent."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _MaskingRecordFactory):
        logging.setLogRecordFactory(_MaskingRecordFactory(factory))


__all__ = ["contains_cpr", "find_cpr", "install_log_guard", "install_store_guard", "mask", "mask_cpr", "mask_rows",
           "mask_value", "may_hold_cpr"]
