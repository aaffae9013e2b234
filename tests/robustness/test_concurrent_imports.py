"""20 imports at once, on SQLite (a file store) and on PostgreSQL: every one stored or cleanly refused, none lost.

Half the workbooks are distinct landsdel/programme plans, the others are revisions and exact copies of one
plan, so imports race for the same version numbers. Run once with threads in one process and once with
20 forked processes (each with its own engine), and once through the real CLI: 5
`python -m portfolio import-plan` processes of 4 files each, started together. No user ever sees "database is locked".
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from portfolio.db import make_engine
from portfolio.importing.service import import_plan
from portfolio.outcome import IMPORTED, UNCHANGED
from tests.robustness.support import LANDSDELE, PROGRAMMES, distinct_plan, inventory, portfolio_cli, url_of

pytestmark = pytest.mark.slow
TODAY = dt.date(2024, 1, 15)
CONCURRENT = 20


def workbooks() -> list[tuple[str, bytes]]:
    """10 distinct landsdel/programme plans, 6 revisions of Syd/KOL and 4 copies of one of them."""
    books = [(f"{ld}-{prog}.xlsx", distinct_plan(ld, prog)) for ld in LANDSDELE for prog in PROGRAMMES]
    books += [(f"Syd-KOL-rev{n}.xlsx", distinct_plan("Syd", "KOL", n)) for n in range(1, 7)]
    books += [(f"Syd-KOL-rev1-copy{n}.xlsx", distinct_plan("Syd", "KOL", 1)) for n in range(4)]
    assert len(books) == CONCURRENT
    return books


def check_outcomes(engine, before: dict, outcomes: list[dict]) -> None:
    """Every file imported or unchanged; the store holds exactly the imported versions, numbered 1..n per plan."""
    assert len(outcomes) == CONCURRENT
    for outcome in outcomes:
        assert outcome["status"] in (IMPORTED, UNCHANGED), outcome
        assert "locked" not in json.dumps(outcome).lower(), outcome
    after = inventory(engine)
    new_versions = [v for v in after["versions"] if v not in before["versions"]]
    imported = [o for o in outcomes if o["status"] == IMPORTED]
    assert len(new_versions) == len(imported), "an import was lost or stored twice"
    # Every distinct landsdel/programme got its plan; Syd/KOL got at least its 7 distinct contents.
    per_plan: dict[tuple[int, int], list[int]] = defaultdict(list)
    for landsdel_id, programme_id, number, _checksum in after["versions"]:
        per_plan[(landsdel_id, programme_id)].append(number)
    assert len(per_plan) == len(LANDSDELE) * len(PROGRAMMES)
    for numbers in per_plan.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"version numbers collided or skipped: {numbers}"
    assert max(len(n) for n in per_plan.values()) >= 7
    stored_checksums = {v[3] for v in new_versions}
    assert {o["checksum"] for o in imported} <= stored_checksums


def test_twenty_threads_import_at_once(engine) -> None:
    before = inventory(engine)
    books = workbooks()

    def work(item: tuple[str, bytes]) -> dict:
        name, data = item
        result = import_plan(engine, data, name, actor="test", today=TODAY)
        return result.as_json("en")

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        outcomes = list(pool.map(work, books))
    check_outcomes(engine, before, outcomes)


def _import_in_child(args: tuple[str, str, bytes]) -> dict:
    """Runs in a forked process: its own engine and connections, as a second app server or CLI would have."""
    url, name, data = args
    engine = make_engine(url)
    try:
        return import_plan(engine, data, name, actor="test", today=TODAY).as_json("en")
    finally:
        engine.dispose()


def test_twenty_processes_import_at_once(engine) -> None:
    before = inventory(engine)
    url = url_of(engine)
    engine.dispose()  # no pooled connection crosses the fork
    with multiprocessing.get_context("fork").Pool(CONCURRENT) as pool:
        outcomes = pool.map(_import_in_child, [(url, name, data) for name, data in workbooks()], chunksize=1)
    check_outcomes(engine, before, outcomes)


def test_import_plan_commands_at_once(engine, tmp_path: Path) -> None:
    """The real CLI path: 5 `portfolio import-plan` processes of 4 files each, started together."""
    before = inventory(engine)
    paths = []
    for name, data in workbooks():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    url = url_of(engine)
    processes = [portfolio_cli(url, "import-plan", "--json", *paths[i::5]) for i in range(5)]
    outcomes = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=240)
        assert process.returncode == 0, stderr[-2000:]
        assert "locked" not in (stdout + stderr).lower() and "Traceback" not in stderr, stderr[-2000:]
        outcomes.extend(json.loads(stdout))
    check_outcomes(engine, before, outcomes)
