"""Small text rules every wing shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio.personal_data import find_cpr

if TYPE_CHECKING:
    from portfolio.refusal import Refused


def clip(text: str | None, width: int, *, ellipsis: bool = False) -> str:
    """``text`` cut to at most ``width`` characters (the column's width); with ``ellipsis`` a cut ends in "…"."""
    value = text or ""
    if len(value) <= width:
        return value
    return value[: width - 1] + "…" if ellipsis else value[:width]


def checked_text(value: str | None, field: str, *, limit: int, required: bool, refusal: type[Refused],
                 keys: str) -> str:
    """``value`` trimmed, the one rule for free text a user types into a register: refused (``refusal`` with the
    message keys ``{keys}.empty``, ``{keys}.long``, ``{keys}.cpr``) when missing (if ``required``), longer than
    ``limit`` or holding a CPR number. ``field`` is the message key of the field's name."""
    text = (value or "").strip()
    if not text:
        if required:
            raise refusal(f"{keys}.empty", field=field)
        return ""
    if len(text) > limit:
        raise refusal(f"{keys}.long", field=field, limit=limit)
    masked = find_cpr(text)
    if masked:
        raise refusal(f"{keys}.cpr", field=field, masked=masked)
    return text
