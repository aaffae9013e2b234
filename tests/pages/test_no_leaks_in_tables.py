"""Every table on every page, in Danish and English, shows words: no empty cell Streamlit would draw as "None",
no "nan", no raw enum value or field key. (The browser test checks the rest of the page's text.)"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.login import open_logged_in

PAGES = ("overview", "milestones", "inclusion", "infrastructure", "import_plan", "snapshots", "audit")
RAW = {"None", "nan", "NaN", "NaT", "null", "empty", "amber", "green", "red", "done", "on_track", "at_risk", "late",
       "paused", "development", "acceptance_test", "pilot", "production", "is_key", "depends_on"}


def leaks(frame: pd.DataFrame) -> list[str]:
    found = []
    for column in frame.columns:
        if str(column) in RAW or "_" in str(column):
            found.append(f"column header {column!r}")
        values = frame[column]
        for value in values:
            if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
                found.append(f"{column}: empty cell")
                break
            if isinstance(value, str) and value.strip() in RAW:
                found.append(f"{column}: {value!r}")
                break
    return found


@pytest.mark.parametrize("store", ["demo_db_url", "empty_db_url"])
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_tables_show_words(request: pytest.FixtureRequest, store: str, page: str, lang: str) -> None:
    request.getfixturevalue(store)
    at = open_logged_in(page)
    if lang == "en":
        at.sidebar.radio(key="w_lang").set_value("en").run()
    problems = {f"table {i}": leaks(frame.value) for i, frame in enumerate(at.dataframe)}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems
