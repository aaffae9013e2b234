"""Create or migrate the store to the newest schema (Alembic), harmless when repeated."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine) -> None:
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def initialise_store(engine: Engine, *, actor: str) -> bool:
    """Migrate to the newest schema and load missing reference data. Returns True if anything was added."""
    from portfolio import audit
    from portfolio.db import unit_of_work
    from portfolio.reference import load_reference_data

    migrate(engine)
    with unit_of_work(engine) as session:
        added = load_reference_data(session)
        if added:
            audit.record(session, actor=actor, action="store.init", target="reference data")
    return added
