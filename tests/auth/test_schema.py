"""The account models and migration 0002 agree (no autogenerate diff), on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import portfolio.auth.models  # noqa: F401
import portfolio.auth.sessions  # noqa: F401
from portfolio.models import Base
from portfolio.schema import current_revision, head_revision


def test_models_match_migrations(engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
