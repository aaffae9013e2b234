"""A file against the plan in force: what changed, milestone by milestone and field by field, and whether the
content is the same at all (``content_key``). Pure functions over ParsedPlans; nothing here touches the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from portfolio.importing.dates import ParsedDate
from portfolio.importing.parsed import ParsedInclusion, ParsedMilestone, ParsedPlan


@dataclass
class MilestoneChange:
    code: str
    title: str
    kind: str  # "new", "removed", "changed"
    # (field, before, after): the values themselves (ParsedDate, MilestoneStatus, bool, str, list of names);
    # portfolio.importing.preview shows them in the user's language
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    days_slipped: int | None = None


@dataclass(frozen=True)
class InclusionChange:
    municipality: str | None  # None: the landsdel as a whole
    month: dt.date
    before: tuple[int, int, int] | None  # (new, active, dropouts) in force now; None: not reported before
    after: tuple[int, int, int] | None  # None: in force now, not in this file (the figure in force stays)


@dataclass
class PlanDiff:
    previous_version: int | None
    new: list[MilestoneChange] = field(default_factory=list)
    removed: list[MilestoneChange] = field(default_factory=list)
    changed: list[MilestoneChange] = field(default_factory=list)
    inclusion: list[InclusionChange] = field(default_factory=list)
    targets: list[tuple[dt.date, int | None, int | None]] = field(default_factory=list)  # (due, before, after)
    plan_fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # target group, reported RAG
    other: bool = False  # the content differs in a way none of the above shows (order, date notation)

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.removed or self.changed or self.inclusion or self.targets or self.plan_fields
                    or self.other)



def _plain(value: Any) -> Any:
    if isinstance(value, ParsedDate):
        return value.date.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def diff_as_json(diff: PlanDiff) -> list[dict[str, Any]]:
    """Every change of a preview, machine-readable (``--json``): dates ISO, statuses as codes."""
    out: list[dict[str, Any]] = []
    for m in diff.new + diff.removed:
        out.append({"what": "milestone", "id": m.code, "change": m.kind})
    for m in diff.changed:
        for name, before, after in m.fields:
            out.append({"what": "milestone", "id": m.code, "change": "changed", "field": name,
                        "before": _plain(before), "after": _plain(after), "days_slipped": m.days_slipped})
    for row in diff.inclusion:
        out.append({"what": "inclusion", "municipality": row.municipality, "month": row.month.isoformat()[:7],
                    "change": "added" if row.before is None else "changed",
                    "before": list(row.before) if row.before else None,
                    "after": list(row.after) if row.after else None})
    for due, before, after in diff.targets:
        out.append({"what": "target", "due_date": due.isoformat(), "before": before, "after": after})
    for name, before, after in diff.plan_fields:
        out.append({"what": "plan", "field": name, "before": _plain(before), "after": _plain(after)})
    if diff.other:
        out.append({"what": "plan", "change": "order_or_date_notation"})
    return out


# --- reading ---------------------------------------------------------------------------------------


def _date_key(value: ParsedDate | None) -> tuple[str, str, str] | None:
    if value is None:
        return None
    return (value.date.isoformat(), str(value.precision), value.text)


def content_key(plan: ParsedPlan | None) -> Any:
    """What a plan says, in a comparable form: same key = same content (file metadata aside)."""
    if plan is None:
        return None
    return (
        str(plan.reported_rag) if plan.reported_rag else None,
        plan.target_group_size,
        tuple((m.code, m.title, m.category, m.owner, bool(m.is_key), _date_key(m.baseline), _date_key(m.forecast),
               _date_key(m.actual), str(m.status) if m.status else None, tuple(sorted(set(m.resolved))), m.comment)
              for m in plan.milestones),
        tuple(sorted((r.municipality_code or 0, r.month.isoformat(), r.new_inclusions, r.active_citizens,
                      r.dropouts) for r in plan.inclusions)),
        tuple(sorted((t.due_date.isoformat(), t.target_count) for t in plan.targets)),
    )


def _when(m: ParsedMilestone) -> dt.date | None:
    chosen = m.actual or m.forecast or m.baseline
    return chosen.date if chosen else None


_COMPARED = ("title", "category", "owner", "is_key", "baseline", "forecast", "actual", "status", "depends_on",
             "comment")


def _value(m: ParsedMilestone, name: str) -> Any:
    if name == "depends_on":  # what the dependencies resolve to, not how they were written
        return sorted(f"{kind}:{code}" for kind, code in set(m.resolved)) or None
    if name == "is_key":
        return bool(m.is_key)
    return getattr(m, name)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, ParsedDate) or isinstance(b, ParsedDate):
        return (a.date, a.precision) == (b.date, b.precision) if a is not None and b is not None else a is b
    return (a or None) == (b or None)


def diff_plans(previous: ParsedPlan | None, current: ParsedPlan, previous_version: int | None = None,
               in_force: list[ParsedInclusion] | None = None) -> PlanDiff:
    """Every change the file makes against the current plan: milestones (new, removed, and each changed field with
    how many days it slipped), inclusion figures against those in force, targets, target group, reported RAG.
    ``in_force``: the inclusion figures in force now (defaults to the previous plan's own rows)."""
    diff = PlanDiff(previous_version=previous_version)
    before = {m.code: m for m in previous.milestones} if previous else {}
    after = {m.code: m for m in current.milestones if m.code}
    for code, m in after.items():
        if code not in before:
            diff.new.append(MilestoneChange(code, m.title, "new"))
            continue
        old = before[code]
        fields = [(name, _value(old, name), _value(m, name)) for name in _COMPARED
                  if not _same(_value(old, name), _value(m, name))]
        if fields:
            was, now = _when(old), _when(m)
            slipped = (now - was).days if was and now and now != was else None
            diff.changed.append(MilestoneChange(code, m.title, "changed", fields, slipped))
    for code, m in before.items():
        if code not in after:
            diff.removed.append(MilestoneChange(code, m.title, "removed"))
    _diff_inclusion(diff, in_force if in_force is not None else (previous.inclusions if previous else []),
                    current.inclusions)
    old_targets = {t.due_date: t.target_count for t in previous.targets} if previous else {}
    new_targets = {t.due_date: t.target_count for t in current.targets}
    if current.targets:  # a file without targets leaves those in force
        diff.targets = [(due, old_targets.get(due), new_targets.get(due))
                        for due in sorted(old_targets.keys() | new_targets.keys())
                        if old_targets.get(due) != new_targets.get(due)]
        old_group = previous.target_group_size if previous else None
        if current.target_group_size != old_group:
            diff.plan_fields.append(("target_group_size", old_group, current.target_group_size))
    old_rag = previous.reported_rag if previous else None
    if previous is not None and current.reported_rag != old_rag:
        diff.plan_fields.append(("reported_rag", old_rag, current.reported_rag))
    if previous is not None and diff.is_empty and content_key(previous) != content_key(current):
        diff.other = True
    return diff


def _counts(row: ParsedInclusion) -> tuple[int, int, int]:
    return (row.new_inclusions, row.active_citizens, row.dropouts)


def _diff_inclusion(diff: PlanDiff, in_force: list[ParsedInclusion], rows: list[ParsedInclusion]) -> None:
    old = {(r.municipality_code, r.month): r for r in in_force}
    for row in sorted(rows, key=lambda r: (r.month, r.municipality_code or 0)):
        was = old.get((row.municipality_code, row.month))
        if was is None or _counts(was) != _counts(row):
            diff.inclusion.append(InclusionChange(row.municipality, row.month,
                                                  _counts(was) if was is not None else None, _counts(row)))
