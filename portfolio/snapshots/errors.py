"""The one exception of the snapshot feature: a refusal with a message key (rendered in the caller's language)."""

from __future__ import annotations

from portfolio.refusal import Refused


class SnapshotRefused(Refused):
    """A snapshot action that was refused (no LibreOffice, an unknown snapshot, a bad label…); nothing was stored."""
