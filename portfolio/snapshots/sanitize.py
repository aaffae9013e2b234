"""Formula injection: text users typed is never handed to a spreadsheet or slide as a formula.

One rule, used by every export writer: a string that starts with ``= + - @`` (or a tab or
carriage return, which spreadsheet programs strip before looking) gets a leading apostrophe,
as OWASP recommends for CSV/Excel exports. The text stays readable; it just cannot execute.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")
# Full-width variants some spreadsheet programs also treat as formula starts.
DANGEROUS_FIRST_WIDE = ("＝", "＋", "－", "＠")


def neutralise(text: Any) -> Any:
    """``text`` made safe for a cell or text box; values that are not strings pass through unchanged."""
    if not isinstance(text, str) or not text:
        return text
    if text.startswith(DANGEROUS_FIRST) or text.startswith(DANGEROUS_FIRST_WIDE):
        return "'" + text
    return text


def is_neutral(text: Any) -> bool:
    """True when ``text`` cannot be taken for a formula (for tests and assertions)."""
    return not (isinstance(text, str) and text.startswith(DANGEROUS_FIRST + DANGEROUS_FIRST_WIDE))
