"""The service as deploy/ sets it up, on loopback: two app processes (the systemd unit's command line) and nginx
(the rendered site, with a self-signed certificate) in front of a given store. For tests and benchmarks.

    with running_service(database_url, tmp_dir) as service:
        service.url  # https://127.0.0.1:PORT
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shlex
import shutil
import signal
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.app_server import REPO_ROOT, free_port


class ServiceError(RuntimeError):
    """The service could not be started."""


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


@dataclass
class Service:
    url: str  # https://127.0.0.1:PORT, through nginx
    http_url: str
    db_url: str
    ports: dict[str, int]  # "A"/"B" -> the app process's port
    processes: dict[str, subprocess.Popen]
    access_log: Path

    def stop(self, name: str) -> None:
        stop_process(self.processes[name])


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def get(host: str, port: int, path: str, *, tls: bool) -> http.client.HTTPResponse:
    if tls:
        connection = http.client.HTTPSConnection(host, port, timeout=10,
                                                 context=ssl._create_unverified_context())  # noqa: S323 - test cert
    else:
        connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def _wait_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"app process on {port} exited:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError):
            if get("127.0.0.1", port, "/healthz", tls=False).status == 200:
                return
        time.sleep(0.3)
    raise ServiceError(f"app process on {port} not healthy:\n{log.read_text(errors='replace')[-3000:]}")


def _nginx_conf(tmp: Path, site: Path) -> Path:
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
        (tmp / folder).mkdir(exist_ok=True)
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {site};
}}
""")
    return conf



@contextlib.contextmanager
def running_service(db_url: str, tmp: Path, *, env: dict[str, str] | None = None) -> Iterator[Service]:  # noqa: C901 - start, wait, stop three processes
    """deploy/install.sh rendered into ``tmp``, both app processes and nginx started; all stopped on exit."""
    nginx = nginx_binary()
    if nginx is None:
        raise ServiceError("nginx is missing (apt-get install nginx)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    ports = {"A": free_port(), "B": free_port()}
    http_port, https_port = free_port(), free_port()
    install = subprocess.run(
        ["bash", str(REPO_ROOT / "deploy" / "install.sh")], capture_output=True, text=True, check=False,
        env={**os.environ, "DEST": str(tmp / "root"), "SERVER_NAME": "127.0.0.1", "APP_DIR": str(REPO_ROOT),
             "APP_PORTS": f"{ports['A']} {ports['B']}", "HTTP_LISTEN": f"127.0.0.1:{http_port}",
             "HTTPS_LISTEN": f"127.0.0.1:{https_port}", "TLS_CERT": str(tmp / "cert.pem"),
             "TLS_KEY": str(tmp / "key.pem"), "LOG_DIR": str(tmp / "logs")})
    if install.returncode != 0:
        raise ServiceError(f"deploy/install.sh failed: {install.stderr}")
    (tmp / "logs").mkdir(exist_ok=True)
    unit = (tmp / "root/etc/systemd/system/portfolio@.service").read_text()
    exec_start = re.search(r"^ExecStart=(.+)$", unit, re.MULTILINE).group(1)  # type: ignore[union-attr]
    app_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {}), "DATABASE_URL": db_url}
    processes: dict[str, subprocess.Popen] = {}
    nginx_process = None
    try:
        for name, port in ports.items():
            log = tmp / f"app-{name}.log"
            with log.open("wb") as out:
                processes[name] = subprocess.Popen(shlex.split(exec_start.replace("%i", str(port))), cwd=REPO_ROOT,
                                                   env=app_env, stdin=subprocess.DEVNULL, stdout=out,
                                                   stderr=subprocess.STDOUT, start_new_session=True)
        for name, port in ports.items():
            _wait_healthy(port, processes[name], tmp / f"app-{name}.log")
        conf = _nginx_conf(tmp, tmp / "root/etc/nginx/sites-enabled/portfolio.conf")
        check = subprocess.run([nginx, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServiceError(f"nginx -t: {check.stderr}")
        nginx_process = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(conf)], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + 20
        while True:
            try:
                if get("127.0.0.1", https_port, "/healthz", tls=True).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServiceError((tmp / "logs/error.log").read_text(errors="replace"))
            time.sleep(0.2)
        yield Service(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", db_url, ports, processes,
                      tmp / "logs/portfolio.access.log")
    finally:
        if nginx_process is not None:
            stop_process(nginx_process)
        for process in processes.values():
            stop_process(process)
