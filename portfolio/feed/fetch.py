"""Pull a feed over http(s): conditional GET, a timeout, a size limit and a bounded retry.

Standard library only (urllib). A 304 answer is "not modified"; connection errors,
timeouts and 5xx/429 answers are retried with exponential backoff; everything else
fails at once with a :class:`FetchFailed` carrying a :class:`Problem` for the user.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from portfolio.feed.parse import Problem
from portfolio.feed.settings import FeedSettings

CHUNK = 64 * 1024
USER_AGENT = "telemed-portfolio-feed/1 (+https://github.com/)"
ACCEPT = (
    "application/json, text/csv;q=0.9, "
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;q=0.9, */*;q=0.1"
)


@dataclass(frozen=True)
class Fetched:
    url: str
    not_modified: bool
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None
    fetched_at: dt.datetime  # naive UTC, as the store keeps times
    attempts: int


class FetchFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


class _Retryable(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def is_url(text: str) -> bool:
    return urllib.parse.urlsplit(text).scheme.lower() in ("http", "https")


def redact_url(url: str) -> str:
    """The URL without user and password, for messages, the audit log and ComponentStatus.source."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchFailed(Problem.of("feed.error.url_scheme", url=redact_url(url)[:200]))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchFailed(Problem.of("feed.error.redirect", url=redact_url(req.full_url)[:200],
                                         target=redact_url(newurl)[:200]))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_HttpOnlyRedirects())


def _read_limited(response: http.client.HTTPResponse, url: str, max_bytes: int, deadline: float,
                  timeout: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchFailed(Problem.of("feed.error.too_large", url=redact_url(url)[:200], limit=max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:  # enforced while streaming: a lying or absent Content-Length changes nothing
            raise FetchFailed(Problem.of("feed.error.too_large", url=redact_url(url)[:200], limit=max_bytes))
        if time.monotonic() > deadline:  # a server dripping bytes must not hold us forever
            raise _Retryable("feed.error.timeout", timeout=timeout)
        chunks.append(chunk)


def _once(url: str, *, etag: str | None, last_modified: str | None, timeout: float, max_bytes: int,
          attempt: int) -> Fetched:
    request = urllib.request.Request(redact_url(url), headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None:  # https://user:password@host/feed: HTTP Basic, never sent on to a redirect
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    deadline = time.monotonic() + max(3 * timeout, timeout + 5)
    try:
        response = _opener().open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        with error:
            if error.code == 304:
                return Fetched(url, True, b"", error.headers.get("ETag") or etag,
                               error.headers.get("Last-Modified") or last_modified,
                               None, utcnow(), attempt)
            reason = error.reason if isinstance(error.reason, str) and error.reason else ""
            reason = reason or http.client.responses.get(error.code, "")
            if error.code >= 500 or error.code == 429:
                raise _Retryable("feed.error.http_retry", status=error.code, reason=reason) from None
            raise FetchFailed(
                Problem.of("feed.error.http", url=redact_url(url)[:200], status=error.code, reason=reason)
            ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _Retryable("feed.error.timeout", timeout=timeout) from None
        raise _Retryable("feed.error.unreachable", error=str(error.reason)[:200]) from None
    except TimeoutError:
        raise _Retryable("feed.error.timeout", timeout=timeout) from None
    except (OSError, http.client.HTTPException) as error:
        raise _Retryable("feed.error.unreachable", error=(str(error) or type(error).__name__)[:200]) from None
    with response:
        try:
            body = _read_limited(response, url, max_bytes, deadline, timeout)
        except TimeoutError:
            raise _Retryable("feed.error.timeout", timeout=timeout) from None
        except (OSError, http.client.HTTPException) as error:
            raise _Retryable("feed.error.unreachable", error=(str(error) or type(error).__name__)[:200]) from None
        return Fetched(url, False, body, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                       response.headers.get("Content-Type"), utcnow(), attempt)


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    settings: FeedSettings | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Fetched:
    """GET the feed, conditionally. Raises FetchFailed with a user-facing problem."""
    settings = settings or FeedSettings()
    check_url(url)
    attempt = 0
    while True:
        attempt += 1
        try:
            return _once(url, etag=etag, last_modified=last_modified, timeout=settings.timeout,
                         max_bytes=settings.max_bytes, attempt=attempt)
        except _Retryable as error:
            if attempt > settings.retries:
                problem = Problem.of(error.key, url=redact_url(url)[:200], attempts=attempt, **error.values)
                raise FetchFailed(problem) from None
            sleep(settings.backoff * 2 ** (attempt - 1))
