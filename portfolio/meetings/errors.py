"""The one exception of the meeting register: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.refusal import Refused


class MeetingRefused(Refused):
    """A write to the meeting register that was refused; nothing was stored."""
