"""A hostile feed server (#13): redirects elsewhere, a slow drip, deep JSON, its own words. Nothing it sends is
quoted back, nothing holds the fetch past its deadline, and every refusal is a clear message and an audit entry."""

from __future__ import annotations

import json
import socket
import time

import pytest
from sqlalchemy import Engine, select

from portfolio.db import read_session
from portfolio.feed import fetch as fetch_module
from portfolio.feed.fetch import FetchFailed, fetch_feed
from portfolio.feed.service import ingest_feed, pull_feed
from portfolio.feed.settings import FeedSettings
from portfolio.models import AuditEvent
from tests.feed.conftest import GOOD_FEED, TODAY, FeedServer

SECRET = "<html><title>intern side 070761-4285 hemmelig</title>"


def audited(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return [json.dumps([e.action, e.target, e.detail], ensure_ascii=False)
                for e in session.scalars(select(AuditEvent).where(AuditEvent.action.like("feed.%")))]


def shown(result) -> str:
    return json.dumps(result.as_json("en"), ensure_ascii=False) + json.dumps(result.as_json("da"), ensure_ascii=False)


@pytest.fixture
def other_server() -> FeedServer:
    """A second, independent server on loopback: another origin (another port)."""
    import threading

    from tests.feed.conftest import QuietServer, _Handler

    httpd = QuietServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    host, port = httpd.server_address[:2]
    server = FeedServer(f"http://{host}:{port}", {})
    httpd.feed = server  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()


def test_a_redirect_to_another_origin_is_refused_and_nothing_of_it_quoted(
        sqlite_store: Engine, feed_server: FeedServer, other_server: FeedServer, fast: FeedSettings) -> None:
    other_server.routes["/secret"] = lambda h: (200, {"Content-Type": "text/html"}, SECRET.encode())
    target = other_server.url("/secret?token=abc")
    feed_server.routes["/feed.json"] = lambda h: (302, {"Location": target}, b"")
    result = pull_feed(sqlite_store, feed_server.url("/feed.json"), actor="x", settings=fast, today=TODAY)
    assert result.status == "rejected"
    assert other_server.hits("/secret?token=abc") == 0
    assert "redirects to another address" in result.errors[0].message("en")
    for text in [shown(result), *audited(sqlite_store)]:
        assert "secret" not in text and "token" not in text and "<html" not in text


def test_a_redirect_within_the_origin_is_followed(sqlite_store: Engine, feed_server: FeedServer,
                                                  fast: FeedSettings) -> None:
    feed_server.routes["/old"] = lambda h: (301, {"Location": "/new.json"}, b"")
    feed_server.routes["/new.json"] = lambda h: (200, {"Content-Type": "application/json"}, GOOD_FEED)
    result = pull_feed(sqlite_store, feed_server.url("/old"), actor="x", settings=fast, today=TODAY)
    assert (result.status, result.new_entries) == ("imported", 3)


def test_what_the_server_sends_instead_of_a_feed_is_never_quoted(sqlite_store: Engine, feed_server: FeedServer,
                                                                  fast: FeedSettings) -> None:
    feed_server.routes["/page"] = lambda h: (200, {"Content-Type": "text/html"}, SECRET.encode() + b"\nmore")
    result = pull_feed(sqlite_store, feed_server.url("/page"), actor="x", settings=fast, today=TODAY)
    assert result.status == "rejected"
    assert result.errors[0].key in ("feed.error.not_a_feed", "feed.error.cpr_header")
    feed_server.routes["/plain"] = lambda h: (200, {"Content-Type": "text/plain"}, b"<html>hemmelig side\nmore")
    plain = pull_feed(sqlite_store, feed_server.url("/plain"), actor="x", settings=fast, today=TODAY)
    assert "not a status feed" in plain.errors[0].message("en")
    result.errors += plain.errors
    for text in [shown(result), *audited(sqlite_store)]:
        assert "hemmelig" not in text and "<html" not in text and "4285" not in text


def test_the_servers_own_reason_phrase_is_not_quoted(feed_server: FeedServer, fast: FeedSettings) -> None:
    def lying(handler):
        handler.wfile.write(b"HTTP/1.1 404 <img src=x onerror=alert(1)> 070761-4285\r\nContent-Length: 0\r\n\r\n")
        return -1, {}, b""
    feed_server.routes["/x"] = lying
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(feed_server.url("/x"), settings=fast, sleep=lambda s: None)
    message = failed.value.problem.message("en")
    assert message.endswith("answered HTTP 404 Not Found.") and "img" not in message


def test_a_name_that_resolves_into_the_servers_own_network_is_refused(monkeypatch, fast: FeedSettings) -> None:
    """DNS rebinding: the configured host is public when first looked up and loopback when connected to."""
    answers = iter(["8.8.8.8", "127.0.0.1"])
    connected: list[object] = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(fetch_module.socket.socket, "connect", lambda self, addr: connected.append(addr))
    with pytest.raises(FetchFailed) as failed:
        fetch_feed("http://feed.example.org/status.json", settings=fast, sleep=lambda s: None)
    assert failed.value.problem.key == "feed.error.address"
    assert connected == []


def test_a_configured_loopback_url_may_be_fetched(feed_server: FeedServer, fast: FeedSettings) -> None:
    feed_server.routes["/feed.json"] = lambda h: (200, {"Content-Type": "application/json"}, GOOD_FEED)
    assert fetch_feed(feed_server.url("/feed.json"), settings=fast).body == GOOD_FEED


def _drip_body(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(GOOD_FEED)))
    handler.end_headers()
    for byte in GOOD_FEED:
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:
            break
        time.sleep(2)
    return -1, {}, b""


def _drip_headers(handler):
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 1000:
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:
            break
        time.sleep(2)
    return -1, {}, b""


@pytest.mark.parametrize("route", [_drip_body, _drip_headers], ids=["body", "headers"])
def test_a_server_dripping_a_byte_every_two_seconds_is_cut_off_at_the_deadline(
        sqlite_store: Engine, feed_server: FeedServer, route) -> None:
    feed_server.routes["/drip"] = route
    settings = FeedSettings(timeout=5.0, retries=2, backoff=0.01, deadline=3.0)  # each byte within the timeout
    started = time.monotonic()
    result = pull_feed(sqlite_store, feed_server.url("/drip"), actor="x", settings=settings, today=TODAY)
    assert time.monotonic() - started < 5.0
    assert result.status == "rejected"
    assert result.errors[0].key == "feed.error.deadline"
    assert "within 3.0 seconds" in result.errors[0].message("en")
    assert any("feed.import.rejected" in text for text in audited(sqlite_store))


DEEP = b"[" * 200_000 + b"]" * 200_000


def test_json_nested_200000_levels_is_a_clear_refusal_and_an_audit_entry(sqlite_store: Engine) -> None:
    result = ingest_feed(sqlite_store, DEEP, "deep.json", actor="x", today=TODAY)
    assert result.status == "rejected"
    message = result.errors[0].message("en")
    assert "nested too deeply" in message and "Recursion" not in message
    assert any("feed.import.rejected" in text for text in audited(sqlite_store))


def test_deep_json_pulled_from_a_server_too(sqlite_store: Engine, feed_server: FeedServer) -> None:
    feed_server.routes["/deep.json"] = lambda h: (200, {"Content-Type": "application/json"}, DEEP)
    settings = FeedSettings(timeout=2.0, max_bytes=1024 * 1024, retries=0)
    result = pull_feed(sqlite_store, feed_server.url("/deep.json"), actor="x", settings=settings, today=TODAY)
    assert result.status == "rejected" and result.errors[0].key == "feed.error.json_depth"


def test_the_cli_says_so_without_a_traceback(sqlite_store: Engine, tmp_path, capsys) -> None:
    from portfolio.cli import main
    from portfolio.cli.base import CommandContext
    from portfolio.config import Settings

    path = tmp_path / "deep.json"
    path.write_bytes(DEEP)
    code = main(["import-feed", str(path)], context=CommandContext(Settings.from_env(), _engine=sqlite_store))
    out = capsys.readouterr()
    assert code == 1
    assert "Recursion" not in out.out + out.err and "Traceback" not in out.out + out.err
    assert "for dybt" in out.out + out.err or "too deeply" in out.out + out.err
