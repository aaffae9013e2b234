"""Test-only: the stored component status history written back as a feed (JSON), in the documented schema."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.models import Component, ComponentStatus

SCHEMA_VERSION = 1


def feed_entries(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Component.code, ComponentStatus)
        .join(ComponentStatus.component)
        .order_by(Component.sort_order, Component.code, ComponentStatus.status_date, ComponentStatus.id)
    ).all()
    return [
        {
            "component": code,
            "date": status.status_date.isoformat(),
            "phase": status.phase.value,
            "rag": status.rag.value,
            "note": status.note or "",
            "pilot_forecast": status.pilot_forecast.isoformat() if status.pilot_forecast else None,
            "production_forecast": status.production_forecast.isoformat() if status.production_forecast else None,
        }
        for code, status in rows
    ]


def feed_from_store(session: Session) -> bytes:
    """All stored status history as a JSON feed that `portfolio import-feed` reads back unchanged."""
    document = {"schema_version": SCHEMA_VERSION, "entries": feed_entries(session)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
