"""The one exception of the approved baselines: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.refusal import Refused


class BaselineRefused(Refused):
    """An approval that was refused; nothing was stored."""
