"""What every CLI command gets: settings, the engine, the language, and a way to refuse."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from portfolio.config import Settings
from portfolio.i18n import t

if TYPE_CHECKING:
    from sqlalchemy import Engine


class CommandRefused(Exception):
    """An action the store refuses (bad input, not allowed, not initialised): exit code 1."""


@dataclass
class CommandContext:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @cached_property
    def engine(self) -> Engine:
        from portfolio.db import make_engine

        return self._engine or make_engine(self.settings.database_url)

    def close(self) -> None:
        """Close the database connections this context opened (an engine given to it stays open)."""
        if self._engine is None and "engine" in self.__dict__:
            self.__dict__.pop("engine").dispose()

    @property
    def lang(self) -> str:
        return self.settings.language

    @property
    def user(self) -> str:
        return self.settings.user

    def msg(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def say(self, text: str) -> None:
        print(text)

    def emit_json(self, payload: Any) -> None:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
