"""saved scenarios: a name, the snapshot it is computed against, its assumptions; scenarios offered on (B) items

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-26 02:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('scenario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], name=op.f('fk_scenario_snapshot_id_snapshot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenario'))
    )
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scenario_snapshot_id'), ['snapshot_id'], unique=False)
    op.create_table('scenario_assumption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenario.id'], name=op.f('fk_scenario_assumption_scenario_id_scenario')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenario_assumption'))
    )
    with op.batch_alter_table('scenario_assumption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scenario_assumption_scenario_id'), ['scenario_id'], unique=False)
    op.create_table('scenario_option',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'],
                            name=op.f('fk_scenario_option_agenda_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenario.id'], name=op.f('fk_scenario_option_scenario_id_scenario')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenario_option')),
    sa.UniqueConstraint('scenario_id', 'agenda_item_id', name='uq_scenario_option')
    )
    with op.batch_alter_table('scenario_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scenario_option_scenario_id'), ['scenario_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scenario_option_agenda_item_id'), ['agenda_item_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scenario_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scenario_option_agenda_item_id'))
        batch_op.drop_index(batch_op.f('ix_scenario_option_scenario_id'))
    op.drop_table('scenario_option')
    with op.batch_alter_table('scenario_assumption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scenario_assumption_scenario_id'))
    op.drop_table('scenario_assumption')
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scenario_snapshot_id'))
    op.drop_table('scenario')
