"""risk log: risks and their versions (who, when), warning lamp bindings

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-25 23:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('risk_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_log'))
    )
    op.create_table('risk_log_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('version_no', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('landsdel_key', sa.String(length=20), nullable=True),
    sa.Column('component_code', sa.String(length=40), nullable=True),
    sa.Column('probability', sa.Integer(), nullable=False),
    sa.Column('consequence', sa.Integer(), nullable=False),
    sa.Column('strategy', sa.Enum('avoid', 'reduce', 'transfer', 'accept', name='strategy', native_enum=False,
                                  create_constraint=False, length=24), nullable=True),
    sa.Column('mitigations', sa.JSON(), nullable=False),
    sa.Column('residual_probability', sa.Integer(), nullable=True),
    sa.Column('residual_consequence', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('open', 'closed', 'accepted', name='riskstatus', native_enum=False,
                                create_constraint=False, length=24), nullable=False),
    sa.Column('decision_meeting_id', sa.Integer(), nullable=True),
    sa.Column('decision_item', sa.Integer(), nullable=True),
    sa.Column('signal_kind', sa.String(length=24), nullable=True),
    sa.Column('signal_arg', sa.String(length=80), nullable=True),
    sa.Column('threshold', sa.Integer(), nullable=True),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['decision_meeting_id'], ['meeting.id'],
                            name=op.f('fk_risk_log_version_decision_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['owner_id'], ['organisation.id'], name=op.f('fk_risk_log_version_owner_id_organisation')),
    sa.ForeignKeyConstraint(['risk_id'], ['risk_log.id'], name=op.f('fk_risk_log_version_risk_id_risk_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_log_version')),
    sa.UniqueConstraint('risk_id', 'version_no', name='uq_risk_log_version_no')
    )
    with op.batch_alter_table('risk_log_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_log_version_risk_id'), ['risk_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('risk_log_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_log_version_risk_id'))
    op.drop_table('risk_log_version')
    op.drop_table('risk_log')
