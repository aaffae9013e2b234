"""The login gate, called by app.py before any page runs: nothing of the portfolio is drawn before login.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` the login is OpenID Connect (``st.login``) and the
identity is matched to an account by e-mail; otherwise it is a local form against the accounts in the store.
A login lasts ``SESSION_HOURS`` (default 8). The role is read from the store on every run, so a changed
role or a deactivated account applies at once. The checks that matter are in ``portfolio/``; this only
decides what to draw.
"""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import streamlit as st

from portfolio.auth.accounts import AccountInfo
from portfolio.auth.login import (
    authenticate,
    current_account,
    has_accounts,
    oidc_login,
    record_logout,
    session_expired,
    utcnow,
)
from portfolio.auth.throttle import client_address
from portfolio.i18n import t
from ui import session_cookie
from ui.language import current_language, language_switch
from ui.media import forget_session_downloads
from ui.render import literal
from ui.state import current_data_version, get_engine

SESSION_KEY = "auth_session"  # {"username", "since" (ISO, UTC), "method": "local" | "oidc"}
ACCOUNT_KEY = "auth_account"  # the logged-in account as plain data (AccountInfo), refreshed on every run
_NOTICE_KEY = "auth_notice"
_CHECKED_KEY = "auth_checked"  # (data version, login, when): the account and its session checked against the store
_RECHECK_AFTER = dt.timedelta(minutes=1)  # a cookie session's expiry in the store is time, not a write
_OIDC_REFUSED_KEY = "auth_oidc_refused"
_OIDC_LOGOUT_KEY = "auth_oidc_logout"


def session_state_for(username: str, *, method: str = "local", since: dt.datetime | None = None) -> dict[str, str]:
    """What a successful login stores in the session (tests seed it the same way)."""
    return {"username": username, "since": (since or utcnow()).isoformat(), "method": method}


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: local login
        return False


def require_login(lang: str) -> AccountInfo:
    """The logged-in account; otherwise draw the login and stop the script run here."""
    account = _valid_account()
    if account is None:
        _login(lang)
    return account


def logged_in_account() -> AccountInfo | None:
    """The logged-in account, or None; draws nothing."""
    return _valid_account()


def current_user() -> AccountInfo:
    """The logged-in account, for pages (who acts). A page reached without a valid login draws the login only."""
    account = _valid_account()
    if account is None:
        _login(current_language())
    return account


def _valid_account() -> AccountInfo | None:
    """The account of this session's login when it has not expired and the account is still active."""
    if st.session_state.pop(_OIDC_LOGOUT_KEY, False) and _oidc_logged_in():
        st.logout()  # also forget the identity provider's login (Streamlit's identity cookie)
    state = st.session_state.get(SESSION_KEY) or session_cookie.restore()  # a reload: the login cookie
    if not state:
        st.session_state.pop(ACCOUNT_KEY, None)
        return None
    st.session_state[SESSION_KEY] = state
    if not session_expired(dt.datetime.fromisoformat(state["since"])) and _checked_at_this_version(state):
        return st.session_state[ACCOUNT_KEY]
    return _check_account(state)


def _checked_at_this_version(state: dict) -> bool:
    """True when this login was checked against the store at the current data version within the last minute.

    Logout, a new password, a deactivation and "log out everywhere" are all writes (each appends an audit event),
    so they change the data version and the next interaction checks again, in this process or another.
    """
    checked = st.session_state.get(_CHECKED_KEY)
    if not checked or ACCOUNT_KEY not in st.session_state:
        return False
    version, login, when = checked
    return (version == current_data_version() and login == (state["username"], state.get(session_cookie.SID))
            and dt.datetime.now(dt.UTC) - when < _RECHECK_AFTER)


def _check_account(state: dict) -> AccountInfo | None:
    if session_expired(dt.datetime.fromisoformat(state["since"])):
        st.session_state[_NOTICE_KEY] = "auth.login.expired"
        account, reason = None, "expired"
    elif not session_cookie.still_valid(state):  # ended elsewhere: another tab, an admin, a new password
        st.session_state[_NOTICE_KEY] = "svc.session.ended"
        account, reason = None, "revoked"
    else:
        account, reason = current_account(get_engine(), state["username"]), "inactive"
    if account is None:
        _end_session(state, reason=reason)
        if st.session_state.pop(_OIDC_LOGOUT_KEY, False) and _oidc_logged_in():
            st.logout()
        return None
    st.session_state[ACCOUNT_KEY] = account
    st.session_state[_CHECKED_KEY] = (current_data_version(), (state["username"], state.get(session_cookie.SID)),
                                      dt.datetime.now(dt.UTC))
    return account


def _login(lang: str) -> NoReturn:
    if oidc_configured():
        _oidc_gate(lang)
    else:
        _login_form(lang)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the run


def _end_session(state: dict[str, str], *, reason: str) -> None:
    session_cookie.end(state, reason=reason)
    record_logout(get_engine(), state["username"], reason=reason)
    forget_session_downloads()  # a download link copied before logging out stops working (#13)
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(ACCOUNT_KEY, None)
    if state.get("method") == "oidc":
        st.session_state[_OIDC_LOGOUT_KEY] = True


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - st.user needs the [auth] configuration
        return False


def sidebar_account(lang: str, account: AccountInfo) -> None:
    """Who is logged in (``account``, as the shared sidebar read it at the start of this run), and the logout
    button, in the sidebar."""
    state = st.session_state[SESSION_KEY]
    with st.sidebar:
        st.divider()
        st.caption(t("auth.signed_in_as", lang, name=literal(account.name),
                     role=t(f"auth.role.{account.role.value}", lang)))
        st.button(t("auth.logout", lang), key="auth_logout", icon=":material/logout:", on_click=_end_session,
                  args=(state,), kwargs={"reason": "logout"})
        if session_cookie.enabled():
            st.button(t("svc.session.logout_everywhere", lang), key="auth_logout_everywhere",
                      on_click=_end_everywhere, args=(state,))


def _end_everywhere(state: dict[str, str]) -> None:
    session_cookie.end_everywhere(state["username"])
    _end_session(state, reason="logout_everywhere")


def _notice(lang: str) -> None:
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.info(t(notice, lang))


def _login_form(lang: str) -> None:
    lang = language_switch(lang)
    st.title(t("app.title", lang))
    _notice(lang)
    st.caption(t("auth.login.intro", lang))
    engine = get_engine()
    if not has_accounts(engine):
        st.warning(t("auth.login.no_accounts", lang))
    with st.form("login_form", clear_on_submit=True, enter_to_submit=True):
        st.header(t("auth.login.title", lang))
        username = st.text_input(t("auth.login.username", lang), key="login_username", autocomplete="username")
        password = st.text_input(t("auth.login.password", lang), type="password", key="login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.login.submit", lang), type="primary")
    if submitted:
        result = authenticate(engine, username, password, client=_client_address())
        if result.ok and result.account is not None:
            st.session_state[SESSION_KEY] = session_state_for(result.account.username)
            session_cookie.hand_out(result.account.username)  # served by serve.py: the login survives a reload
            st.rerun()
        st.error(result.message(lang))  # the login messages never quote what was typed


def _client_address() -> str:
    """Who is knocking, for the per-client login throttle (portfolio.auth.throttle decides what to believe)."""
    try:
        return client_address(st.context.ip_address, dict(st.context.headers))
    except Exception:  # noqa: BLE001 - no request context (tests, a bare script run): one shared "unknown" client
        return client_address(None)


def _oidc_gate(lang: str) -> None:
    lang = language_switch(lang)
    st.title(t("app.title", lang))
    _notice(lang)
    if not _oidc_logged_in():
        st.caption(t("auth.login.intro", lang))
        if st.button(t("auth.login.oidc_button", lang), type="primary", key="auth_oidc_login"):
            st.login()
        return
    email = str(st.user.get("email") or "")
    if st.session_state.get(_OIDC_REFUSED_KEY) != email:  # audit a refused identity once per session
        result = oidc_login(get_engine(), email, subject=str(st.user.get("sub") or ""))
        if result.ok and result.account is not None:
            st.session_state[SESSION_KEY] = session_state_for(result.account.username, method="oidc")
            st.rerun()
        st.session_state[_OIDC_REFUSED_KEY] = email
    st.warning(t("auth.login.no_account", lang, email=email))
    if st.button(t("auth.logout", lang), key="auth_oidc_logout"):
        st.session_state.pop(_OIDC_REFUSED_KEY, None)
        st.logout()
