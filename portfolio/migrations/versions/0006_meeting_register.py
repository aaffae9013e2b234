"""meeting register: organisations (reference data), meetings, participants, agenda items, conclusions,
follow-up actions and their status updates, frozen minutes revisions

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-25 22:50:31
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    organisation = op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=30), nullable=False),
    sa.Column('name_da', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('landsdel_key', sa.String(length=20), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('key', name=op.f('uq_organisation_key'))
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('planned', 'held', 'approved', name='meetingstatus', native_enum=False, length=24), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('held_by', sa.String(length=80), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by', sa.String(length=80), nullable=True),
    sa.Column('approval_method', sa.Enum('meeting', 'written_procedure', name='approvalmethod', native_enum=False, length=24), nullable=True),
    sa.Column('approved_at_meeting_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_at_meeting_id'], ['meeting.id'], name=op.f('fk_meeting_approved_at_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], name=op.f('fk_meeting_snapshot_id_snapshot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_date', ['meeting_date'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('O', 'B', 'D', name='itemkind', native_enum=False, length=24), nullable=False),
    sa.Column('presenter_id', sa.Integer(), nullable=True),
    sa.Column('background', sa.Text(), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('origin', sa.Enum('manual', 'proposed', 'standing', name='itemorigin', native_enum=False, length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('draft_key', sa.String(length=80), nullable=True),
    sa.Column('dropped', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['presenter_id'], ['organisation.id'], name=op.f('fk_agenda_item_presenter_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_item_meeting', ['meeting_id', 'number'], unique=False)

    op.create_table('meeting_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_participant_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_meeting_participant_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_participant'))
    )
    with op.batch_alter_table('meeting_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_participant_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('revision_no', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_revision_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_revision')),
    sa.UniqueConstraint('meeting_id', 'revision_no', name='uq_minutes_revision_no')
    )
    op.create_table('conclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('taken_note', 'approved', 'approved_with_remarks', 'rejected', 'postponed', name='outcome', native_enum=False, length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_conclusion_item_id_agenda_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conclusion'))
    )
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conclusion_item_id'), ['item_id'], unique=False)

    op.create_table('meeting_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('due_meeting_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.CheckConstraint('due_date IS NOT NULL OR due_meeting_id IS NOT NULL', name=op.f('ck_meeting_action_has_due')),
    sa.ForeignKeyConstraint(['due_meeting_id'], ['meeting.id'], name=op.f('fk_meeting_action_due_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_meeting_action_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_action_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['owner_id'], ['organisation.id'], name=op.f('fk_meeting_action_owner_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_action'))
    )
    with op.batch_alter_table('meeting_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_action_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_action_owner_id'), ['owner_id'], unique=False)

    op.create_table('meeting_action_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'done', 'dropped', name='actionstatus', native_enum=False, length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['meeting_action.id'], name=op.f('fk_meeting_action_update_action_id_meeting_action')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_action_update'))
    )
    with op.batch_alter_table('meeting_action_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_action_update_action_id'), ['action_id'], unique=False)


    # The closed list of organisations (portfolio/meetings/organisations.py as of this revision).
    op.bulk_insert(organisation, [
        {'key': 'nord', 'name_da': 'Landsdel Nord', 'name_en': 'Landsdel Nord', 'landsdel_key': 'nord', 'sort_order': 0},
        {'key': 'midt', 'name_da': 'Landsdel Midt', 'name_en': 'Landsdel Midt', 'landsdel_key': 'midt', 'sort_order': 1},
        {'key': 'syd', 'name_da': 'Landsdel Syd', 'name_en': 'Landsdel Syd', 'landsdel_key': 'syd', 'sort_order': 2},
        {'key': 'hovedstaden', 'name_da': 'Landsdel Hovedstaden', 'name_en': 'Landsdel Hovedstaden', 'landsdel_key': 'hovedstaden', 'sort_order': 3},
        {'key': 'sjaelland', 'name_da': 'Landsdel Sjælland', 'name_en': 'Landsdel Sjælland', 'landsdel_key': 'sjaelland', 'sort_order': 4},
        {'key': 'fut', 'name_da': 'FUT-programmet', 'name_en': 'The FUT programme', 'landsdel_key': None, 'sort_order': 5},
        {'key': 'kl', 'name_da': 'KL', 'name_en': 'KL (Local Government Denmark)', 'landsdel_key': None, 'sort_order': 6},
        {'key': 'danske_regioner', 'name_da': 'Danske Regioner', 'name_en': 'Danish Regions', 'landsdel_key': None, 'sort_order': 7},
        {'key': 'sum', 'name_da': 'Sundhedsministeriet', 'name_en': 'Ministry of Health', 'landsdel_key': None, 'sort_order': 8},
        {'key': 'sds', 'name_da': 'Sundhedsdatastyrelsen', 'name_en': 'Danish Health Data Authority', 'landsdel_key': None, 'sort_order': 9},
        {'key': 'sekretariatet', 'name_da': 'Sekretariatet', 'name_en': 'The secretariat', 'landsdel_key': None, 'sort_order': 10},
        {'key': 'styregruppen', 'name_da': 'Porteføljestyregruppen', 'name_en': 'The portfolio steering group', 'landsdel_key': None, 'sort_order': 11},
        {'key': 'formandskabet', 'name_da': 'Formandskabet', 'name_en': 'The chair', 'landsdel_key': None, 'sort_order': 12},
        {'key': 'pro_sekretariatet', 'name_da': 'PRO-sekretariatet', 'name_en': 'The PRO secretariat', 'landsdel_key': None, 'sort_order': 13},
        {'key': 'cimt', 'name_da': 'Center for innovativ medicinsk teknologi', 'name_en': 'Centre for Innovative Medical Technology', 'landsdel_key': None, 'sort_order': 14},
    ])


def downgrade() -> None:
    with op.batch_alter_table('meeting_action_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_action_update_action_id'))

    op.drop_table('meeting_action_update')
    with op.batch_alter_table('meeting_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_action_owner_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_action_meeting_id'))

    op.drop_table('meeting_action')
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conclusion_item_id'))

    op.drop_table('conclusion')
    op.drop_table('minutes_revision')
    with op.batch_alter_table('meeting_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_participant_meeting_id'))

    op.drop_table('meeting_participant')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_item_meeting')

    op.drop_table('agenda_item')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_date')

    op.drop_table('meeting')
    op.drop_table('organisation')
