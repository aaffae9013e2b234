"""Serve the real app (``streamlit run serve.py``: app.py and its routes) on a loopback port for browser tests.

    with running_app("sqlite:////tmp/x/store.db") as base_url:
        page.goto(base_url)

The server runs from the repository root with this interpreter (the venv's), in its own
process group, which is terminated on exit. If it dies or does not answer
``/_stcore/health`` in time, the error carries the tail of its output.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
_PORT_ATTEMPTS = 3
# Talk to loopback directly, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AppServerError(RuntimeError):
    """The app server could not be started."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", "serve.py",  # app.py with the routes of ui/web.py
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]


def _tail(path: Path, limit: int = 3000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return text[-limit:].strip()


def _healthy(base_url: str) -> bool:
    try:
        with _OPENER.open(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(port: int, env: dict[str, str], log_dir: Path) -> tuple[subprocess.Popen, Path, Path]:
    stdout_path, stderr_path = log_dir / f"stdout-{port}.log", log_dir / f"stderr-{port}.log"
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        process = subprocess.Popen(
            streamlit_command(port), cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=out, stderr=err, start_new_session=True,
        )
    return process, stdout_path, stderr_path


@contextlib.contextmanager
def running_app(
    database_url: str, env: dict[str, str] | None = None, timeout: float = STARTUP_TIMEOUT
) -> Iterator[str]:
    """Start ``streamlit run app.py`` against ``database_url``; yield its base URL (``http://127.0.0.1:PORT``)."""
    if not (REPO_ROOT / "app.py").exists():
        raise AppServerError(f"{REPO_ROOT / 'app.py'} does not exist")
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {}), "DATABASE_URL": database_url}
    with tempfile.TemporaryDirectory(prefix="app-server-") as tmp:
        log_dir = Path(tmp)
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            process, stdout_path, stderr_path = _start(port, full_env, log_dir)
            try:
                deadline = time.monotonic() + timeout
                while True:
                    if _healthy(base_url):
                        break
                    if process.poll() is not None:
                        output = _tail(stderr_path) or _tail(stdout_path)
                        if "already in use" in output.lower() and attempt < _PORT_ATTEMPTS:
                            break  # lost the race for the port: try another
                        raise AppServerError(
                            f"streamlit exited with code {process.returncode} before it was healthy.\n"
                            f"command: {' '.join(streamlit_command(port))}\n--- output (tail) ---\n{output}"
                        )
                    if time.monotonic() > deadline:
                        raise AppServerError(
                            f"streamlit did not answer {base_url}/_stcore/health within {timeout:.0f} s.\n"
                            f"--- stderr (tail) ---\n{_tail(stderr_path)}\n--- stdout (tail) ---\n{_tail(stdout_path)}"
                        )
                    time.sleep(0.2)
                if process.poll() is not None:
                    continue  # the port race above
                yield base_url
                return
            finally:
                _stop(process)
        raise AppServerError(f"could not find a free port for streamlit in {_PORT_ATTEMPTS} attempts")
