"""Pulling feeds from a real HTTP server on loopback: 200/ETag, 304, 500, timeout, oversized, malformed, unknown."""

from __future__ import annotations

import time

import pytest  # noqa: I001
from sqlalchemy import Engine, select

from portfolio.db import read_session
from portfolio.feed.fetch import FetchFailed, fetch_feed
from portfolio.feed.service import pull_feed
from portfolio.feed.settings import FeedSettings
from portfolio.models import AuditEvent, ComponentStatus, FeedSource
from tests.feed.conftest import GOOD_FEED, TODAY, FeedServer, entry, feed_json


def conditional(body: bytes, etag: str = '"v1"', last_modified: str = "Mon, 01 May 2023 08:00:00 GMT"):
    def route(handler):
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/json", "ETag": etag, "Last-Modified": last_modified}, body
    return route


def count(engine: Engine) -> int:
    with read_session(engine) as session:
        return len(session.scalars(select(ComponentStatus.id)).all())


def source_row(engine: Engine, url: str) -> FeedSource | None:
    with read_session(engine) as session:
        return session.scalar(select(FeedSource).where(FeedSource.url == url))


def rejected_audits(engine: Engine) -> list[AuditEvent]:
    with read_session(engine) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "feed.import.rejected")))


def test_normal_200_then_304_with_etag(store: Engine, feed_server: FeedServer, fast: FeedSettings) -> None:
    feed_server.routes["/feed.json"] = conditional(GOOD_FEED)
    url = feed_server.url("/feed.json")
    first = pull_feed(store, url, actor="cron", settings=fast, today=TODAY)
    assert (first.status, first.new_entries) == ("imported", 3)
    assert feed_server.requests[0][1].get("If-None-Match") is None
    row = source_row(store, url)
    assert row is not None and (row.etag, row.last_modified) == ('"v1"', "Mon, 01 May 2023 08:00:00 GMT")
    with read_session(store) as session:
        sources = set(session.scalars(select(ComponentStatus.source)))
    assert sources == {url}

    second = pull_feed(store, url, actor="cron", settings=fast, today=TODAY)
    assert (second.status, second.new_entries, second.not_modified) == ("unchanged", 0, True)
    headers = feed_server.requests[1][1]
    assert headers.get("If-None-Match") == '"v1"'
    assert headers.get("If-Modified-Since") == "Mon, 01 May 2023 08:00:00 GMT"
    assert count(store) == 3


def test_same_content_without_validators_is_unchanged(sqlite_store: Engine, feed_server: FeedServer,
                                                       fast: FeedSettings) -> None:
    feed_server.routes["/plain"] = lambda h: (200, {"Content-Type": "application/json"}, GOOD_FEED)
    url = feed_server.url("/plain")
    assert pull_feed(sqlite_store, url, actor="x", settings=fast, today=TODAY).status == "imported"
    again = pull_feed(sqlite_store, url, actor="x", settings=fast, today=TODAY)
    assert (again.status, again.new_entries, again.not_modified) == ("unchanged", 0, False)
    assert count(sqlite_store) == 3


def test_500_is_retried_then_refused(sqlite_store: Engine, feed_server: FeedServer, fast: FeedSettings) -> None:
    feed_server.routes["/broken"] = lambda h: (500, {}, b"oops")
    waits: list[float] = []
    url = feed_server.url("/broken")
    result = pull_feed(sqlite_store, url, actor="x", settings=fast, today=TODAY, sleep=waits.append)
    assert result.status == "rejected" and feed_server.hits("/broken") == 3
    assert waits == [0.01, 0.02]  # bounded, with exponential backoff
    assert result.as_json("en")["errors"] == [
        {"entry": None, "field": None, "message": f"{url} answered HTTP 500 Internal Server Error after 3 attempts."}]
    assert count(sqlite_store) == 0
    assert rejected_audits(sqlite_store)[0].detail["url"] == url
    row = source_row(sqlite_store, url)
    assert row is not None and row.etag is None and row.last_outcome.startswith("rejected")


def test_500_then_success_recovers(sqlite_store: Engine, feed_server: FeedServer, fast: FeedSettings) -> None:
    answers = iter([(503, {}, b"busy"), (200, {"Content-Type": "application/json"}, GOOD_FEED)])
    feed_server.routes["/flaky"] = lambda h: next(answers)
    result = pull_feed(sqlite_store, feed_server.url("/flaky"), actor="x", settings=fast, today=TODAY,
                       sleep=lambda s: None)
    assert (result.status, result.new_entries) == ("imported", 3)


def test_404_is_not_retried(feed_server: FeedServer, fast: FeedSettings) -> None:
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(feed_server.url("/missing"), settings=fast, sleep=lambda s: None)
    assert failed.value.problem.message("en").endswith("answered HTTP 404 Not Found.")
    assert feed_server.hits("/missing") == 1


def test_timeout(sqlite_store: Engine, feed_server: FeedServer) -> None:
    def slow(handler):
        time.sleep(1.0)
        return 200, {}, GOOD_FEED
    feed_server.routes["/slow"] = slow
    settings = FeedSettings(timeout=0.3, retries=1, backoff=0.0)
    started = time.monotonic()
    result = pull_feed(sqlite_store, feed_server.url("/slow"), actor="x", settings=settings, today=TODAY)
    assert time.monotonic() - started < 2.0
    assert result.status == "rejected"
    expected = f"{feed_server.url('/slow')} did not answer within 0.3 seconds (2 attempts)."
    assert result.errors[0].message("en") == expected
    assert count(sqlite_store) == 0


def test_oversized_body_declared_and_streamed(sqlite_store: Engine, feed_server: FeedServer,
                                              fast: FeedSettings) -> None:
    big = feed_json(*[entry(note="x" * 1000) for _ in range(100)])  # ~110 KB > 64 KiB
    feed_server.routes["/big"] = lambda h: (200, {"Content-Type": "application/json"}, big)

    def no_length(handler):  # no Content-Length: the limit must hold while streaming
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for start in range(0, len(big), 8192):
            handler.wfile.write(big[start:start + 8192])
        return -1, {}, b""
    feed_server.routes["/stream"] = no_length

    for path in ("/big", "/stream"):
        result = pull_feed(sqlite_store, feed_server.url(path), actor="x", settings=fast, today=TODAY)
        assert result.status == "rejected"
        assert result.errors[0].message("en") == (
            f"The feed from {feed_server.url(path)} is larger than the limit of 65536 bytes.")
        assert feed_server.hits(path) == 1  # not retried
    assert count(sqlite_store) == 0


def test_malformed_json_is_refused_and_fetched_again_next_time(sqlite_store: Engine, feed_server: FeedServer,
                                                               fast: FeedSettings) -> None:
    feed_server.routes["/bad.json"] = conditional(b'{"entries": [', etag='"bad"')
    url = feed_server.url("/bad.json")
    result = pull_feed(sqlite_store, url, actor="x", settings=fast, today=TODAY)
    assert result.status == "rejected"
    assert result.errors[0].message("en").startswith("The feed is not valid JSON")
    row = source_row(sqlite_store, url)
    assert row is not None and row.etag is None  # a refused feed does not move the ETag on
    again = pull_feed(sqlite_store, url, actor="x", settings=fast, today=TODAY)
    assert again.status == "rejected" and feed_server.requests[-1][1].get("If-None-Match") is None


def test_unknown_component_is_refused(store: Engine, feed_server: FeedServer, fast: FeedSettings) -> None:
    feed_server.routes["/unknown"] = conditional(feed_json(entry("KAM"), entry("Fjernkonsultation")))
    result = pull_feed(store, feed_server.url("/unknown"), actor="x", settings=fast, today=TODAY)
    assert result.status == "rejected"
    assert [(e["entry"], e["field"]) for e in result.as_json("en")["errors"]] == [(2, "component")]
    assert 'Unknown component "Fjernkonsultation"' in result.errors[0].message("en")
    assert count(store) == 0


def test_unreachable_and_bad_scheme(sqlite_store: Engine, fast: FeedSettings) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = pull_feed(sqlite_store, f"http://127.0.0.1:{port}/feed", actor="x", settings=fast,
                       sleep=lambda s: None)
    assert result.status == "rejected"
    assert "cannot be reached after 3 attempts" in result.errors[0].message("en")
    scheme = pull_feed(sqlite_store, "file:///etc/passwd", actor="x", settings=fast)
    assert scheme.errors[0].message("en") == "Only http and https URLs can be pulled: file:///etc/passwd"
    assert source_row(sqlite_store, "file:///etc/passwd") is None


def test_credentials_in_the_url_are_not_stored(sqlite_store: Engine, feed_server: FeedServer,
                                               fast: FeedSettings) -> None:
    feed_server.routes["/feed.json"] = conditional(GOOD_FEED)
    secret = feed_server.url("/feed.json").replace("http://", "http://user:s3cret@")
    assert pull_feed(sqlite_store, secret, actor="x", settings=fast, today=TODAY).status == "imported"
    with read_session(sqlite_store) as session:
        stored = list(session.scalars(select(ComponentStatus.source))) + [
            str(e.detail) + e.target for e in session.scalars(select(AuditEvent))]
        stored += list(session.scalars(select(FeedSource.url)))
    assert not any("s3cret" in text for text in stored)
    assert feed_server.requests[0][1]["Authorization"] == "Basic dXNlcjpzM2NyZXQ="
