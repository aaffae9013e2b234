"""The one exception of the risk log: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.refusal import Refused


class RiskRefused(Refused):
    """A write to the risk log that was refused; nothing was stored."""
