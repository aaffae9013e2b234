"""The national FUT catalogue (data/fut_catalogue.toml) for stores made before it was reference data

A component the store already has (matched by code, name or an alias of the entry, forgivingly: case, spaces,
hyphens, "Integration:" and so on) is not added a second time. Data only; no table changes. `portfolio init`
loads the same catalogue after migrating, so a later entry in the file reaches existing stores too.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 23:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_component = sa.table(
    'component',
    sa.column('id', sa.Integer), sa.column('code', sa.String), sa.column('name', sa.String),
    sa.column('kind', sa.String), sa.column('description', sa.Text), sa.column('sort_order', sa.Integer),
)


def upgrade() -> None:
    from portfolio.catalogue import match_existing, read_catalogue

    bind = op.get_bind()
    existing = [tuple(row) for row in bind.execute(sa.select(_component.c.id, _component.c.code, _component.c.name))]
    order = bind.execute(sa.select(sa.func.max(_component.c.sort_order))).scalar() or 0
    was_empty = not existing
    for position, entry in enumerate(read_catalogue()):
        if match_existing(entry, existing) is not None:  # type: ignore[arg-type]
            continue
        new_id = bind.execute(sa.insert(_component).values(
            code=entry.code, name=entry.name, kind=entry.kind.value, description=entry.description,
            sort_order=position if was_empty else order + position + 1,
        ).returning(_component.c.id)).scalar_one()
        existing.append((new_id, entry.code, entry.name))


def downgrade() -> None:
    # Catalogue components may be named by plans and status entries by now; they stay.
    pass
