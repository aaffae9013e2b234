"""Test-only: remember a landsdel's own headers without importing a file (the app does it as part of an import),
through the store's one mapping upsert, authorised and audited like any write."""

from __future__ import annotations

from sqlalchemy import Engine, select

from portfolio import audit
from portfolio.auth.permissions import Action, authorize
from portfolio.db import unit_of_work
from portfolio.importing.store import HeaderMapping, upsert_mappings
from portfolio.models import Landsdel


def save_mappings(engine: Engine, landsdel_key: str, mappings: list[HeaderMapping], *, actor: str) -> None:
    """Raises PermissionDenied for other landsdele, LookupError for an unknown one."""
    with unit_of_work(engine) as session:
        authorize(session, actor, Action.IMPORT_PLAN, landsdel_key=landsdel_key)
        landsdel = session.scalar(select(Landsdel).where(Landsdel.key == landsdel_key))
        if landsdel is None:
            raise LookupError(landsdel_key)
        upsert_mappings(session, landsdel.id, mappings, actor)
        audit.record(session, actor=actor, action="import.mapping", target=landsdel.name,
                     detail={"headers": [m.header_key for m in mappings][:50]})
