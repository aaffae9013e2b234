"""The login gate in app.py: nothing of the portfolio before login; local login, throttling, logout, expiry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portfolio.auth.accounts import set_active
from portfolio.db import make_engine, read_session, unit_of_work
from portfolio.models import AuditEvent
from tests.support.accounts import TEST_PASSWORD
from tests.support.login import log_in
from ui.auth import SESSION_KEY, session_state_for

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LANDSDELE = ("Nord", "Midt", "Syd", "Hovedstaden", "Sjælland")


def fresh_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    # AppTest's first run has no page yet; later runs carry the default page, and widget ids include the page,
    # so a value set after the first run would miss its widget. A browser's first run already has its page.
    at.run()
    at.run()
    assert not at.exception, at.exception
    return at


def everything_shown(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "header", "markdown", "caption", "text", "info", "warning",
                                  "error", "success") for e in getattr(at, kind)]
    parts += [e.label for e in at.metric]
    return "\n".join(str(p) for p in parts)


def submit(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    [button] = [b for b in at.button if b.label in ("Log ind", "Log in")]
    button.click().run()
    assert not at.exception, at.exception
    return at


def audit_actions(url: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    with read_session(engine) as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.actor).where(AuditEvent.action.like("auth.%"))
                               .order_by(AuditEvent.id)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_no_portfolio_data_before_login(demo_db_url):
    at = fresh_app()
    assert [w.label for w in at.text_input] == ["Brugernavn", "Adgangskode"]
    assert at.text_input(key="login_password").proto.type == at.text_input(key="login_password").proto.PASSWORD
    assert [b.label for b in at.button] == ["Log ind"]
    shown = everything_shown(at)
    assert not any(name in shown for name in LANDSDELE), shown
    assert "DEMODATA" not in shown
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric
    assert not [e for e in at.sidebar if getattr(e, "key", None) in ("w_landsdele", "w_programme")]


def test_login_form_in_english(demo_db_url):
    at = fresh_app()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert [w.label for w in at.text_input] == ["Username", "Password"]
    assert [b.label for b in at.button] == ["Log in"]


def test_log_in_as_nord_then_log_out(demo_db_url):
    at = submit(fresh_app(), "nord", TEST_PASSWORD)
    assert at.title[0].value == "Overblik: Telemedicin til borgere med KOL"
    assert "Logget ind som Landsdel Nord · Landsdelsredaktør" in [c.value for c in at.sidebar.caption]
    assert at.session_state[SESSION_KEY]["username"] == "nord"
    [logout] = [b for b in at.sidebar.button if b.label == "Log ud"]
    logout.click().run()
    assert SESSION_KEY not in at.session_state
    at.switch_page("pages/overview.py").run()  # the default page again: the app runs app.py, which shows the login
    assert [w.label for w in at.text_input] == ["Brugernavn", "Adgangskode"]
    assert not any(name in everything_shown(at) for name in LANDSDELE)
    assert audit_actions(demo_db_url)[-2:] == [("auth.login", "nord"), ("auth.logout", "nord")]


def test_wrong_password_shows_nothing_and_failures_are_throttled(demo_db_url):
    at = submit(fresh_app(), "syd", "wrong password")
    assert [e.value for e in at.error] == ["Forkert brugernavn eller adgangskode."]
    for _ in range(4):
        submit(at, "syd", "wrong password")
    assert at.error[0].value.startswith("For mange forkerte forsøg. Prøv igen efter ")
    submit(at, "syd", TEST_PASSWORD)  # locked: even the right password is refused now
    assert at.error[0].value.startswith("For mange forkerte forsøg.")
    assert SESSION_KEY not in at.session_state
    assert not any(name in everything_shown(at) for name in LANDSDELE)
    assert [a for a, _ in audit_actions(demo_db_url)] == ["auth.login_failed"] * 5 + ["auth.locked",
                                                                                      "auth.login_failed"]


def test_user_typed_text_is_not_rendered_as_markup(demo_db_url):
    at = submit(fresh_app(), "<img src=x onerror=alert(1)>", "**bold** password")
    assert all("<img" not in e.value for e in at.error)
    assert not any("<img" in str(getattr(e, "value", "")) for e in at.markdown)


def test_an_expired_session_asks_for_login_again(demo_db_url):
    at = AppTest.from_file(APP, default_timeout=60)
    log_in(at, "viewer")
    at.session_state[SESSION_KEY] = session_state_for("viewer", since=dt.datetime.now(dt.UTC).replace(tzinfo=None)
                                                      - dt.timedelta(hours=9))
    at.run()
    assert [i.value for i in at.info] == ["Sessionen er udløbet. Log ind igen."]
    assert [w.label for w in at.text_input] == ["Brugernavn", "Adgangskode"]
    assert audit_actions(demo_db_url)[-1] == ("auth.logout", "viewer")


def test_a_deactivated_account_is_logged_out_at_the_next_run(demo_db_url):
    at = AppTest.from_file(APP, default_timeout=60)
    log_in(at, "midt").run()
    assert at.title[0].value.startswith("Overblik")
    engine = make_engine(demo_db_url)
    with unit_of_work(engine) as session:
        set_active(session, actor="admin", username="midt", active=False)
    engine.dispose()
    again = AppTest.from_file(APP, default_timeout=60)  # the same login state, at the next run of app.py
    again.session_state[SESSION_KEY] = at.session_state[SESSION_KEY]
    at = again
    at.run()
    assert [w.label for w in at.text_input] == ["Brugernavn", "Adgangskode"]


def test_a_store_without_accounts_says_how_to_create_the_admin(empty_db_url):
    at = fresh_app()
    assert "portfolio init" in at.warning[0].value


def test_a_cpr_number_typed_as_the_username_is_neither_echoed_nor_stored(demo_db_url):
    """#13: the login form is open to anyone; what is typed there reaches the audit log masked only."""
    at = fresh_app()
    for typed in ("070761-4285", "07.07.61 \u2013 4285"):
        submit(at, typed, "some-wrong-password")
        assert "4285" not in everything_shown(at)
    actors = [actor for action, actor in audit_actions(demo_db_url) if action == "auth.login_failed"]
    assert actors == ["0707**-****", "0707**-****"]
