"""Time each page's script run with AppTest, in a process of its own: `python -m benchmarks.pages URL`.

Pages are reached as the page tests do it: app.py run once logged in (the overview, its default page), then
``switch_page``. Each page is run once to warm up, then ``--repeat`` times; before every timed run the data
caches (``st.cache_data``) are cleared, so every run does its queries (the engine, ``st.cache_resource``,
stays, as in a running server): "median". Then ``--repeat`` runs more without clearing, as every rerun at
the same data version is (query results come from the cache): "warm_median".
Prints JSON: {page: {"median": s, "runs": [...], "warm_median": s, "error": str|None}}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = ["overview", "milestones", "inclusion", "infrastructure", "import_plan", "snapshots", "audit"]


def _timed(at, repeat: int, *, cold: bool = True) -> tuple[list[float], str | None]:  # type: ignore[no-untyped-def]
    import streamlit as st

    runs = []
    from ui.state import _built, _cached

    for attempt in range(repeat + 1):
        if cold:  # the query results and the figures and tables built from them (ui/state.py)
            st.cache_data.clear()
            _built.clear()
            _cached.clear()
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            return runs, str(at.exception[0].value)[:500]
        if attempt:  # the first run warms up imports and connections
            runs.append(elapsed)
    return runs, None


def time_pages(url: str, pages: list[str], repeat: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.chdir(REPO)
    from streamlit.testing.v1 import AppTest

    from ui.auth import SESSION_KEY, session_state_for

    out = {}
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    at.session_state[SESSION_KEY] = session_state_for("admin")
    at.run()
    for page in pages:
        at.switch_page(f"pages/{page}.py")
        runs, error = _timed(at, repeat)
        warm, _ = _timed(at, repeat, cold=False) if not error else ([], None)
        out[page] = {"median": statistics.median(runs) if runs else None, "runs": runs, "error": error,
                     "warm_median": statistics.median(warm) if warm else None}
    return out


def time_minimal(repeat: int) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "benchmarks" / "minimal_page.py"), default_timeout=300)
    runs, error = _timed(at, repeat)
    return {"minimal": {"median": statistics.median(runs) if runs else None, "runs": runs, "error": error}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", help="DATABASE_URL, or 'minimal' for the one-chart page")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.url == "minimal":
        result = time_minimal(args.repeat)
    else:
        result = time_pages(args.url, args.pages.split(","), args.repeat)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
