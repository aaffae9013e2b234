"""CPR numbers: recognise them anywhere, and show them only masked.

A CPR number is DDMMYY-XXXX. We look for six digits that form a valid date followed by
four more, with a hyphen, a space or nothing between. "Erstatningspersonnumre" add 60 to
the day, so days 61–91 count as well. Nothing here ever returns or logs the full number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

_CANDIDATE = re.compile(r"(?<![\d])(\d{2})(\d{2})(\d{2})([- ]?)(\d{4})(?![\d])")
_SHAPE = re.compile(r"\d{6}[- ]?\d{4}")


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


def find_cpr(value: object) -> str | None:
    """The first CPR-like number in a cell's value, masked ("3103**-****"), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer() or not 1e8 <= abs(value) < 1e10:
            return None
        text = f"{int(value):010d}"
    elif isinstance(value, int):
        if not 1e8 <= abs(value) < 1e10:
            return None
        text = f"{value:010d}"  # 0101901234 arrives as the number 101901234
    elif isinstance(value, str):
        text = value
        if len(text) < 10:
            return None
    else:
        return None
    for match in _CANDIDATE.finditer(text):
        day, month, yy = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if _valid_ddmmyy(day, month, yy):
            return mask(match.group(1) + match.group(2))
    return None


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
    # "\n" between cells: a number split over two cells is not one number. The shape alone, without
    # _CANDIDATE's look-arounds and groups, is twice as quick to search for; find_cpr then checks the date.
    return _SHAPE.search("\n".join(texts)) is not None


def mask(first_four: str) -> str:
    return f"{first_four}**-****"
