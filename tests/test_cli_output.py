"""What the CLI writes (#13): control characters from workbooks never reach the terminal, and a closed pipe is a
normal end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.domain import MilestoneStatus, Rag
from portfolio.snapshots.freeze import create_snapshot
from tests.snapshots.builders import D, M, add_plan

HOSTILE = "Pilot\x1b[2J\x1b]0;pwned\x07 i\x9b31m Aalborg\u202e"


def test_snapshot_diff_writes_no_control_characters(sqlite_engine, capsys):
    add_plan(sqlite_engine, submitted=D(2022, 1, 10), rag=Rag.GREEN,
             milestones=[M("1", HOSTILE, D(2022, 6, 30), D(2022, 6, 30))])
    first = create_snapshot(sqlite_engine, label="Før", as_of=D(2022, 1, 31), actor="t")
    add_plan(sqlite_engine, submitted=D(2022, 2, 10), rag=Rag.AMBER,
             milestones=[M("1", HOSTILE, D(2022, 6, 30), D(2022, 9, 30), status=MilestoneStatus.AMBER)])
    second = create_snapshot(sqlite_engine, label="Efter", as_of=D(2022, 2, 28), actor="t")
    ctx = CommandContext(Settings(database_url=str(sqlite_engine.url), language="da", user="admin"),
                         _engine=sqlite_engine)
    assert main(["snapshot", "diff", str(first.id), str(second.id)], context=ctx) == 0
    out = capsys.readouterr().out
    assert "Aalborg" in out
    assert not any(char in out for char in "\x1b\x07\x9b\u202e"), repr(out)


def test_a_closed_pipe_is_a_normal_end(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "PORTFOLIO_ADMIN_PASSWORD":
           "a-long-test-password-4711", "PORTFOLIO_USER": "admin"}
    subprocess.run([sys.executable, "-m", "portfolio", "init"], env=env, check=True, capture_output=True)
    process = subprocess.Popen([sys.executable, "-m", "portfolio", "status", "--json"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head` that has already stopped reading
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, stderr
    assert stderr == ""
