"""The one exception of the risk log: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.i18n import t


class RiskRefused(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        values = {name: (t(str(value), lang) if name == "field" else value) for name, value in self.values.items()}
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return f"{self.key}: {self.message('da')} / {self.message('en')}"
