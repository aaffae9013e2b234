"""Fixtures of the feed tests: the FUT components in a test store, and a feed server on loopback."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import Engine, select

from portfolio.db import unit_of_work
from portfolio.demo import COMPONENTS
from portfolio.feed.settings import FeedSettings
from portfolio.models import Component

TODAY = dt.date(2023, 6, 1)


def add_components(engine: Engine) -> None:
    """The FUT components as the demo data names them, without any status history."""
    with unit_of_work(engine) as session:  # `portfolio init` loads them as reference data; a store without them
        have = set(session.scalars(select(Component.code)))
        for order, spec in enumerate(COMPONENTS):
            if spec.code not in have:
                session.add(Component(code=spec.code, name=spec.name, kind=spec.kind, sort_order=order))


@pytest.fixture
def store(engine: Engine) -> Engine:
    """SQLite and PostgreSQL: a store with the FUT components."""
    add_components(engine)
    return engine


@pytest.fixture
def sqlite_store(sqlite_engine: Engine) -> Engine:
    add_components(sqlite_engine)
    return sqlite_engine


def feed_json(*entries: dict[str, Any]) -> bytes:
    return json.dumps({"entries": list(entries)}, ensure_ascii=False).encode()


def entry(component: str = "KL_GATEWAY", date: str = "2023-05-01", phase: str = "pilot", rag: str = "green",
          note: str = "", **extra: Any) -> dict[str, Any]:
    return {"component": component, "date": date, "phase": phase, "rag": rag, "note": note, **extra}


GOOD_FEED = feed_json(
    entry("KL_GATEWAY", "2023-05-01", "drift", "grøn", "I drift."),
    entry("KAM", "2023-05-01", "pilot", "amber", "Pilot i to kommuner.", production_forecast="2023-09-01"),
    entry("K-PRO", "01-05-2023", "Overtagelsesprøve", "Rød", "Forsinket."),
)

# --- a feed server on loopback ------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        feed: FeedServer = self.server.feed
        feed.requests.append((self.path, dict(self.headers.items())))
        route = feed.routes.get(self.path)
        if route is None:
            status, headers, body = 404, {}, b"not found"
        else:
            status, headers, body = route(self)
        if status < 0:  # the route wrote the answer itself
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and status != 304:
            with contextlib.suppress(OSError):  # the client may have given up (timeout, size limit)
                self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """The test server, without socketserver's traceback on stderr when a client gave up mid-request (the fetcher's
    deadline and size limits do that on purpose)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    httpd = QuietServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    host, port = httpd.server_address[:2]
    server = FeedServer(f"http://{host}:{port}", {})
    httpd.feed = server  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def fast() -> FeedSettings:
    """Small limits so failure paths are quick: 0.5 s timeout, 2 retries, 10 ms backoff, 64 KiB."""
    return FeedSettings(timeout=0.5, max_bytes=64 * 1024, retries=2, backoff=0.01)
