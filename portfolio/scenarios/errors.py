"""The one exception of the scenarios wing: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.refusal import Refused


class ScenarioRefused(Refused):
    """A scenario write or read that was refused; nothing was stored."""
