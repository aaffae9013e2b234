"""`portfolio backup` / `restore`: a pilot on SQLite moves to a shared PostgreSQL and back, nothing lost."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import pytest
from sqlalchemy import create_engine, inspect, text

from portfolio.cli import main
from portfolio.db import make_engine
from portfolio.maintenance.backup import table_digests
from tests.conftest import _urls, skip_or_fail
from tests.importing.builders import plan_workbook


def _cli(monkeypatch, capsys, url: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PORTFOLIO_LANG", "en")
    monkeypatch.setenv("PORTFOLIO_USER", "admin")
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _status(monkeypatch, capsys, url: str) -> dict:
    code, out, err = _cli(monkeypatch, capsys, url, "status", "--json")
    assert code == 0, err
    status = json.loads(out)
    status.pop("database")
    return status


def _digests(url: str) -> dict[str, str]:
    engine = make_engine(url)
    try:
        return table_digests(engine)
    finally:
        engine.dispose()


@pytest.fixture
def empty_postgres_url(request):
    server = request.getfixturevalue("postgres_server")
    if server is None:
        skip_or_fail("PostgreSQL is not available")
    admin_url, url_for = _urls(server)
    name = f"restore_{request.node.name[-20:].strip('[]-').replace('-', '_')}_{os.getpid()}_{id(request) % 100000}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url_for(name)


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back(monkeypatch, capsys, tmp_path, demo_template, empty_postgres_url):
    from portfolio.importing.service import import_plan

    source = tmp_path / "pilot.db"
    shutil.copyfile(demo_template, source)
    source_url = f"sqlite:///{source}"
    engine = make_engine(source_url)
    # a real import too, so the store holds a file checksum recorded by its import, and Danish text
    result = import_plan(engine, plan_workbook(landsdel="Syd"), "Milepælsplan Syd æøå.xlsx", actor="admin")
    assert result.plan_version is not None, result
    engine.dispose()
    status, digests = _status(monkeypatch, capsys, source_url), _digests(source_url)

    code, out, err = _cli(monkeypatch, capsys, source_url, "backup", str(tmp_path / "a.zip"), "--json")
    assert code == 0, err
    written = json.loads(out)
    assert written["schema_revision"] == status["schema_revision"] and len(written["sha256"]) == 64
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["checksum"] == written["checksum"]
    assert {t["name"]: t["sha256"] for t in manifest["tables"]} == digests  # the manifest holds the digests
    names = [t["name"] for t in manifest["tables"]]
    assert names.index("landsdel") < names.index("plan_version") < names.index("milestone")  # dependency order

    code, out, err = _cli(monkeypatch, capsys, empty_postgres_url, "restore", str(tmp_path / "a.zip"))
    assert code == 0, err
    assert _status(monkeypatch, capsys, empty_postgres_url) == status
    assert _digests(empty_postgres_url) == digests
    assert _cli(monkeypatch, capsys, empty_postgres_url, "verify")[0] == 0
    # the shared service goes on: its ids continue after the restored ones
    pg = make_engine(empty_postgres_url)
    again = import_plan(pg, plan_workbook(landsdel="Nord"), "nord.xlsx", actor="admin")
    pg.dispose()
    assert again.status == "imported" and again.plan_version == 10

    pg_status, pg_digests = _status(monkeypatch, capsys, empty_postgres_url), _digests(empty_postgres_url)
    code, _, err = _cli(monkeypatch, capsys, empty_postgres_url, "backup", str(tmp_path / "b.zip"))
    assert code == 0, err
    back_url = f"sqlite:///{tmp_path / 'back.db'}"
    code, _, err = _cli(monkeypatch, capsys, back_url, "restore", str(tmp_path / "b.zip"))
    assert code == 0, err
    assert _status(monkeypatch, capsys, back_url) == pg_status
    assert _digests(back_url) == pg_digests
    assert _cli(monkeypatch, capsys, back_url, "verify")[0] == 0


def test_restore_refuses_a_store_with_data_and_changes_nothing(monkeypatch, capsys, tmp_path, demo_db_url):
    code, _, err = _cli(monkeypatch, capsys, demo_db_url, "backup", str(tmp_path / "a.zip"))
    assert code == 0, err
    before = _digests(demo_db_url)
    code, _, err = _cli(monkeypatch, capsys, demo_db_url, "restore", str(tmp_path / "a.zip"))
    assert code == 1 and "not empty" in err and "Traceback" not in err
    assert _digests(demo_db_url) == before


def test_a_damaged_backup_restores_nothing(monkeypatch, capsys, tmp_path, demo_db_url):
    assert _cli(monkeypatch, capsys, demo_db_url, "backup", str(tmp_path / "a.zip"))[0] == 0
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "a.zip") as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("_milestone.jsonl"):
                data = data.replace(b'"KOL', b'"K0L', 1) if b'"KOL' in data else data[:-40] + b"\n"
            target.writestr(item, data)
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, _, err = _cli(monkeypatch, capsys, url, "restore", str(damaged))
    assert code == 1 and "milestone" in err
    engine = make_engine(url)
    with engine.connect() as conn:  # checked before anything is written: nothing at all
        assert not inspect(conn).has_table("milestone")
    engine.dispose()
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    code, _, err = _cli(monkeypatch, capsys, url, "restore", str(tmp_path / "junk.zip"))
    assert code == 1 and "not a backup" in err


def test_backup_is_for_admins(monkeypatch, capsys, tmp_path, demo_db_url):
    monkeypatch.setenv("PORTFOLIO_USER", "viewer")
    monkeypatch.setenv("DATABASE_URL", demo_db_url)
    assert main(["backup", str(tmp_path / "a.zip")]) == 1
    assert not (tmp_path / "a.zip").exists()


def test_backup_while_another_connection_writes_is_consistent(sqlite_engine, tmp_path):
    """The SQLite online backup copies one state, even with a write transaction open elsewhere."""
    from portfolio import audit
    from portfolio.db import unit_of_work
    from portfolio.maintenance.backup import backup, verify_backup

    with unit_of_work(sqlite_engine) as session:
        audit.record(session, actor="admin", action="test.write", target="before")
        result = backup(sqlite_engine, tmp_path / "during.zip")
    manifest = verify_backup(result.path)
    assert manifest["schema_revision"] == result.schema_revision
