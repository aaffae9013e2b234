"""The script's side of the login cookie (portfolio/auth/sessions.py, routes in ui/web.py).

A run with no login in this browser tab takes it from the cookie, if the cookie's session is valid; a run with a
cookie login checks that its session still runs, so a logout, a new password, a deactivation or "log out
everywhere" ends it in every tab at the next interaction. After a checked login the script cannot set a cookie
itself: it posts a one-time ticket to the server's route, which sets it and brings the browser back to its page.
"""

from __future__ import annotations

import html

import streamlit as st

from portfolio.auth.sessions import (
    COOKIE_NAME,
    active_session,
    issue_ticket,
    revoke,
    revoke_all,
    session_is_valid,
)
from portfolio.db import read_session, unit_of_work
from ui import web
from ui.state import get_engine

SID = "sid"  # the login session's id in st.session_state[ui.auth.SESSION_KEY]


def enabled() -> bool:
    """Cookie logins need the app's own routes, i.e. the app served by serve.py (not AppTest, not app.py alone)."""
    return web.mounted()


def restore() -> dict[str, object] | None:
    """This tab's login from the cookie's session, as ui.auth keeps it in the session state; None without one."""
    if not enabled():
        return None
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no request context (e.g. a test harness)
        return None
    if not token:
        return None
    with read_session(get_engine()) as session:
        current = active_session(session, token)
    if current is None:
        return None
    return {"username": current.username, "since": current.created_at.isoformat(), "method": current.method,
            SID: current.id}


def still_valid(state: dict) -> bool:
    """False when the cookie session behind this tab's login has ended (revoked, expired, account off)."""
    session_id = state.get(SID)
    if session_id is None:
        return True
    with read_session(get_engine()) as session:
        return session_is_valid(session, int(session_id))


def end(state: dict, *, reason: str) -> None:
    session_id = state.get(SID)
    if session_id is not None:
        with unit_of_work(get_engine()) as session:
            revoke(session, int(session_id), actor=str(state["username"]), reason=reason)


def end_everywhere(username: str) -> None:
    with unit_of_work(get_engine()) as session:
        revoke_all(session, username, actor=username, reason="logout_everywhere")


def hand_out(username: str, *, method: str = "local") -> None:
    """After a checked login: have the browser fetch the session cookie, then come back to this page.

    Ends the script run when it does (the page reloads); returns when cookie logins are off.
    """
    if not enabled():
        return
    with unit_of_work(get_engine()) as session:
        ticket = issue_ticket(session, username=username, method=method)
    st.html(
        f'<form id="portfolio-ticket" method="post" action="{web.TICKET_PATH}" style="display:none">'
        f'<input type="hidden" name="ticket" value="{html.escape(ticket)}">'
        '<input type="hidden" name="next" value="/"></form>'
        "<script>(function () {"
        " var form = document.getElementById('portfolio-ticket');"
        " form.elements.next.value = window.location.pathname + window.location.search;"
        " form.submit(); })();</script>",
        unsafe_allow_javascript=True,
    )
    st.stop()
