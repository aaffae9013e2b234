"""Small text rules every wing shares."""

from __future__ import annotations


def clip(text: str | None, width: int, *, ellipsis: bool = False) -> str:
    """``text`` cut to at most ``width`` characters (the column's width); with ``ellipsis`` a cut ends in "…"."""
    value = text or ""
    if len(value) <= width:
        return value
    return value[: width - 1] + "…" if ellipsis else value[:width]
