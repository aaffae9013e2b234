"""Pull a feed over http(s): conditional GET, a timeout, a deadline, a size limit and a bounded retry.

Standard library only (http.client). A 304 answer is "not modified"; connection errors, timeouts and
5xx/429 answers are retried with exponential backoff; everything else fails at once with a
:class:`FetchFailed` carrying a :class:`Problem` for the user. A hostile or broken server is held to:

* redirects only within the configured URL's origin (scheme, host, port);
* loopback, link-local and private addresses only when the configured URL itself points there
  (checked on every connection, so a name that resolves elsewhere later is caught too);
* one wall-clock deadline over the whole fetch (``FUT_FEED_DEADLINE``), enforced by a watchdog that
  shuts the socket down, and a size limit while streaming;
* nothing it sends is quoted back: HTTP reasons are the standard phrases, a redirect target is shown
  as its origin only. Proxies from the environment are not used.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import http.client
import ipaddress
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from portfolio.feed.parse import Problem, excerpt
from portfolio.feed.settings import FeedSettings
from portfolio.refusal import Refused
from portfolio.text import clip

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


class FetchFailed(Refused):
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
        raise FetchFailed(Problem.of("feed.error.url_scheme", url=clip(redact_url(url), URL_SHOWN)))


MAX_REDIRECTS = 5
URL_SHOWN = 200  # a URL quoted in a problem


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def _shown_origin(url: str) -> str:
    """Where a redirect points, for a message: scheme, host and port only (never a path or query the server
    made up), CPR-masked and short."""
    scheme, host, port = _origin(url)
    return excerpt(f"{scheme}://{host}:{port}" if host else "?")


def _restricted(address: str) -> bool:
    """Loopback, link-local, private, reserved, multicast or unspecified: the server's own network."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_link_local or ip.is_private or ip.is_reserved or ip.is_multicast
            or ip.is_unspecified)


def _addresses(host: str, port: int) -> list[tuple[int, tuple]]:  # type: ignore[type-arg]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise _Retryable("feed.error.unreachable", error=_reason(error)) from None
    return [(family, sockaddr) for family, _, _, _, sockaddr in infos]


def _reason(error: BaseException) -> str:
    """Why a connection failed, in the operating system's words; never text the server sent."""
    if isinstance(error, OSError) and error.strerror:
        return excerpt(error.strerror)
    return type(error).__name__


class _Deadline:
    """The wall-clock limit on a whole fetch (every attempt, connect, headers and body). A watchdog shuts the
    open socket down when it passes, so a server that drips its headers or body a byte at a time cannot hold
    the fetch, whatever the per-operation timeout."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if not self.expired:
                return
        self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            raise _DeadlinePassed

    def cancel(self) -> None:
        self._timer.cancel()


class _DeadlinePassed(Exception):
    pass


class _Guard:
    """Opens the sockets of one fetch: only to the configured URL's origin, and to the server's own network
    (loopback, link-local, private addresses) only when the configured URL itself points there."""

    def __init__(self, url: str, deadline: _Deadline, timeout: float) -> None:
        _, host, port = _origin(url)
        self.origin = _origin(url)
        self.deadline = deadline
        self.timeout = timeout
        self.allow_restricted = any(_restricted(sockaddr[0]) for _, sockaddr in _addresses(host, port))

    def connect(self, host: str, port: int) -> socket.socket:
        last: BaseException | None = None
        for family, sockaddr in _addresses(host, port):
            if _restricted(sockaddr[0]) and not self.allow_restricted:
                raise FetchFailed(Problem.of("feed.error.address", url=excerpt(host)))
            self.deadline.check()
            sock = socket.socket(family, socket.SOCK_STREAM)
            self.deadline.watch(sock)
            sock.settimeout(max(0.01, min(self.timeout, self.deadline.remaining())))
            try:
                sock.connect(sockaddr)
            except OSError as error:
                sock.close()
                last = error
                continue
            return sock
        if isinstance(last, TimeoutError):
            raise last
        raise _Retryable("feed.error.unreachable", error=_reason(last) if last else "?")


class _Http(http.client.HTTPConnection):
    guard: _Guard

    def connect(self) -> None:
        self.sock = self.guard.connect(self.host, self.port)


class _Https(http.client.HTTPSConnection):
    guard: _Guard

    def connect(self) -> None:
        sock = self.guard.connect(self.host, self.port)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
        self.guard.deadline.watch(self.sock)


def _read_limited(response: http.client.HTTPResponse, url: str, max_bytes: int, deadline: _Deadline) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchFailed(Problem.of("feed.error.too_large", url=clip(redact_url(url), URL_SHOWN), limit=max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        deadline.check()
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            deadline.check()  # an end caused by the watchdog is the deadline, not the end of the feed
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:  # enforced while streaming: a lying or absent Content-Length changes nothing
            raise FetchFailed(Problem.of("feed.error.too_large", url=clip(redact_url(url), URL_SHOWN), limit=max_bytes))
        chunks.append(chunk)


def _headers(url: str, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity", "Connection": "close"}
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None:  # https://user:password@host/feed: HTTP Basic, to the same origin only
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _once(url: str, *, etag: str | None, last_modified: str | None, timeout: float, max_bytes: int,
          attempt: int, deadline: _Deadline) -> Fetched:
    guard = _Guard(url, deadline, timeout)
    headers = _headers(url, etag, last_modified)
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urllib.parse.urlsplit(current)
        connection_class = _Https if parts.scheme.lower() == "https" else _Http
        connection = connection_class(parts.hostname or "", parts.port, timeout=timeout)
        connection.guard = guard
        try:
            path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            deadline.check()
            status = response.status
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location") or ""
                target = urllib.parse.urljoin(current, location.strip())
                if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https") \
                        or _origin(target) != guard.origin:
                    raise FetchFailed(Problem.of("feed.error.redirect", url=clip(redact_url(url), URL_SHOWN),
                                                 target=_shown_origin(target)))
                current = target
                continue
            if status == 304:
                return Fetched(url, True, b"", response.headers.get("ETag") or etag,
                               response.headers.get("Last-Modified") or last_modified, None, utcnow(), attempt)
            reason = http.client.responses.get(status, "")  # the standard phrase: never the server's own words
            if status >= 500 or status == 429:
                raise _Retryable("feed.error.http_retry", status=status, reason=reason)
            if status >= 400 or status < 200 or status >= 300:
                raise FetchFailed(Problem.of("feed.error.http", url=clip(redact_url(url), URL_SHOWN), status=status,
                                             reason=reason))
            body = _read_limited(response, url, max_bytes, deadline)
            return Fetched(url, False, body, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                           response.headers.get("Content-Type"), utcnow(), attempt)
        except (FetchFailed, _Retryable, _DeadlinePassed):
            raise
        except TimeoutError:
            deadline.check()
            raise _Retryable("feed.error.timeout", timeout=timeout) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            deadline.check()
            raise _Retryable("feed.error.unreachable", error=_reason(error)) from None
        finally:
            connection.close()
    raise FetchFailed(Problem.of("feed.error.redirects", url=clip(redact_url(url), URL_SHOWN), limit=MAX_REDIRECTS))


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
    deadline = _Deadline(settings.deadline)
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                return _once(url, etag=etag, last_modified=last_modified, timeout=settings.timeout,
                             max_bytes=settings.max_bytes, attempt=attempt, deadline=deadline)
            except _Retryable as error:
                wait = settings.backoff * 2 ** (attempt - 1)
                if attempt > settings.retries or deadline.remaining() <= wait:
                    problem = Problem.of(error.key, url=clip(redact_url(url), URL_SHOWN), attempts=attempt,
                                         **error.values)
                    raise FetchFailed(problem) from None
                sleep(wait)
    except _DeadlinePassed:
        raise FetchFailed(Problem.of("feed.error.deadline", url=clip(redact_url(url), URL_SHOWN),
                                     deadline=settings.deadline, attempts=attempt)) from None
    finally:
        deadline.cancel()
