"""The data version is read once per script run (ui/state.py), yet a write is seen at once in the same run and at
the next run when another process (here: another engine) wrote it."""

from __future__ import annotations

from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from portfolio import audit
from portfolio.db import unit_of_work


def _script() -> None:
    import streamlit as st

    from portfolio import audit
    from portfolio.db import data_version, unit_of_work
    from ui.state import cached_query, current_data_version, get_engine

    def events(session, tag):  # noqa: ANN001, ANN202 - a query as pages pass them
        return data_version(session)

    first = cached_query(events, "a")
    again = cached_query(events, "a")
    st.text(f"same:{first == again == current_data_version()}")
    if st.session_state.get("write"):
        with unit_of_work(get_engine()) as session:  # a write in this run, through the app's engine
            audit.record(session, actor="admin", action="test.write")
        st.text(f"after:{cached_query(events, 'a') > first}")
    st.text(f"version:{first}")


def test_one_version_read_per_run_and_writes_seen(sqlite_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", str(sqlite_engine.url))
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(sqlite_engine.__class__, "before_cursor_execute", listener)
    try:
        at = AppTest.from_function(_script, default_timeout=60)
        at.run()
        assert not at.exception and at.text[0].value == "same:True"
        statements.clear()
        at.run()  # warm: the version once, the query from the cache
        assert sum("audit_event" in s for s in statements) == 1, statements
        version = int(at.text[-1].value.split(":")[1])
        at.session_state["write"] = True
        at.run()
        assert at.text[1].value == "after:True"
        with unit_of_work(sqlite_engine) as session:  # another process's write: seen at the next run
            audit.record(session, actor="admin", action="test.elsewhere")
        at.session_state["write"] = False
        at.run()
        assert int(at.text[-1].value.split(":")[1]) >= version + 2
    finally:
        event.remove(sqlite_engine.__class__, "before_cursor_execute", listener)
