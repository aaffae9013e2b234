"""Fixtures shared with the snapshot tests: the demo snapshots."""

from tests.snapshots.conftest import demo_snapshots  # noqa: F401 - a fixture
