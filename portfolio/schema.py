"""Create or migrate the store to the newest schema (Alembic), harmless when repeated.

Alembic is imported where it is used: reading the current revision needs none of it, and every CLI command
that checks the store would otherwise pay ~0.2 s to import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


VERSION_TABLE = "alembic_version"  # Alembic's default, which portfolio/migrations/env.py keeps


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for a store that was never initialised."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()  # noqa: S608


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

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
