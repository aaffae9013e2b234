"""Query results are shared by every session of a process, not copied (ui/state.py ``cached_query``): a page that
changed one in place would change what every other session sees. Each page is drawn and redrawn with its filters
changed; every result it was handed must be exactly as it was when the query returned it."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import pytest

import ui.state
from tests.support.login import open_logged_in

PAGES = sorted(path.stem for path in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))


def _digest(value: Any) -> str:
    return hashlib.sha256(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


@pytest.fixture
def handed_out(monkeypatch: pytest.MonkeyPatch) -> dict[int, tuple[Any, str]]:
    """Every result ``cached_query`` handed to a page, with its digest at the moment the query returned it."""
    seen: dict[int, tuple[Any, str]] = {}
    original = ui.state._cached

    def recording(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        seen.setdefault(id(result), (result, _digest(result)))
        return result

    monkeypatch.setattr(ui.state, "_cached", recording)
    ui.state._cached.clear = original.clear  # type: ignore[attr-defined]
    original.clear()  # every page's reads start as misses: the digest is taken as the query returned
    return seen


def _change_filters(at: Any) -> None:
    """Another language and two landsdele instead of all (the sidebar every page has), set as a user would."""
    from portfolio.reference import LANDSDELE
    from ui.language import LANGUAGE_KEY

    at.radio(key=LANGUAGE_KEY).set_value("en")
    if at.multiselect(key="w_landsdele") is not None:
        at.session_state["w_landsdele"] = [ld.key for ld in LANDSDELE[:2]]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_changes_a_shared_query_result(page, demo_db_url, handed_out):
    at = open_logged_in(page)
    at.run()
    _change_filters(at)
    at.run()
    assert not at.exception, at.exception
    assert handed_out, "the page read nothing through cached_query"
    changed = [type(value).__name__ for value, digest in handed_out.values() if _digest(value) != digest]
    assert not changed, f"{page} changed shared query results in place: {changed}"
