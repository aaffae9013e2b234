"""Every workbook of the shared corpus (files that once broke a spreadsheet reader) gets a clean outcome.

All files go through the real CLI (`portfolio import-plan --dry-run --json`) in a child process with
a memory limit and a time limit, so a hang or a memory blow-up fails this test instead of the suite.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

REPO = Path(__file__).resolve().parents[2]
# Beside the repository, or beside the folder of git worktrees the repository is checked out in.
CORPUS = next((p for p in (REPO / ".." / "shared" / "corpus", REPO / ".." / ".." / "shared" / "corpus") if p.is_dir()),
              REPO / ".." / "shared" / "corpus")
MEMORY_LIMIT = 3 * 1024**3
TIME_LIMIT = 120


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.slow
def test_every_corpus_workbook_gets_a_clean_outcome(sqlite_engine):
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in
                   (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"))
    if not files:
        skip_or_fail(f"no corpus at {CORPUS.resolve()}")
    result = subprocess.run(
        [sys.executable, "-m", "portfolio", "import-plan", "--dry-run", "--json", "--landsdel", "Syd",
         "--programme", "KOL", *map(str, files)],
        cwd=REPO, env={**os.environ, "DATABASE_URL": str(sqlite_engine.url.render_as_string(hide_password=False))},
        capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=_limits, stdin=subprocess.DEVNULL,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-3000:]
    outcomes = json.loads(result.stdout)
    assert [o["file"] for o in outcomes] == [p.name for p in files]
    for outcome in outcomes:
        assert outcome["status"] in ("imported", "rejected"), outcome
        if outcome["status"] == "rejected":
            assert outcome["errors"] and all(e["message"] for e in outcome["errors"]), outcome
        else:
            assert outcome["milestones"] or outcome["inclusion_rows"], outcome
    refused = {o["file"]: o["errors"][0]["message"] for o in outcomes if o["status"] == "rejected"}
    assert "adgangskode" in refused["pass_protected.xlsx"]
    assert "ikke en Excel" in refused["too_small.xls"]
