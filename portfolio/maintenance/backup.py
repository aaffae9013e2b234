"""Backup and restore of the whole store, in a portable format that moves a store between SQLite and PostgreSQL.

A backup is a zip: ``manifest.json`` (format, schema revision, when, from which database, per table its columns,
row count and SHA-256, and a checksum over those) and one JSON-lines file per table, tables in dependency order,
rows in primary-key order, columns by name. Each table's SHA-256 is its *content digest*
(:func:`table_digests`), the same on SQLite and PostgreSQL for the same content, so a restored store can be
compared with its original table by table.

Consistency while the app runs: SQLite is first copied with its online backup API (a consistent copy, however
many writers), PostgreSQL is read in one REPEATABLE READ, READ ONLY transaction (one snapshot).
A restore fills an empty store in one transaction (all or nothing) and refuses a store that holds anything.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import decimal
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, Engine, LargeBinary, MetaData, Table, func, select, text

from portfolio.schema import VERSION_TABLE, current_revision

FORMAT = "telemed-portfolio-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_BATCH = 2000


class BackupError(Exception):
    """A backup or restore that cannot go ahead; ``key`` and ``values`` make the message (i18n)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class BackupResult:
    path: Path
    schema_revision: str
    tables: int
    rows: int
    checksum: str  # over the manifest's table digests
    file_sha256: str  # of the zip file itself


@dataclass(frozen=True)
class RestoreResult:
    schema_revision: str
    tables: int
    rows: int


# --- encoding: one canonical JSON line per row ------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _line(values: list[Any]) -> bytes:
    return (json.dumps([_encode(v) for v in values], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            + "\n").encode()


def _decoder(column_type: Any):  # type: ignore[no-untyped-def]
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(column_type, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if isinstance(column_type, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    return None


# --- the tables as they are in the database --------------------------------------------------------------------


def _tables(connection: Connection) -> list[Table]:
    """Every table of the store except Alembic's, in dependency order (parents before children)."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [table for table in metadata.sorted_tables if table.name != VERSION_TABLE]


def _columns(table: Table) -> list[str]:
    return sorted(column.name for column in table.columns)


def _rows(connection: Connection, table: Table) -> Iterator[list[Any]]:
    names = _columns(table)
    order = list(table.primary_key.columns) or [table.c[name] for name in names]
    result = connection.execution_options(stream_results=True, yield_per=_BATCH).execute(
        select(*(table.c[name] for name in names)).order_by(*order))
    for row in result:
        yield list(row)


def _digest_table(connection: Connection, table: Table, out: IO[bytes] | None = None) -> tuple[str, int]:
    digest, count = hashlib.sha256(), 0
    for row in _rows(connection, table):
        line = _line(row)
        digest.update(line)
        if out is not None:
            out.write(line)
        count += 1
    return digest.hexdigest(), count


def table_digests(engine: Engine) -> dict[str, str]:
    """A content digest of every table (the SHA-256 its backup file would have), read in one snapshot."""
    with _snapshot(engine) as connection:
        return {table.name: _digest_table(connection, table)[0] for table in _tables(connection)}


@contextlib.contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one consistent state of the whole store while others keep writing."""
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="portfolio-backup-") as tmp:
            copy_path = Path(tmp) / "copy.db"
            source = engine.raw_connection()
            try:
                target = sqlite3.connect(copy_path)
                try:
                    source.driver_connection.backup(target)  # SQLite's online backup API
                finally:
                    target.close()
            finally:
                source.close()
            from portfolio.db import make_engine

            copy = make_engine(f"sqlite:///{copy_path}")
            try:
                with copy.connect() as connection:
                    yield connection
            finally:
                copy.dispose()
        return
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SET TRANSACTION READ ONLY"))
            yield connection


def _manifest_checksum(tables: list[dict[str, Any]]) -> str:
    return hashlib.sha256("".join(f"{t['name']}:{t['rows']}:{t['sha256']}\n" for t in tables).encode()).hexdigest()


# --- backup -----------------------------------------------------------------------------------------------------


def backup(engine: Engine, out: Path, *, now: dt.datetime | None = None) -> BackupResult:
    """Write a consistent backup of the whole store to ``out`` (a zip; written to a temporary name first)."""
    revision = current_revision(engine)
    if revision is None:
        raise BackupError("svc.backup.not_initialised")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    entries: list[dict[str, Any]] = []
    try:
        with _snapshot(engine) as connection, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED,
                                                              compresslevel=6) as archive:
            revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()  # noqa: S608
            for index, table in enumerate(_tables(connection)):
                member = f"tables/{index:03d}_{table.name}.jsonl"
                with archive.open(member, "w", force_zip64=True) as handle:
                    digest, count = _digest_table(connection, table, handle)
                entries.append({"name": table.name, "file": member, "columns": _columns(table), "rows": count,
                                "sha256": digest})
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": revision,
                "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
                "source_dialect": engine.dialect.name, "tables": entries, "checksum": _manifest_checksum(entries),
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        file_sha = hashlib.sha256(partial.read_bytes()).hexdigest()
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(out, revision, len(entries), sum(e["rows"] for e in entries), manifest["checksum"], file_sha)


# --- restore ----------------------------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError("svc.restore.not_a_backup") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("svc.restore.not_a_backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("svc.restore.format_version", version=manifest.get("format_version"))
    tables = manifest.get("tables")
    if not isinstance(tables, list) or manifest.get("checksum") != _manifest_checksum(tables):
        raise BackupError("svc.restore.checksum", table=MANIFEST)
    return manifest


def _open_backup(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError("svc.restore.not_a_backup") from error


def verify_backup(path: Path) -> dict[str, Any]:
    """Read a backup through and check every table file against its digest; the manifest when all is well."""
    with _open_backup(Path(path)) as archive:
        manifest = read_manifest(archive)
        for entry in manifest["tables"]:
            digest, count = hashlib.sha256(), 0
            with archive.open(entry["file"]) as handle:
                for line in io.BufferedReader(handle):
                    digest.update(line)
                    count += 1
            if digest.hexdigest() != entry["sha256"] or count != entry["rows"]:
                raise BackupError("svc.restore.checksum", table=entry["name"])
    return manifest


def _known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from portfolio.schema import alembic_config

    return [script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


# Reference rows that migrations themselves insert (the FUT catalogue, the organisations that own actions): a store
# that holds nothing else is empty, and these rows give way to the backup's own.
SEEDED_BY_MIGRATIONS = ("component", "organisation")


def _holds_anything(engine: Engine) -> str | None:
    """The first table that has a row (migration-seeded reference rows aside), or None for an empty store."""
    with engine.connect() as connection:
        for table in _tables(connection):
            if table.name in SEEDED_BY_MIGRATIONS:
                continue
            if connection.execute(select(func.count()).select_from(table)).scalar():
                return table.name
    return None


def _migrate_to(engine: Engine, revision: str) -> None:
    from alembic import command

    from portfolio.schema import alembic_config

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def restore(engine: Engine, path: Path) -> RestoreResult:
    """Fill an empty store from a backup (all or nothing), then bring it to the newest schema."""
    path = Path(path)
    manifest = verify_backup(path)
    revision = str(manifest["schema_revision"])
    if revision not in _known_revisions():
        raise BackupError("svc.restore.unknown_revision", revision=revision)
    current = current_revision(engine)
    if current is not None and current != revision:
        occupied = _holds_anything(engine)
        raise BackupError("svc.restore.not_empty", table=occupied) if occupied else BackupError(
            "svc.restore.other_revision", revision=revision, current=current)
    _migrate_to(engine, revision)  # the tables as the backup knew them
    occupied = _holds_anything(engine)
    if occupied:
        raise BackupError("svc.restore.not_empty", table=occupied)
    rows = 0
    with _open_backup(path) as archive, engine.begin() as connection:
        tables = {table.name: table for table in _tables(connection)}
        for name in SEEDED_BY_MIGRATIONS:
            if name in tables:
                connection.execute(tables[name].delete())
        for entry in manifest["tables"]:
            table = tables.get(entry["name"])
            if table is None or set(entry["columns"]) - set(table.c.keys()):
                raise BackupError("svc.restore.schema_mismatch", table=entry["name"])
            rows += _load_table(connection, archive, entry, table)
        if engine.dialect.name == "postgresql":
            _reset_sequences(connection, tables.values())
    from portfolio.schema import migrate

    migrate(engine)  # a backup from an older version: its migrations run on the restored data
    return RestoreResult(current_revision(engine) or revision, len(manifest["tables"]), rows)


def _load_table(connection: Connection, archive: zipfile.ZipFile, entry: dict[str, Any], table: Table) -> int:
    names: list[str] = entry["columns"]
    decoders = [_decoder(table.c[name].type) for name in names]
    digest, count, batch = hashlib.sha256(), 0, []
    with archive.open(entry["file"]) as handle:
        for line in io.BufferedReader(handle):
            digest.update(line)
            values = json.loads(line)
            batch.append({name: (decode(value) if decode else value)
                          for name, decode, value in zip(names, decoders, values, strict=True)})
            count += 1
            if len(batch) >= _BATCH:
                connection.execute(table.insert(), batch)
                batch = []
    if batch:
        connection.execute(table.insert(), batch)
    if digest.hexdigest() != entry["sha256"] or count != entry["rows"]:
        raise BackupError("svc.restore.checksum", table=entry["name"])
    return count


def _reset_sequences(connection: Connection, tables: Any) -> None:
    """Ids were inserted as they were: each serial sequence continues after the highest."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                          {"t": table.name, "c": column.name}).scalar()
            if sequence:
                connection.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM '  # noqa: S608
                                        f'"{table.name}"), 0) + 1, false)'), {"s": sequence})


__all__ = ["BackupError", "BackupResult", "RestoreResult", "backup", "restore", "table_digests", "verify_backup"]
