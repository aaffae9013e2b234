"""What an import of a plan or a feed came to: one set of outcomes for both wings.

The values are an interface: the CLI prints them (``--json`` "status"), the audit log and ``FeedSource.last_outcome``
store them. ``Outcome`` is a ``StrEnum``, so a member compares, formats and serialises as its value.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    IMPORTED = "imported"  # stored as a new plan version / new feed entries
    UNCHANGED = "unchanged"  # the same content is in force already: nothing stored
    REJECTED = "rejected"  # refused whole, with every problem listed
    READY = "ready"  # a preview that would import (never stored, printed as "imported" by a dry run)


# The short names the call sites use.
IMPORTED, UNCHANGED, REJECTED, READY = Outcome.IMPORTED, Outcome.UNCHANGED, Outcome.REJECTED, Outcome.READY
