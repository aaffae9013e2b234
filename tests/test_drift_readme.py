"""Every command of the README's "Drift" section is run here, or named below with what covers it instead.

The commands run in one shell, in order, as the section has them, with these changes only: the throw-away
PostgreSQL of the test suite instead of the local one, a temporary folder instead of /etc (``DEST`` for
deploy/install.sh), root instead of the `portfolio` system user, and this checkout instead of /opt/portfolio/app.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from portfolio.db import make_engine
from tests.conftest import skip_or_fail
from tests.support.app_server import REPO_ROOT
from tests.support.postgres import PostgresServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

# Commands that change this machine's system (packages, users, services) and are covered otherwise.
NOT_RUN_HERE = {
    "apt-get update && apt-get install -y": "`make system-deps` installs the Debian packages the tests need",
    "adduser --system": "a system user; the test acts as root",
    "git clone": "this checkout",
    "systemctl daemon-reload": "the rendered units are checked below (also by systemd-analyze where installed)",
    "systemctl enable --now": "tests/browser/test_service_browser.py runs the units' command line",
    "systemctl reload nginx": "tests/browser/test_service_browser.py runs nginx with the rendered site",
    "curl -fsS https://portfolio.example/healthz": "tests/browser/test_service_browser.py asks /healthz through nginx",
}


def drift_commands() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Drift\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_the_section_has_its_steps():
    commands = drift_commands()
    assert len(commands) >= 15
    assert any("deploy/install.sh" in c for c in commands) and any("portfolio init" in c for c in commands)


def _adapted(command: str, tmp: Path) -> str:
    replacements = [
        ("cd /opt/portfolio/app", f"cd {REPO_ROOT}"),
        ("runuser -u portfolio -- env ", "env "),
        ("install -d -o portfolio -g portfolio data", "install -d data"),
        ("/etc/portfolio", f"{tmp}/etc/portfolio"),
        ("-g portfolio ", "-g root "),
        ("-o portfolio ", "-o root "),
        (".streamlit/secrets.toml", f"{tmp}/secrets.toml"),
        ("SERVER_NAME=portfolio.example deploy/install.sh",
         f"DEST={tmp}/root TLS_CERT={tmp}/cert.pem TLS_KEY={tmp}/key.pem LOG_DIR={tmp}/logs "
         f"SERVER_NAME=portfolio.example deploy/install.sh"),
        ("rm -f /etc/nginx/sites-enabled/default && nginx -t",
         f"rm -f {tmp}/root/etc/nginx/sites-enabled/default && nginx -t -p {tmp} -c {tmp}/nginx.conf"),
    ]
    for old, new in replacements:
        command = command.replace(old, new)
    return command


def test_every_drift_command_runs(tmp_path: Path, postgres_server) -> None:
    if not isinstance(postgres_server, PostgresServer):
        skip_or_fail("needs the suite's own PostgreSQL server (createuser/createdb as user postgres)")
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        skip_or_fail("nginx is missing (apt-get install nginx, or run `make test`)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=portfolio.example", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/logs/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/root/etc/nginx/sites-enabled/*; }}\n")
    database_url = postgres_server.url("portfolio")
    script, skipped = ["set -euo pipefail"], []
    for command in drift_commands():
        reason = next((why for prefix, why in NOT_RUN_HERE.items() if command.startswith(prefix)), None)
        if reason:
            skipped.append(command)
            continue
        script.append(_adapted(command, tmp_path))
        if "portfolio.env.example" in command:  # "Edit /etc/portfolio/portfolio.env": the test's database
            script.append(f"echo 'DATABASE_URL={database_url}' >> {tmp_path}/etc/portfolio/portfolio.env")
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(postgres_server.port), "PGUSER": "postgres",
           "PORTFOLIO_ADMIN_PASSWORD": "a-long-admin-password-4711", "PORTFOLIO_USER": "admin",
           "PATH": f"{REPO_ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"}
    subprocess.run(["runuser", "-u", "postgres", "--", "dropdb", "--if-exists", "portfolio"], env=env,
                   capture_output=True, check=False)
    subprocess.run(["runuser", "-u", "postgres", "--", "dropuser", "--if-exists", "portfolio"], env=env,
                   capture_output=True, check=False)
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=REPO_ROOT, env=env, capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    engine = make_engine(database_url)
    with engine.connect() as conn:
        accounts = dict(conn.execute(text("SELECT username, role FROM account")).all())
    engine.dispose()
    assert accounts == {"admin": "admin", "feed": "fut_reporter", "mette": "admin"}
    assert re.search(r"(i orden|sound)", result.stdout), result.stdout  # portfolio verify
    assert (tmp_path / "secrets.toml").read_text().startswith("[auth]\n")
    assert len(skipped) == len(NOT_RUN_HERE)  # each exception is still in the section, once

    units = tmp_path / "root/etc/systemd/system"
    shutil.copyfile(units / "portfolio@.service", units / "portfolio@8501.service")
    # Where systemd is installed (a server; not every container), its own check of the rendered units too.
    if shutil.which("systemd-analyze"):
        verify = subprocess.run(["systemd-analyze", "verify", *(f"./{p.name}" for p in sorted(units.iterdir())
                                                                if not p.name.endswith("@.service"))],
                                cwd=units, capture_output=True, text=True, check=False)
        assert verify.returncode == 0 and not verify.stderr.strip(), verify.stderr
    for unit in units.iterdir():  # every unit: its programs exist, and it names no placeholder
        text_ = unit.read_text()
        assert "@" not in text_.replace("portfolio@", "").replace("%i", ""), unit.name
        for program in re.findall(r"^Exec\w*=(\S+)", text_, re.MULTILINE):
            assert Path(program).exists(), f"{unit.name}: {program}"
