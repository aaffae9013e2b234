"""login sessions (only the token's hash stored), the audit log's hash chain, one composite key for inclusion rows

Every existing audit event gets its place in the chain, in id order, so `portfolio verify` can check the whole log.
A later migration that changes audit events must chain them again (portfolio.audit.event_hash).

An inclusion row's plan version, landsdel and programme are checked by one composite foreign key to
plan_version (id, landsdel_id, programme_id) instead of three: PostgreSQL checked three rows for every inserted
inclusion row, the biggest part of storing a large plan (docs/performance.md). It also holds the row's landsdel and
programme to its plan version's.

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-25 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from portfolio.audit import event_hash

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_reason', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_login_session_account_id_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_session_token_hash'))
    )
    op.create_index('ix_login_session_account', 'login_session', ['account_id', 'revoked_at'], unique=False)
    with op.batch_alter_table('audit_event') as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_events()
    with op.batch_alter_table('plan_version') as batch_op:
        batch_op.create_unique_constraint('uq_plan_version_identity', ['id', 'landsdel_id', 'programme_id'])
    with op.batch_alter_table('inclusion_count') as batch_op:
        batch_op.drop_constraint('fk_inclusion_count_plan_version_id_plan_version', type_='foreignkey')
        batch_op.drop_constraint('fk_inclusion_count_landsdel_id_landsdel', type_='foreignkey')
        batch_op.drop_constraint('fk_inclusion_count_programme_id_programme', type_='foreignkey')
        batch_op.create_foreign_key('fk_inclusion_count_plan_version', 'plan_version',
                                    ['plan_version_id', 'landsdel_id', 'programme_id'],
                                    ['id', 'landsdel_id', 'programme_id'], ondelete='CASCADE')


def _chain_existing_events() -> None:
    events = sa.table('audit_event', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
                      sa.column('actor', sa.String), sa.column('action', sa.String), sa.column('target', sa.String),
                      sa.column('file_name', sa.String), sa.column('checksum', sa.String),
                      sa.column('detail', sa.JSON), sa.column('prev_hash', sa.String), sa.column('hash', sa.String))
    connection = op.get_bind()
    previous: str | None = None
    rows = connection.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        fields = dict(row)
        fields["prev_hash"] = previous
        current = event_hash(_Row(fields))
        connection.execute(events.update().where(events.c.id == row["id"]).values(prev_hash=previous, hash=current))
        previous = current


class _Row:
    def __init__(self, fields: dict) -> None:
        self.__dict__.update(fields)


def downgrade() -> None:
    with op.batch_alter_table('inclusion_count') as batch_op:
        batch_op.drop_constraint('fk_inclusion_count_plan_version', type_='foreignkey')
        batch_op.create_foreign_key('fk_inclusion_count_plan_version_id_plan_version', 'plan_version',
                                    ['plan_version_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key('fk_inclusion_count_landsdel_id_landsdel', 'landsdel', ['landsdel_id'], ['id'])
        batch_op.create_foreign_key('fk_inclusion_count_programme_id_programme', 'programme', ['programme_id'], ['id'])
    with op.batch_alter_table('plan_version') as batch_op:
        batch_op.drop_constraint('uq_plan_version_identity', type_='unique')
    with op.batch_alter_table('audit_event') as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    op.drop_index('ix_login_session_account', table_name='login_session')
    op.drop_table('login_session')
