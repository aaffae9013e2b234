"""What a page's script run says to the store: `python -m benchmarks.statements URL [--pages overview,…]`.

Runs each page as ``benchmarks.pages`` does (AppTest, logged in as ``admin``), once to warm up, then once with the
data caches cleared ("cold") and once without ("warm"), and counts for each run: connection checkouts from the pool,
SQL statements sent (grouped by their first words, with the most frequent ones), and the seconds. On PostgreSQL
every checkout also costs what the engine does per checkout (``portfolio/db.py``: a ping, a transaction), so
checkouts and statements are what to cut to bring a page's time down; the seconds here are noisy.
Prints JSON, and a table with ``--table``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

REPO = Path(__file__).resolve().parents[1]


class Counter:
    def __init__(self) -> None:
        self.checkouts = 0
        self.statements: collections.Counter[str] = collections.Counter()
        event.listen(Pool, "checkout", self._checkout)
        event.listen(Engine, "before_cursor_execute", self._statement)

    def _checkout(self, *_args) -> None:  # type: ignore[no-untyped-def]
        self.checkouts += 1

    def _statement(self, _conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        self.statements[_shape(statement)] += 1

    def reset(self) -> None:
        self.checkouts = 0
        self.statements.clear()

    def snapshot(self, seconds: float) -> dict:
        return {"seconds": round(seconds, 4), "checkouts": self.checkouts,
                "statements": sum(self.statements.values()),
                "by_statement": dict(self.statements.most_common())}


def _shape(statement: str) -> str:
    """A statement's kind and its tables: ``SELECT … FROM audit_event`` (parameters and columns left out)."""
    text = " ".join(statement.split())
    verb = text.split(" ", 1)[0].upper()
    tables = sorted(set(re.findall(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_][a-z0-9_]*)", text, re.IGNORECASE)))
    ctes = set(re.findall(r"\b([a-z_][a-z0-9_]*)\s+AS\s+\(", text, re.IGNORECASE))
    return f"{verb} {','.join(t for t in tables if t not in ctes)}".strip()


def count_pages(url: str, pages: list[str]) -> dict:
    os.environ["DATABASE_URL"] = url
    os.chdir(REPO)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui.auth import SESSION_KEY, session_state_for
    from ui.state import _built, _cached

    counter = Counter()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    at.session_state[SESSION_KEY] = session_state_for("admin")
    at.run()
    out = {}
    for page in pages:
        at.switch_page(f"pages/{page}.py")
        at.run()  # warm-up: imports, connections
        result = {}
        for name, cold in (("cold", True), ("warm", False)):
            if cold:
                st.cache_data.clear()
                _built.clear()
                _cached.clear()
            counter.reset()
            started = time.perf_counter()
            at.run()
            result[name] = counter.snapshot(time.perf_counter() - started)
            if at.exception:
                result["error"] = str(at.exception[0].value)[:300]
        out[page] = result
    return out


def table(result: dict) -> str:
    rows = [f"{'page':<16}{'cold: checkouts':>16}{'statements':>12}{'s':>8}{'warm: checkouts':>17}{'statements':>12}"
            f"{'s':>8}"]
    for page, runs in result.items():
        cold, warm = runs["cold"], runs["warm"]
        rows.append(f"{page:<16}{cold['checkouts']:>16}{cold['statements']:>12}{cold['seconds']:>8.3f}"
                    f"{warm['checkouts']:>17}{warm['statements']:>12}{warm['seconds']:>8.3f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.pages import PAGES

    parser = argparse.ArgumentParser(prog="python -m benchmarks.statements", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="DATABASE_URL of a store with data (e.g. make bench's scale-1 store)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--table", action="store_true", help="a table (and each page's statements) after the JSON")
    args = parser.parse_args(argv)
    result = count_pages(args.url, args.pages.split(","))
    print(json.dumps(result, indent=1))
    if args.table:
        print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
