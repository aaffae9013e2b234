"""FUT components: the secretariat adds them (service, CLI, page); nobody else can."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portfolio.auth.permissions import PermissionDenied
from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.components import ComponentRefused, add_component
from portfolio.config import Settings
from portfolio.db import read_session
from portfolio.domain import ComponentKind
from portfolio.feed.service import ingest_feed
from portfolio.models import AuditEvent, Component
from tests.support.login import open_logged_in


def test_admin_adds_a_component_and_a_feed_may_then_name_it(engine):
    added = add_component(engine, actor="admin", code=" ny_video ", name="Integration:  Video",
                          kind=ComponentKind.INTEGRATION)
    assert (added.code, added.name) == ("NY_VIDEO", "Integration: Video")
    entry = {"component": "NY_VIDEO", "date": "2022-09-01", "phase": "udvikling", "rag": "gul", "note": ""}
    assert ingest_feed(engine, json.dumps([entry]).encode(), "f.json", actor="fut").status == "imported"
    with read_session(engine) as session:
        assert session.scalar(select(AuditEvent.target).where(AuditEvent.action == "component.add")) == "NY_VIDEO"


@pytest.mark.parametrize(("code", "name", "key"), [
    ("x", "Navn", "component.error.code"), ("GOD_KODE", "  ", "component.error.name"),
])
def test_bad_input_is_refused(sqlite_engine, code, name, key):
    with pytest.raises(ComponentRefused) as refused:
        add_component(sqlite_engine, actor="admin", code=code, name=name, kind=ComponentKind.MODULE)
    assert refused.value.key == key


def test_duplicates_and_other_roles_are_refused_and_store_nothing(sqlite_engine):
    add_component(sqlite_engine, actor="admin", code="K1", name="Komponent", kind=ComponentKind.MODULE)
    with pytest.raises(ComponentRefused):
        add_component(sqlite_engine, actor="admin", code="K2", name="komponent", kind=ComponentKind.MODULE)
    for user in ("fut", "nord", "viewer", "stranger"):
        with pytest.raises(PermissionDenied):
            add_component(sqlite_engine, actor=user, code="K3", name="Tre", kind=ComponentKind.MODULE)
    with read_session(sqlite_engine) as session:
        codes = set(session.scalars(select(Component.code)))
    assert "K1" in codes and not {"K2", "K3"} & codes


def test_cli_add_and_list(sqlite_engine, capsys):
    def run(*args: str, user: str = "admin") -> int:
        return main(list(args), context=CommandContext(Settings("sqlite://", "da", user), _engine=sqlite_engine))

    assert run("component", "add", "HJEMMEMONITOR", "Hjemmemonitorering", "--kind", "solution") == 0
    assert run("component", "add", "KL_GATEWAY", "KL Gateway", "--kind", "gateway") == 1  # the catalogue has it
    assert run("component", "add", "SMS2", "SMS 2", "--kind", "integration", user="viewer") == 1
    assert run("component", "add", "SMS2", "SMS 2", "--kind", "bogus") == 2
    capsys.readouterr()
    assert run("component", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[-1] == {"code": "HJEMMEMONITOR", "name": "Hjemmemonitorering", "kind": "solution", "description": ""}
    assert {"KL_GATEWAY", "KAM", "K_PRO", "NSP"} <= {c["code"] for c in listed}


def _infrastructure(username: str) -> AppTest:
    return open_logged_in("infrastructure", username)


def test_the_page_form_is_the_secretariats(empty_db_url):
    at = _infrastructure("admin")
    fields = {w.label: w for w in at.text_input}
    fields["Kode (fx KL_GATEWAY)"].input("HJEMMEMONITOR")
    fields["Navn"].input("Hjemmemonitorering")
    [submit] = [b for b in at.button if b.label == "Tilføj"]
    submit.click().run()
    assert not at.exception
    assert any("HJEMMEMONITOR" in s.value for s in at.success)
    assert "Kode (fx KL_GATEWAY)" not in [w.label for w in _infrastructure("viewer").text_input]


def test_a_feed_uploaded_on_the_page_acts_as_the_logged_in_user(demo_db_url):
    """The FUT reporter's upload is recorded as the FUT reporter (it once ran as the configured CLI user, an admin);
    a viewer is not offered the upload at all, and is told what a viewer may do."""
    viewer = _infrastructure("viewer")
    assert not viewer.file_uploader
    assert any("kan ikke indlæse FUT-statusfeedet" in info.value for info in viewer.info)
    entry = {"component": "KL Gateway", "date": "2022-09-07", "phase": "drift", "rag": "grøn", "note": "fra siden"}
    at = _infrastructure("fut")
    at.file_uploader[0].set_value(("status.json", json.dumps([entry]).encode(), "application/json"))
    at.button(key="fut_feed_import").click()
    at.run()
    assert not at.exception
    from portfolio.db import make_engine
    from portfolio.models import ComponentStatus

    with read_session(make_engine(demo_db_url)) as session:
        stored = session.scalar(select(ComponentStatus).where(ComponentStatus.note == "fra siden"))
        assert stored is not None and stored.recorded_by == "fut"
