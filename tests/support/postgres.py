"""A throw-away PostgreSQL server on loopback for the test suite (initdb as user postgres).

Set TEST_POSTGRES_URL to use an existing server instead. With CI=true a missing
server is an error, never a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not candidates:
        raise PostgresUnavailable("PostgreSQL is not installed (apt-get install postgresql)")
    return Path(candidates[-1])


@dataclass
class PostgresServer:
    data_dir: Path
    port: int
    bin_dir: Path

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir),
             "-m", "immediate", "-w", "stop"],
            capture_output=True, check=False,
        )
        # A database per test leaves gigabytes here by the end of a run (over 100,000 files, 7-30 s to delete): removed
        # by a process of its own, so that the run's end does not wait for the disk.
        subprocess.Popen(["rm", "-rf", "--", str(self.data_dir.parent)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def start_server() -> PostgresServer:
    if os.geteuid() != 0 and shutil.which("runuser") is None:
        raise PostgresUnavailable("starting PostgreSQL needs root (runuser -u postgres)")
    bin_dir = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="pg-test-"))
    data_dir = root / "data"
    os.chmod(root, 0o755)
    subprocess.run(["install", "-d", "-o", "postgres", "-g", "postgres", str(data_dir)], check=True)
    run_as = ["runuser", "-u", "postgres", "--"]
    init = subprocess.run(
        [*run_as, str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        capture_output=True, text=True, check=False,
    )
    if init.returncode != 0:
        raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[:500]}")
    port = _free_port()
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {data_dir} -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=200")
    started = subprocess.run(
        [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-l", str(data_dir / "server.log"),
         "-w", "-t", "60", "-o", options, "start"],
        capture_output=True, text=True, check=False,
    )
    if started.returncode != 0:
        log = (data_dir / "server.log").read_text(errors="replace")[-800:] if (data_dir / "server.log").exists() else ""
        raise PostgresUnavailable(f"pg_ctl start failed: {started.stderr.strip()[:300]} {log}")
    return PostgresServer(data_dir=data_dir, port=port, bin_dir=bin_dir)
