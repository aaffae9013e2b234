"""Alembic environment: runs on the connection handed over by portfolio.schema."""

from __future__ import annotations

from alembic import context

import portfolio.auth.models  # noqa: F401 - the account tables belong to the same metadata
import portfolio.auth.sessions  # noqa: F401 - and the login sessions
import portfolio.baselines.models  # noqa: F401 - the approved baselines
import portfolio.meetings.models  # noqa: F401 - the meeting register's tables too
import portfolio.risks.models  # noqa: F401 - the risk log
import portfolio.scenarios.models  # noqa: F401 - saved scenarios
from portfolio.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand without portfolio.schema
    raise RuntimeError("Run migrations through `portfolio init` (portfolio.schema.migrate).")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs batch mode to alter tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
