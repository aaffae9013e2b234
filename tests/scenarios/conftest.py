"""Fixtures of the saved-scenario tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from portfolio.snapshots.freeze import create_snapshot


def a_snapshot(engine: Engine, day: dt.date = dt.date(2022, 9, 8), label: str = "Møde") -> int:
    return create_snapshot(engine, label=label, as_of=day, actor="admin").id
