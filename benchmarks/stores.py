"""Benchmark stores: generated SQLite files under benchmarks/work/ (kept between runs while the scale and the
generator are unchanged; migrated to the newest schema when reused) and databases on a throw-away PostgreSQL server."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from portfolio import generate as generator
from portfolio.auth.bootstrap import ADMIN_PASSWORD_ENV, create_admin_if_missing
from portfolio.db import make_engine
from portfolio.schema import head_revision, initialise_store

WORK = Path(__file__).resolve().parent / "work"
ADMIN_PASSWORD = "Bench-admin-password-4711"
Say = Callable[[str], None]


def _key(scale: int) -> dict:
    digest = hashlib.sha256(Path(generator.__file__).read_bytes()).hexdigest()[:16]
    return {"scale": scale, "generator": digest}


def prepare(engine: Engine) -> None:
    """Schema, reference data and the admin account (the benchmark logs in as admin)."""
    os.environ.setdefault(ADMIN_PASSWORD_ENV, ADMIN_PASSWORD)
    initialise_store(engine, actor="benchmark")
    create_admin_if_missing(engine, actor="benchmark")


def fill(engine: Engine, scale: int, say: Say) -> float:
    """Generate ``scale`` into a prepared, empty store and update the planner's statistics; seconds taken."""
    started = time.perf_counter()
    last = [0.0]

    def progress(step: int, steps: int) -> None:
        if time.perf_counter() - last[0] > 15 or step == steps:
            last[0] = time.perf_counter()
            say(f"    generate scale {scale}: {step}/{steps} ({time.perf_counter() - started:.0f} s)")

    generator.generate(engine, scale=scale, actor="benchmark", progress=progress)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "postgresql":
            # Vacuum, and write the new pages out, now: otherwise autovacuum and the checkpointer do it on the
            # millions of new rows while the timings run (the first runs measured read_excel itself 50 % slower)
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
        else:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def sqlite_store(scale: int, say: Say, *, rebuild: bool = False) -> tuple[str, float | None]:
    """URL of the SQLite store at ``scale``; generation seconds, or None when an existing store was reused."""
    WORK.mkdir(parents=True, exist_ok=True)
    path, meta = WORK / f"sqlite-scale{scale}.db", WORK / f"sqlite-scale{scale}.json"
    url = f"sqlite:///{path}"
    if not rebuild and path.exists() and meta.exists() and json.loads(meta.read_text()) == _key(scale):
        say(f"  SQLite scale {scale}: reusing {path.name} (migrated to {head_revision()}, analysed)")
        engine = make_engine(url)
        try:
            prepare(engine)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        finally:
            engine.dispose()
        return url, None
    for stale in WORK.glob(f"sqlite-scale{scale}.db*"):
        stale.unlink()
    meta.unlink(missing_ok=True)
    say(f"  SQLite scale {scale}: generating into {path.name}")
    engine = make_engine(url)
    try:
        prepare(engine)
        seconds = fill(engine, scale, say)
    finally:
        engine.dispose()
    meta.write_text(json.dumps(_key(scale)))
    return url, seconds


def empty_sqlite_store(name: str) -> str:
    path = WORK / f"{name}.db"
    for stale in WORK.glob(f"{name}.db*"):
        stale.unlink()
    engine = make_engine(f"sqlite:///{path}")
    try:
        prepare(engine)
    finally:
        engine.dispose()
    return f"sqlite:///{path}"


class Postgres:
    """A throw-away server (as the test suite starts one); databases made from a prepared template."""

    def __init__(self) -> None:
        from tests.support.postgres import start_server

        self.server = start_server()
        self.admin = create_engine(self.server.admin_url, isolation_level="AUTOCOMMIT")
        self._template_ready = False

    def version(self) -> str:
        with self.admin.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar())

    def _template(self) -> str:
        if not self._template_ready:
            with self.admin.connect() as conn:
                conn.execute(text("CREATE DATABASE bench_template"))
            engine = make_engine(self.server.url("bench_template"))
            try:
                prepare(engine)
            finally:
                engine.dispose()
            self._template_ready = True
        return "bench_template"

    def fresh(self, name: str) -> str:
        """A new database with the schema, reference data and admin, and nothing else."""
        template = self._template()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
        return self.server.url(name)

    def store(self, scale: int, say: Say) -> tuple[str, float]:
        url = self.fresh(f"bench_scale{scale}")
        say(f"  PostgreSQL scale {scale}: generating")
        engine = make_engine(url)
        try:
            seconds = fill(engine, scale, say)
        finally:
            engine.dispose()
        return url, seconds

    def stop(self) -> None:
        self.admin.dispose()
        self.server.stop()
