"""The one exception of the snapshot feature: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.i18n import t


class SnapshotRefused(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.values)
