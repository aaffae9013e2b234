"""The outcomes of an import and of a feed are one enum, and their values are an interface (CLI --json, audit)."""

from __future__ import annotations

import json

from portfolio.outcome import IMPORTED, READY, REJECTED, UNCHANGED, Outcome


def test_the_values_are_the_printed_and_stored_strings() -> None:
    assert [o.value for o in Outcome] == ["imported", "unchanged", "rejected", "ready"]
    assert (IMPORTED, UNCHANGED, REJECTED, READY) == ("imported", "unchanged", "rejected", "ready")
    assert json.dumps({"status": Outcome.REJECTED}) == '{"status": "rejected"}'
    assert f"{Outcome.REJECTED}: problems" == "rejected: problems"


def test_the_import_and_the_feed_share_it() -> None:
    from portfolio.feed import service as feed_service
    from portfolio.importing import service as import_service

    assert feed_service.Outcome is import_service.Outcome is Outcome
