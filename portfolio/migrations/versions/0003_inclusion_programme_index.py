"""inclusion_count: an index that leads with the programme, for the as-of inclusion queries

PostgreSQL has no skip scan, so ix_inclusion_lookup (landsdel_id, programme_id, month) cannot serve
"every inclusion row of one programme": at scale 100 each such query read all 2.35 million rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_inclusion_programme', 'inclusion_count',
                    ['programme_id', 'landsdel_id', 'municipality_code', 'month'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_inclusion_programme', table_name='inclusion_count')
