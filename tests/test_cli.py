"""The `portfolio` command: exit codes 0/1/2, JSON, and never a traceback."""

import json
import os
import subprocess
import sys

from portfolio.cli import main


def run_cli(*args, db_url):
    env = {**os.environ, "DATABASE_URL": db_url, "PORTFOLIO_LANG": "da"}
    return subprocess.run([sys.executable, "-m", "portfolio", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_init_demo_status_end_to_end(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    first = run_cli("init", db_url=url)
    assert first.returncode == 0, first.stderr
    assert "98 kommuner" in first.stdout
    assert run_cli("init", db_url=url).returncode == 0
    demo = run_cli("demo", db_url=url)
    assert demo.returncode == 0 and "Demodata indlæst" in demo.stdout
    status_1 = run_cli("status", "--json", db_url=url)
    again = run_cli("demo", db_url=url)
    assert again.returncode == 0 and "Intet er ændret" in again.stdout
    status_2 = run_cli("status", "--json", db_url=url)
    assert status_1.stdout == status_2.stdout
    payload = json.loads(status_1.stdout)
    assert payload["plan_versions"]["total"] == 65
    assert {"milestones", "inclusion_rows", "components", "status_entries", "snapshots"} <= payload.keys()


def test_usage_error_exits_2(capsys):
    assert main(["no-such-command"]) == 2
    assert main(["status", "--bogus"]) == 2


def test_status_of_a_store_never_created_is_refused_without_traceback(tmp_path):
    result = run_cli("status", "--json", db_url=f"sqlite:///{tmp_path / 'missing.db'}")
    assert result.returncode == 1
    assert "portfolio init" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unreachable_database_is_a_clear_message(tmp_path):
    result = run_cli("status", db_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "Databasen kan ikke nås" in result.stderr
    assert "Traceback" not in result.stderr
