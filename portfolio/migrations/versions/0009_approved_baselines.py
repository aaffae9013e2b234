"""approved baselines: the plan version whose baseline a meeting decision approved

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 02:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('approved_baseline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('landsdel_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('decision_meeting_id', sa.Integer(), nullable=False),
    sa.Column('decision_item', sa.Integer(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['decision_meeting_id'], ['meeting.id'],
                            name=op.f('fk_approved_baseline_decision_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['landsdel_id'], ['landsdel.id'], name=op.f('fk_approved_baseline_landsdel_id_landsdel')),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'],
                            name=op.f('fk_approved_baseline_plan_version_id_plan_version')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'],
                            name=op.f('fk_approved_baseline_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approved_baseline'))
    )
    with op.batch_alter_table('approved_baseline', schema=None) as batch_op:
        batch_op.create_index('ix_approved_baseline_lookup', ['landsdel_id', 'programme_id', 'approved_on'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('approved_baseline', schema=None) as batch_op:
        batch_op.drop_index('ix_approved_baseline_lookup')
    op.drop_table('approved_baseline')
