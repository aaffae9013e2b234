"""The audit log page (/audit): admins only (listed and enforced), filters, export that is itself audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portfolio.auth.audit_log import AuditFilter, export_audit_log, read_audit_log
from portfolio.auth.login import authenticate
from portfolio.auth.permissions import PermissionDenied
from portfolio.db import make_engine, read_session, unit_of_work
from portfolio.models import AuditEvent
from tests.support.login import log_in, open_logged_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_audit(username: str = "admin") -> AppTest:
    return open_logged_in("audit", username)


def test_admin_sees_the_log_and_filters_it(demo_db_url):
    authenticate(make_engine(demo_db_url), "nord", "wrong password")
    at = open_audit()
    assert at.title[0].value == "Revisionslog"
    frame = at.dataframe[0].value
    assert {"Tidspunkt (UTC)", "Bruger", "Handling", "Hvad", "Fil", "Kontrolsum (SHA-256)"} <= set(frame.columns)
    assert frame.iloc[0]["Handling"] == "Mislykket login"  # newest first, in words
    at.selectbox(key="audit_action").set_value("auth.").run()
    assert set(at.dataframe[0].value["Handling"]) == {"Mislykket login"}
    at.selectbox(key="audit_action").set_value(None).run()
    at.text_input(key="audit_text").input("demo.load").run()
    assert set(at.dataframe[0].value["Handling"]) == {"Demodata indlæst"}
    assert [b.label for b in at.get("download_button")] == ["Eksportér CSV", "Eksportér Excel"]


def test_export_click_is_audited(demo_db_url):
    at = open_audit()
    at.get("download_button")[1].click().run()
    assert not at.exception
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.export")).one()
    assert (event.actor, event.file_name[-5:], len(event.checksum)) == ("admin", ".xlsx", 64)


@pytest.mark.parametrize("user", ["nord", "fut", "viewer"])
def test_not_listed_and_refused_for_other_roles(demo_db_url, user):
    at = AppTest.from_file(APP, default_timeout=60)
    log_in(at, user).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/audit.py")
    # The page itself refuses too, whichever way it is reached.
    page = AppTest.from_file(str(Path(APP).parent / "pages" / "audit.py"), default_timeout=60)
    log_in(page, user).run()
    assert [e.value for e in page.error][0].startswith("Ikke tilladt")
    assert not page.dataframe and not page.get("download_button")


def test_service_refuses_non_admins_and_exports_text_as_text(sqlite_engine):
    with unit_of_work(sqlite_engine) as session:
        session.add(AuditEvent(actor="nord", action="plan.import", target="=HYPERLINK(\"http://x\")",
                               file_name="@evil.xlsx", detail={"note": "+1"}))
    with read_session(sqlite_engine) as session, pytest.raises(PermissionDenied):
        read_audit_log(session, viewer="nord")
    with pytest.raises(PermissionDenied):
        export_audit_log(sqlite_engine, viewer="viewer")
    filters = AuditFilter(actor="nord")
    export = export_audit_log(sqlite_engine, viewer="admin", filters=filters, fmt="csv")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["at", "actor", "action"] and len(rows) == 2
    assert rows[1][3] == "'=HYPERLINK(\"http://x\")" and rows[1][4] == "'@evil.xlsx"
    xlsx = export_audit_log(sqlite_engine, viewer="admin", filters=filters, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.cell(2, 4).value == "'=HYPERLINK(\"http://x\")" and sheet.cell(2, 4).data_type == "s"
