"""login_throttle: failed logins per (username, client) and per client, so a loop cannot lock an account out

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-25 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('login_throttle',
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('account_digest', sa.String(length=64), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key_digest', name=op.f('pk_login_throttle'))
    )
    op.create_index(op.f('ix_login_throttle_account_digest'), 'login_throttle', ['account_digest'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_login_throttle_account_digest'), table_name='login_throttle')
    op.drop_table('login_throttle')
