"""Siden sidst: what changed from one snapshot to another, read from the two payloads only.

Milestones are matched by programme, landsdel and the landsdel's own milestone code.
- slipped: open in the newer snapshot and due later than before (days); moved earlier likewise;
- new / removed: in one plan and not the other;
- completed: done in the newer snapshot and not in the older one;
- RAG per landsdel: the landsdel's reported RAG (and the derived RAG, when frozen);
- inclusion per landsdel: active citizens, cumulative inclusions and the expected target;
- FUT: phase, RAG and the production forecast of each component.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

DONE = "done"


@dataclass(frozen=True)
class Side:
    id: int | None
    label: str
    as_of: str


@dataclass(frozen=True)
class MilestoneMove:
    programme: str
    landsdel_key: str
    landsdel: str
    code: str
    title: str
    before: str | None  # due date (forecast, else baseline) in the older snapshot
    after: str | None
    days: int  # > 0 slipped, < 0 moved earlier
    baseline: str | None = None
    days_vs_baseline: int | None = None


@dataclass(frozen=True)
class MilestoneItem:
    programme: str
    landsdel_key: str
    landsdel: str
    code: str
    title: str
    date: str | None  # due date; for completed ones the actual date
    health: str | None = None


@dataclass(frozen=True)
class RagChange:
    programme: str
    landsdel_key: str
    landsdel: str
    before: str | None
    after: str | None
    derived_before: str | None = None
    derived_after: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.derived_before != self.derived_after


@dataclass(frozen=True)
class InclusionChange:
    programme: str
    landsdel_key: str
    landsdel: str
    active_before: int
    active_after: int
    cumulative_before: int
    cumulative_after: int
    expected_before: int | None
    expected_after: int | None
    latest_month_before: str | None
    latest_month_after: str | None

    @property
    def active_delta(self) -> int:
        return self.active_after - self.active_before

    @property
    def included_since(self) -> int:
        return self.cumulative_after - self.cumulative_before


@dataclass(frozen=True)
class ComponentChange:
    code: str
    name: str
    phase_before: str | None
    phase_after: str | None
    rag_before: str | None
    rag_after: str | None
    production_before: str | None
    production_after: str | None

    @property
    def phase_changed(self) -> bool:
        return self.phase_before != self.phase_after

    @property
    def rag_changed(self) -> bool:
        return self.rag_before != self.rag_after

    @property
    def production_days(self) -> int | None:
        if self.production_before and self.production_after:
            return _days(self.production_before, self.production_after)
        return None

    @property
    def changed(self) -> bool:
        return self.phase_changed or self.rag_changed or self.production_before != self.production_after


@dataclass
class SnapshotDiff:
    older: Side
    newer: Side
    slipped: list[MilestoneMove] = field(default_factory=list)
    moved_earlier: list[MilestoneMove] = field(default_factory=list)
    new: list[MilestoneItem] = field(default_factory=list)
    removed: list[MilestoneItem] = field(default_factory=list)
    completed: list[MilestoneItem] = field(default_factory=list)
    rag: list[RagChange] = field(default_factory=list)
    inclusion: list[InclusionChange] = field(default_factory=list)
    fut: list[ComponentChange] = field(default_factory=list)

    @property
    def rag_changes(self) -> list[RagChange]:
        return [r for r in self.rag if r.changed]

    @property
    def fut_changes(self) -> list[ComponentChange]:
        return [c for c in self.fut if c.changed]

    def counts(self) -> dict[str, int]:
        return {"slipped": len(self.slipped), "moved_earlier": len(self.moved_earlier), "new": len(self.new),
                "removed": len(self.removed), "completed": len(self.completed), "rag_changes": len(self.rag_changes),
                "fut_changes": len(self.fut_changes)}

    def as_json(self) -> dict[str, Any]:
        return {
            "from": asdict(self.older),
            "to": asdict(self.newer),
            "counts": self.counts(),
            "slipped_milestones": [asdict(m) for m in self.slipped],
            "moved_earlier_milestones": [asdict(m) for m in self.moved_earlier],
            "new_milestones": [asdict(m) for m in self.new],
            "removed_milestones": [asdict(m) for m in self.removed],
            "completed_milestones": [asdict(m) for m in self.completed],
            "rag_changes": [{**asdict(r), "changed": r.changed} for r in self.rag],
            "inclusion_changes": [{**asdict(i), "active_delta": i.active_delta, "included_since": i.included_since}
                                  for i in self.inclusion],
            "fut_changes": [{**asdict(c), "phase_changed": c.phase_changed, "rag_changed": c.rag_changed,
                             "production_days": c.production_days, "changed": c.changed} for c in self.fut],
        }


def _days(before: str, after: str) -> int:
    return (dt.date.fromisoformat(after) - dt.date.fromisoformat(before)).days


def _part(milestone: dict[str, Any], name: str) -> str | None:
    value = milestone.get(name)
    return value["date"] if value else None


def due(milestone: dict[str, Any]) -> str | None:
    """The date a milestone is due: its forecast, else its baseline."""
    return _part(milestone, "forecast") or _part(milestone, "baseline")


def is_done(milestone: dict[str, Any]) -> bool:
    return milestone.get("health") == DONE or milestone.get("status") == DONE


def _entries(payload: dict[str, Any]) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    return {(p["code"], e["key"]): (p, e) for p in payload["programmes"] for e in p["landsdele"]}


def _order(older: dict[str, Any], newer: dict[str, Any]) -> list[tuple[str, str]]:
    keys = list(_entries(newer))
    keys += [k for k in _entries(older) if k not in keys]
    return keys


def _item(programme: str, entry: dict[str, Any], m: dict[str, Any], date: str | None) -> MilestoneItem:
    return MilestoneItem(programme, entry["key"], entry["name"], m["code"], m["title"], date, m.get("health"))


def _milestones(diff: SnapshotDiff, programme: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
    entry = new or old
    assert entry is not None
    before = {m["code"]: m for m in (old or {}).get("milestones", [])}
    after = {m["code"]: m for m in (new or {}).get("milestones", [])}
    for code, m in after.items():
        was = before.get(code)
        if was is None:
            diff.new.append(_item(programme, entry, m, due(m)))
            continue
        if is_done(m):
            if not is_done(was):
                diff.completed.append(_item(programme, entry, m, _part(m, "actual") or due(m)))
            continue
        old_due, new_due = due(was), due(m)
        if old_due and new_due and old_due != new_due:
            baseline = m.get("approved_baseline") or _part(m, "baseline")  # slip against the approved baseline
            move = MilestoneMove(programme, entry["key"], entry["name"], code, m["title"], old_due, new_due,
                                 _days(old_due, new_due), baseline, _days(baseline, new_due) if baseline else None)
            (diff.slipped if move.days > 0 else diff.moved_earlier).append(move)
    for code, m in before.items():
        if code not in after:
            diff.removed.append(_item(programme, entry, m, due(m)))


def _rag(plan: dict[str, Any] | None, name: str) -> str | None:
    return plan.get(name) if plan else None


def _inclusion(programme: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> InclusionChange | None:
    a = (old or {}).get("inclusion_summary") or {}
    b = (new or {}).get("inclusion_summary") or {}
    if not a.get("latest_month") and not b.get("latest_month") and not a.get("target_group_size") \
            and not b.get("target_group_size"):
        return None
    entry = new or old
    assert entry is not None
    return InclusionChange(programme, entry["key"], entry["name"], a.get("active_citizens", 0),
                           b.get("active_citizens", 0), a.get("cumulative_included", 0),
                           b.get("cumulative_included", 0), a.get("expected_now"), b.get("expected_now"),
                           a.get("latest_month"), b.get("latest_month"))


def _component(old: dict[str, Any] | None, new: dict[str, Any] | None) -> ComponentChange:
    entry = new or old
    assert entry is not None
    a = (old or {}).get("current") or {}
    b = (new or {}).get("current") or {}
    return ComponentChange(entry["code"], entry["name"], a.get("phase"), b.get("phase"), a.get("rag"), b.get("rag"),
                           a.get("production_forecast"), b.get("production_forecast"))


def diff_payloads(older: dict[str, Any], newer: dict[str, Any], *, older_id: int | None = None,
                  newer_id: int | None = None) -> SnapshotDiff:
    """What changed from ``older`` to ``newer`` (two snapshot payloads)."""
    diff = SnapshotDiff(Side(older_id, older["label"], older["as_of"]), Side(newer_id, newer["label"], newer["as_of"]))
    old_entries, new_entries = _entries(older), _entries(newer)
    for key in _order(older, newer):
        programme = key[0]
        old = old_entries.get(key, (None, None))[1]
        new = new_entries.get(key, (None, None))[1]
        _milestones(diff, programme, old, new)
        old_plan, new_plan = (old or {}).get("plan"), (new or {}).get("plan")
        if old_plan or new_plan:
            entry = new or old
            assert entry is not None
            diff.rag.append(RagChange(programme, entry["key"], entry["name"], _rag(old_plan, "reported_rag"),
                                      _rag(new_plan, "reported_rag"), _rag(old_plan, "derived_rag"),
                                      _rag(new_plan, "derived_rag")))
        change = _inclusion(programme, old, new)
        if change is not None:
            diff.inclusion.append(change)
    old_fut = {c["code"]: c for c in older.get("fut", [])}
    new_fut = {c["code"]: c for c in newer.get("fut", [])}
    for code in [*new_fut, *(c for c in old_fut if c not in new_fut)]:
        diff.fut.append(_component(old_fut.get(code), new_fut.get(code)))
    return diff
