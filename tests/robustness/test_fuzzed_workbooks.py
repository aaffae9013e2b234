"""Over a thousand hostile, corrupted and mutated workbooks: zero unhandled exceptions, zero partial writes,
every file in bounded time and memory.

The batch runs in a child process (tests/robustness/fuzz_worker.py; shards possible) with an address-space
limit and its own copy of the store; the importer reads every file in its own calamine reader process
(2 GiB address space, 20 s). The files: the hand-made hostile files (tests/robustness/hostile.py),
the shared corpus as it is, and 1,000 mutations (bytes flipped, truncated, spliced, zeroed; zip members
damaged or rewritten with edited XML) of plan workbooks and corpus files. Every file goes through the
importer's read-and-check path; every hostile file and every 25th other file also through storing, where the
store's inventory before and after must match unless a plan version was stored whole.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.importing.service import import_plan
from portfolio.outcome import IMPORTED, REJECTED, UNCHANGED
from tests.conftest import skip_or_fail
from tests.robustness.hostile import SHEET, base_plan, rebuild
from tests.robustness.support import REPO, inventory

# Beside the repository, or beside the folder of git worktrees it is checked out in.
CORPUS = next((p for p in (REPO.parent / "shared" / "corpus", REPO.parent.parent / "shared" / "corpus") if p.is_dir()),
              REPO.parent / "shared" / "corpus")
MUTATIONS = 1000
SHARDS = 1  # the shards run side by side; one is enough (about 25 s for 1,160 files)
MEMORY_LIMIT = 4 * 1024**3  # address space of each batch process (the calamine reader child has its own 2 GiB)
PER_FILE_SECONDS = 10.0
PEAK_RSS_MB = 1024
BATCH_TIMEOUT = 900


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run_batch(sqlite_template: Path, tmp_path: Path) -> tuple[list[dict], list[str]]:
    processes = []
    for shard in range(SHARDS):
        store = tmp_path / f"fuzz-{shard}.db"
        shutil.copyfile(sqlite_template, store)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "tests.robustness.fuzz_worker", f"sqlite:///{store}", "--mutations",
             str(MUTATIONS), "--corpus", str(CORPUS), "--shard", f"{shard}/{SHARDS}"],
            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=_limit_memory))  # noqa: PLW1509 - no threads in the test process start processes here
    records, problems = [], []
    for process in processes:
        try:
            stdout, stderr = process.communicate(timeout=BATCH_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            problems.append("the batch did not finish in time")
        started, finished = [], set()
        for line in stdout.decode().splitlines():
            record = json.loads(line)
            if "start" in record:
                started.append(record["start"])
            else:
                finished.add(record["name"])
                records.append(record)
        unfinished = [name for name in started if name not in finished]
        if process.returncode != 0 or unfinished:
            problems.append(f"batch process exited {process.returncode} while reading {unfinished}: "
                            f"{stderr.decode(errors='replace')[-3000:]}")
    return records, problems


@pytest.mark.slow
def test_a_thousand_hostile_and_mutated_workbooks(sqlite_template: Path, tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        skip_or_fail(f"no corpus at {CORPUS}")
    records, problems = _run_batch(sqlite_template, tmp_path)
    assert not problems, problems
    assert len(records) >= MUTATIONS + 100
    failures = [f"{r['name']}: {r['exception']}" for r in records if r.get("exception")]
    assert not failures, "\n\n".join(failures[:10])
    partial = [r["name"] for r in records if r.get("wrote")]
    assert not partial, f"a refused or unchanged file wrote to the store: {partial}"
    slow = [(r["name"], r["seconds"]) for r in records if r["seconds"] > PER_FILE_SECONDS]
    assert not slow, slow
    assert max(r["rss_mb"] for r in records) < PEAK_RSS_MB
    assert max(r["reader_peak_mb"] for r in records) < PEAK_RSS_MB
    outcome = {r["name"]: r for r in records}
    for name, key in [("zip-bomb.xlsx", "import.refused.bomb"), ("huge-range.xlsx", "import.refused.too_large"),
                      ("many-members.xlsx", "import.refused.bomb"), ("empty.xlsx", "import.refused.not_workbook")]:
        assert key in outcome[name]["errors"], outcome[name]
    # Formulas, external links and macros are never evaluated or followed; the plan around them is read.
    for name in ("external-link.xlsx", "macros.xlsm", "billion-laughs-workbook.xlsx"):
        assert outcome[name]["status"] in (UNCHANGED, "ready"), outcome[name]
    assert outcome["as-is/plan.xlsx"]["stored"] == IMPORTED
    statuses = {r["status"] for r in records}
    assert {"ready", REJECTED} <= statuses


XML_NOISE = st.one_of(
    st.sampled_from([b"<", b">", b"&", b"&lol;", b"</row>", b"<row r=\"1048576\">", b"<c r=\"XFD1\"><v>1</v></c>",
                     b'<c t="s"><v>7</v></c>', b"<![CDATA[", b"\x00", b"\xff\xfe", b"<!DOCTYPE x>", b"]]>"]),
    st.binary(max_size=40),
)


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(at=st.floats(min_value=0, max_value=1), noise=st.lists(XML_NOISE, min_size=1, max_size=4),
       cut=st.booleans())
def test_hypothesis_damages_the_milestone_sheet_xml(sqlite_engine, at: float, noise: list[bytes], cut: bool) -> None:
    """Hypothesis edits the milestone sheet's XML inside a valid zip: a clean outcome, nothing partly stored."""
    base = base_plan()
    sheet = zipfile.ZipFile(io.BytesIO(base)).read(SHEET)
    position = int(at * len(sheet))
    damaged = sheet[:position] + b"".join(noise) + (b"" if cut else sheet[position:])
    data = rebuild(base, {SHEET: damaged})
    before = inventory(sqlite_engine)
    result = import_plan(sqlite_engine, data, "hypothesis.xlsx", actor="test", today=dt.date(2024, 6, 1))
    assert result.status in (IMPORTED, UNCHANGED, REJECTED)
    assert result.status != REJECTED or result.errors
    after = inventory(sqlite_engine)
    if result.status == IMPORTED:
        assert len(after["versions"]) == len(before["versions"]) + 1
    else:
        assert after == before
