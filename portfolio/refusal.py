"""A service's refusal: a message key and its values, rendered in the caller's language (Danish or English).

The meeting register and the risk log raise subclasses of :class:`Refused`; the CLI turns any of them into exit 1
(``portfolio.cli.base.refusals_exit_1``), pages show ``message(lang)``.
"""

from __future__ import annotations

from portfolio.i18n import t


class Refused(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        # a value named "field" is itself a message key (the name of the field in the user's language)
        values = {name: (t(str(value), lang) if name == "field" else value) for name, value in self.values.items()}
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return f"{self.key}: {self.message('da')} / {self.message('en')}"
