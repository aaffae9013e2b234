"""An import killed with SIGKILL in the middle of its transaction leaves the store as it was before it."""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portfolio.db import make_engine
from portfolio.importing.service import import_plan
from portfolio.outcome import IMPORTED
from portfolio.schema import current_revision, head_revision, initialise_store
from tests.robustness.support import REPO, cli_env, distinct_plan, inventory, url_of

pytestmark = pytest.mark.slow


def _wait_for_line(process: subprocess.Popen, expected: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            seen += line
            if line.strip() == expected:
                return
        if process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"the import never paused; stdout: {seen[-1000:]} stderr: {process.stderr.read()[-2000:]}")


def test_sigkill_mid_import_leaves_the_store_as_it_was(engine, tmp_path: Path) -> None:
    url = url_of(engine)
    assert import_plan(engine, distinct_plan("Syd", "KOL"), "v1.xlsx", actor="test").status == IMPORTED
    before = inventory(engine)
    path = tmp_path / "v2.xlsx"
    path.write_bytes(distinct_plan("Syd", "KOL", revision=2))
    engine.dispose()

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.paused_import", "import-plan", str(path)], cwd=REPO,
        env=cli_env(url), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_line(process, "PAUSED", timeout=120)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    fresh = make_engine(url)  # as the next process would: open, migrate, read
    try:
        deadline = time.monotonic() + 30  # PostgreSQL notices the dead client's socket within moments
        while inventory(fresh) != before and time.monotonic() < deadline:
            time.sleep(0.5)
        assert inventory(fresh) == before
        initialise_store(fresh, actor="test")
        assert current_revision(fresh) == head_revision()
        again = import_plan(fresh, path.read_bytes(), "v2.xlsx", actor="test", today=dt.date(2024, 1, 15))
        assert (again.status, again.plan_version) == (IMPORTED, 2)
    finally:
        fresh.dispose()
