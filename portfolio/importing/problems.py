"""A problem found in a workbook: where (sheet, row, column) and what (a message key and values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portfolio.i18n import t

ERROR, WARNING = "error", "warning"


def column_letter(index: int | None) -> str:
    """0-based column index -> "A", "B", … "AA"."""
    if index is None or index < 0:
        return ""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    key: str
    values: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    sheet: str = ""
    row: int | None = None  # 1-based, as Excel shows it
    column: str = ""  # "A", "B", …
    severity: str = ERROR

    @classmethod
    def at(cls, key: str, sheet: str = "", row0: int | None = None, col0: int | None = None, *,
           severity: str = ERROR, **values: Any) -> Problem:
        return cls(key=key, values=values, sheet=sheet, row=None if row0 is None else row0 + 1,
                   column=column_letter(col0), severity=severity)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"sheet": self.sheet or None, "row": self.row, "column": self.column or None,
                "message": self.message(lang)}
