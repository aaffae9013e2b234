"""The app's own web routes and middleware, mounted in front of Streamlit's (serve.py, ``streamlit.starlette``).

- ``GET /healthz``: can this process reach its store at the schema it needs? 200 ``{"status": "ok"}`` or 503
  ``{"status": "unavailable"}``: nothing else, no data (for the proxy and for monitoring).
- ``POST /auth/session``: exchanges a one-time login ticket (issued by the script after a checked login) for the
  session cookie: a random token, HttpOnly, SameSite=Lax, Secure when the request came over TLS; only its hash is
  stored (portfolio/auth/sessions.py). Same-origin posts only.
- ``POST /auth/logout``: ends the cookie's session and deletes the cookie.
- Security headers on every HTTP answer: no framing by other sites (CSP ``frame-ancestors 'none'`` and
  ``X-Frame-Options: DENY``), ``nosniff``, ``Referrer-Policy: same-origin``.

No Streamlit here: this runs in the web server's threads, outside any script run.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portfolio.auth.login import session_hours
from portfolio.auth.sessions import COOKIE_NAME, active_session, redeem_ticket, revoke
from portfolio.config import Settings
from portfolio.db import make_engine, read_session, unit_of_work

log = logging.getLogger(__name__)

TICKET_PATH = "/auth/session"
LOGOUT_PATH = "/auth/logout"
HEALTH_PATH = "/healthz"
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)

_engine: Engine | None = None
_engine_lock = threading.Lock()
_mounted = False


def mounted() -> bool:
    """True in a process served through serve.py: the script may then hand out cookie logins."""
    return _mounted


def mount() -> None:
    """Called by serve.py: this process serves the routes, so the script may rely on them."""
    global _mounted
    _mounted = True


def engine() -> Engine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = make_engine(Settings.from_env().database_url)
        return _engine


# --- routes -------------------------------------------------------------------------------------------------


@functools.cache
def _needed_revision() -> str | None:
    from portfolio.schema import head_revision

    return head_revision()  # reads the migration scripts: once per process


def healthz(request: Request) -> Response:
    from portfolio.schema import current_revision

    headers = {"Cache-Control": "no-store"}
    try:
        ok = current_revision(engine()) == _needed_revision()
    except Exception as error:  # noqa: BLE001 - any failure to reach the store is "unavailable"
        log.warning("healthz: the store is unreachable: %s", type(error).__name__)
        ok = False
    if ok:
        return JSONResponse({"status": "ok"}, headers=headers)
    return JSONResponse({"status": "unavailable"}, status_code=503, headers=headers)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin:
        return urlsplit(origin).netloc == host
    return request.headers.get("sec-fetch-site") == "same-origin"


def _safe_next(value: Any) -> str:
    """Only a path on this site: never another origin (``//host``, ``http:``) or a header injection."""
    target = str(value or "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(c in target for c in "\r\n"):
        return "/"
    return target[:2000]


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


async def ticket_login(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Forbidden", status_code=403)
    form = await request.form()
    ticket, next_path = str(form.get("ticket") or ""), _safe_next(form.get("next"))
    hours = session_hours()

    def redeem() -> str | None:
        with unit_of_work(engine()) as session:
            return redeem_ticket(session, ticket, hours=hours)

    from starlette.concurrency import run_in_threadpool

    token = await run_in_threadpool(redeem)
    response = RedirectResponse(next_path, status_code=303)
    if token is not None:
        response.set_cookie(COOKIE_NAME, token, max_age=int(hours * 3600), path="/", httponly=True,
                            samesite="lax", secure=_secure(request))
    return response


async def logout(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Forbidden", status_code=403)
    token = request.cookies.get(COOKIE_NAME)

    def end() -> None:
        with read_session(engine()) as session:
            current = active_session(session, token)
        if current is not None:
            with unit_of_work(engine()) as session:
                revoke(session, current.id, actor=current.username, reason="logout")

    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(end)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def routes() -> list[Route]:
    return [
        Route(HEALTH_PATH, healthz, methods=["GET", "HEAD"]),
        Route(TICKET_PATH, ticket_login, methods=["POST"]),
        Route(LOGOUT_PATH, logout, methods=["POST"]),
    ]


# --- middleware ---------------------------------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP answer that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PageLanguageMiddleware:
    """index.html with ``<html lang>`` in the chosen language (``?lang=en``: English; otherwise Danish), #19.

    The sidebar keeps the language in the URL, so every load and reload of a page gets the right attribute from
    the first paint. A switch of language inside a session is followed at once by ui/page_language.py's script.

    Only an uncompressed HTML answer whose document starts ``<html lang="en">`` (Streamlit's own) is rewritten;
    anything else passes untouched.
    """

    SOURCE = b'<html lang="en">'

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        from urllib.parse import parse_qs

        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        code = b"en" if query.get("lang", ["da"])[-1] == "en" else b"da"
        # One file, two languages: no "not modified" answers from a cached copy in the other language.
        scope = {**scope, "headers": [(name, value) for name, value in scope.get("headers", [])
                                      if name.lower() not in (b"if-none-match", b"if-modified-since")]}
        start: Message | None = None
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {name.lower(): value for name, value in message.get("headers", [])}
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start = message  # held until the whole body is here
                    return
                await send(message)
                return
            if start is None:
                await send(message)
                return
            if message["type"] != "http.response.body":  # e.g. a file sent by path: passed on as it is
                await send(start)
                start = None
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            head = body[:4000]  # Streamlit's index.html opens with a licence comment, then the doctype
            if b"<!doctype html>" in head.lower() and self.SOURCE in head:
                body = body.replace(self.SOURCE, b'<html lang="' + code + b'">', 1)
            headers = [(name, value) for name, value in start.get("headers", [])
                       if name.lower() not in (b"content-length", b"etag", b"last-modified")]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


def middleware() -> list[Middleware]:
    return [Middleware(SecurityHeadersMiddleware), Middleware(PageLanguageMiddleware)]
