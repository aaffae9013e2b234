"""accounts: local and OpenID Connect users, their role, and a landsdel editor's landsdele

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.Enum('viewer', 'landsdel_editor', 'fut_reporter', 'admin', name='role', native_enum=False, length=24), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('email', name=op.f('uq_account_email')),
    sa.UniqueConstraint('username', name=op.f('uq_account_username'))
    )
    op.create_table('account_landsdel',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('landsdel_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_account_landsdel_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['landsdel_id'], ['landsdel.id'], name=op.f('fk_account_landsdel_landsdel_id_landsdel')),
    sa.PrimaryKeyConstraint('account_id', 'landsdel_id', name=op.f('pk_account_landsdel'))
    )


def downgrade() -> None:
    op.drop_table('account_landsdel')
    op.drop_table('account')
