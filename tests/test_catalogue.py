"""The FUT catalogue as reference data: loaded by init, by migration 0004 without duplicates; forgiving names."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import Engine, select, text

from portfolio.catalogue import component_index, read_catalogue
from portfolio.db import make_engine, read_session
from portfolio.importing.validate import resolve_landsdel, resolve_programme
from portfolio.models import Component
from portfolio.names import NameIndex, suggest
from portfolio.reference import CORE_PROGRAMMES
from portfolio.schema import alembic_config, initialise_store

CATALOGUE = {entry.code for entry in read_catalogue()}


def test_the_catalogue_names_what_the_minutes_name():
    names = {entry.name for entry in read_catalogue()}
    assert {"KL_GATEWAY", "KAM", "ADM_MODUL", "K_PRO", "KOL_HJERTE", "KIH_DB", "NSP", "CPR_OPSLAG",
                         "NEMSMS"} == CATALOGUE
    assert "KL Gateway" in names and "K-PRO" in names
    assert {entry.kind.value for entry in read_catalogue()} == {"gateway", "module", "solution", "integration"}


def test_init_loads_the_catalogue_once(engine: Engine):
    assert initialise_store(engine, actor="test") is False  # the fixture's init loaded everything already
    with read_session(engine) as session:
        codes = list(session.scalars(select(Component.code)))
    assert sorted(codes) == sorted(CATALOGUE)


def _store_at_0003(url: str) -> Engine:
    from alembic import command

    engine = make_engine(url)
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003")
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    """A store with no schema at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    from sqlalchemy import create_engine

    from tests.conftest import _urls, skip_or_fail

    server = request.getfixturevalue("postgres_server")
    if server is None:
        skip_or_fail("PostgreSQL is not available")
    admin_url, url_for = _urls(server)
    name = f"old_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield url_for(name)


def test_migration_0004_adds_the_catalogue_without_duplicating_what_a_store_has(empty_url):
    engine = _store_at_0003(empty_url)
    with engine.begin() as connection:  # a secretariat added two components by hand, under codes of its own
        connection.execute(text("INSERT INTO component (code, name, kind, description, sort_order) VALUES "
                                "('KLGW', 'KL Gateway', 'gateway', '', 1),"
                                " ('KPRO2', 'Kommunal PRO', 'solution', '', 2),"
                                " ('EGEN', 'Egen komponent', 'module', '', 3)"))
    initialise_store(engine, actor="test")
    with read_session(engine) as session:
        rows = dict(session.execute(select(Component.code, Component.name)).all())
    assert rows["KLGW"] == "KL Gateway" and "KL_GATEWAY" not in rows  # matched by name
    assert "K_PRO" not in rows and rows["KPRO2"] == "Kommunal PRO"  # matched by an alias
    assert {"KAM", "NSP", "KOL_HJERTE", "NEMSMS", "EGEN"} <= rows.keys()
    assert len(rows) == len(CATALOGUE) + 1
    index = component_index(sorted(rows.items()))
    assert index.resolve("kl-gateway") == "KLGW"
    assert index.resolve("K-PRO") == "KPRO2"  # the catalogue's aliases apply to the matched component
    engine.dispose()


@pytest.mark.parametrize(("written", "code"), [
    ("KL Gateway", "KL_GATEWAY"), ("kl-gateway", "KL_GATEWAY"), ("KL GATEWAY", "KL_GATEWAY"),
    ("Kommunal gateway", "KL_GATEWAY"), ("KL_GATEWAY", "KL_GATEWAY"), ("Integration til KL Gateway", "KL_GATEWAY"),
    ("KAM", "KAM"), ("Klinisk administrativt modul", "KAM"), ("KAM-modulet", "KAM"),
    ("Administrativt modul", "ADM_MODUL"), ("administrationsmodulet", "ADM_MODUL"), ("Adm. modul", "ADM_MODUL"),
    ("K-PRO", "K_PRO"), ("KPRO", "K_PRO"), ("K PRO", "K_PRO"), ("Kommunal PRO", "K_PRO"), ("K-PRO (pilot)", "K_PRO"),
    ("KOL-hjerteløsningen", "KOL_HJERTE"), ("KOL-hjerteløsning", "KOL_HJERTE"), ("FUT 2.0", "KOL_HJERTE"),
    ("KOL/hjerte-løsningen", "KOL_HJERTE"), ("KOL-hjerteløsningen (FUT 2.0)", "KOL_HJERTE"),
    ("KIH-databasen", "KIH_DB"), ("KIH database", "KIH_DB"), ("Integration: KIH-databasen", "KIH_DB"),
    ("Integration til KIH-database", "KIH_DB"), ("KIH", "KIH_DB"),
    ("NSP", "NSP"), ("Integration til NSP", "NSP"), ("Den Nationale Serviceplatform", "NSP"),
    ("CPR-opslag", "CPR_OPSLAG"), ("Integration: CPR opslag", "CPR_OPSLAG"), ("CPR-opslaget", "CPR_OPSLAG"),
    ("NemSMS", "NEMSMS"), ("Nem SMS", "NEMSMS"), ("Integration til NemSMS", "NEMSMS"), ("FUT: NemSMS", "NEMSMS"),
])
def test_components_are_found_the_way_people_write_them(written, code):
    catalogue = [(entry.code, entry.name) for entry in read_catalogue()]
    assert component_index(catalogue).resolve(written) == code


def test_what_does_not_resolve_gets_the_nearest_names():
    index = component_index([(entry.code, entry.name) for entry in read_catalogue()])
    assert index.resolve("Hjemmemonitorering") is None
    assert index.suggest("KL Gatewy")[0] == "KL Gateway"
    assert "Integration: KIH-databasen" in index.suggest("KIH-datbasen")
    assert suggest("Kontrakt", ["KL Gateway", "K-PRO"]) == []


def test_a_key_two_things_share_resolves_to_neither():
    index = NameIndex()
    index.add("A", ["Modul"])
    index.add("B", ["modulet"])
    assert index.resolve("modul") is None


@pytest.mark.parametrize(("written", "key"), [
    ("Region Midtjylland", "midt"), ("Midtjylland", "midt"), ("Landsdel Midt", "midt"), ("Midt", "midt"),
    ("Landsdelsprogram Midt", "midt"), ("Region Midt", "midt"), ("Midtjyllands landsdel", "midt"),
    ("Region Nordjylland", "nord"), ("Nordjylland", "nord"), ("Landsdel Nord", "nord"),
    ("Region Syddanmark", "syd"), ("Syd", "syd"), ("Landsdel Syddanmark", "syd"),
    ("Region Hovedstaden", "hovedstaden"), ("Hovedstadsregionen", "hovedstaden"), ("Hovedstaden", "hovedstaden"),
    ("Region Sjælland", "sjaelland"), ("Sjaelland", "sjaelland"), ("Landsdel Sjælland", "sjaelland"),
    ("1082", "midt"), ("Milepælsplan – Landsdel Midt – KOL", "midt"),
])
def test_landsdele_are_recognised(written, key):
    assert resolve_landsdel(written) == key


@pytest.mark.parametrize(("written", "code"), [
    ("KOL", "KOL"), ("COPD", "KOL"), ("kol", "KOL"), ("Telemedicin til borgere med KOL", "KOL"),
    ("KOL-programmet", "KOL"), ("Hjertesvigt", "HJERTESVIGT"), ("HF", "HJERTESVIGT"), ("Heart failure", "HJERTESVIGT"),
    ("Telemedicin til hjertesvigt", "HJERTESVIGT"), ("Milepælsplan – Region Midtjylland – Hjertesvigt", "HJERTESVIGT"),
])
def test_programmes_are_recognised(written, code):
    from portfolio.importing.headers import header_key
    from portfolio.importing.validate import _PROGRAMME_ALIASES

    programmes = {header_key(c): c for c, _, _ in CORE_PROGRAMMES} | dict(_PROGRAMME_ALIASES)
    programmes[header_key("Telemedicine for citizens with heart failure")] = "HJERTESVIGT"
    assert resolve_programme(written, programmes) == code


def test_a_title_naming_two_programmes_names_none():
    from portfolio.importing.validate import _PROGRAMME_ALIASES

    assert resolve_programme("Telemedicin til KOL og hjertesvigt", dict(_PROGRAMME_ALIASES)) is None


def test_the_fut_feed_knows_the_catalogue_aliases_too(engine: Engine):
    from portfolio.feed.service import component_index as feed_index
    from portfolio.feed.service import component_key

    with read_session(engine) as session:
        index = feed_index(session.scalars(select(Component)))
    for written, code in (("KIH-databasen", "KIH_DB"), ("Kommunal PRO", "K_PRO"), ("FUT 2.0", "KOL_HJERTE"),
                          ("Den Nationale Serviceplatform", "NSP"), ("KL Gateway", "KL_GATEWAY")):
        assert index[component_key(written)].code == code
