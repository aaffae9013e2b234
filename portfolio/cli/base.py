"""What every CLI command gets: settings, the engine, the language, and a way to refuse."""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from portfolio.config import Settings
from portfolio.i18n import t
from portfolio.personal_data import mask_cpr, mask_value
from portfolio.refusal import Refused

if TYPE_CHECKING:
    from sqlalchemy import Engine


# Control characters a terminal acts on (ESC sequences, BEL, C1 controls such as CSI) and the Unicode bidi
# overrides: text from workbooks and feeds must not drive the terminal. Tab, newline and carriage return stay.
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """What the CLI writes: control characters stripped, CPR numbers masked."""
    return mask_cpr(_TERMINAL_CONTROLS.sub("", text))


class CleanOutput:
    """stdout/stderr of a command: every write passes :func:`clean_text`, whoever prints."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(clean_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


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
        # Masked field by field, so that a checksum keeps its digits (ten in a row there are chance, not a CPR
        # number), then written past CleanOutput's masking of the whole text; control characters still go.
        text = json.dumps(mask_value(payload), ensure_ascii=False, indent=2, default=str)
        stream = getattr(sys.stdout, "_stream", sys.stdout)
        stream.write(_TERMINAL_CONTROLS.sub("", text) + "\n")


@contextlib.contextmanager
def refusals_exit_1(ctx: CommandContext) -> Iterator[None]:
    """A service's :class:`~portfolio.refusal.Refused` becomes the CLI's exit 1, its message in the user's language."""
    try:
        yield
    except Refused as error:
        raise CommandRefused(error.message(ctx.lang)) from None
