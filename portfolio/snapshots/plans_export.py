"""Plan export: one workbook per landsdel and programme, in the import template's format.

Built from the snapshot payload only and written by the import feature's own template
writer (:func:`portfolio.importing.template.write_plan_workbook`), so the importer reads it
back: the milestones of the plan in force, the inclusion figures in force (per municipality
and month) and the target set in force, as of the snapshot's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portfolio.domain import DatePrecision, MilestoneStatus, Rag
from portfolio.importing.dates import ParsedDate
from portfolio.importing.parsed import ParsedInclusion, ParsedMilestone, ParsedPlan, ParsedTarget
from portfolio.importing.template import write_plan_workbook
from portfolio.snapshots import view
from portfolio.snapshots.sanitize import neutralise


def _date(part: dict[str, Any] | None) -> ParsedDate | None:
    if not part:
        return None
    precision = DatePrecision(part["precision"]) if part.get("precision") else DatePrecision.DAY
    return ParsedDate(dt.date.fromisoformat(part["date"]), precision, neutralise(part.get("text") or ""))


def _milestone(m: dict[str, Any]) -> ParsedMilestone:
    return ParsedMilestone(
        code=neutralise(m["code"]), title=neutralise(m["title"]), category=neutralise(m["category"]),
        owner=neutralise(m["owner"]), is_key=bool(m["is_key"]), baseline=_date(m["baseline"]),
        forecast=_date(m["forecast"]), actual=_date(m["actual"]),
        status=MilestoneStatus(m["status"]) if m["status"] else None,
        depends_on=[neutralise(d.get("milestone") or d.get("name") or d.get("component", "")) for d in m["depends_on"]],
        comment=neutralise(m["comment"]), sort_order=m["sort_order"],
    )


def parsed_plan(programme: dict[str, Any], entry: dict[str, Any], payload: dict[str, Any]) -> ParsedPlan:
    """The plan of one landsdel and programme as the import reader would have produced it."""
    plan, targets = entry["plan"], entry["targets"]
    names = payload.get("municipalities", {})
    return ParsedPlan(
        landsdel=entry["key"], programme=programme["code"],
        submitted_on=dt.date.fromisoformat(plan["submitted_on"]) if plan else dt.date.fromisoformat(payload["as_of"]),
        reported_rag=Rag(plan["reported_rag"]) if plan and plan["reported_rag"] else None,
        target_group_size=targets["target_group_size"] if targets else None,
        milestones=[_milestone(m) for m in entry["milestones"]],
        inclusions=[ParsedInclusion(month=dt.date.fromisoformat(month),
                                    municipality=names.get(str(code)) if code else None, new_inclusions=new,
                                    active_citizens=active, dropouts=dropouts, municipality_code=code)
                    for month, code, new, active, dropouts in entry["inclusion"]["rows"]],
        targets=[ParsedTarget(dt.date.fromisoformat(p["due_date"]), p["target_count"])
                 for p in (targets["points"] if targets else [])],
    )


def file_name(programme: dict[str, Any], entry: dict[str, Any], payload: dict[str, Any]) -> str:
    return f"Milepælsplan_{programme['code']}_{entry['name']}_{payload['as_of']}.xlsx"


def plan_workbooks(payload: dict[str, Any]) -> dict[str, bytes]:
    """File name -> workbook bytes, for every landsdel and programme with a plan in the snapshot."""
    return {file_name(programme, entry, payload): write_plan_workbook(parsed_plan(programme, entry, payload))
            for programme, entry in view.entries(payload) if entry["plan"]}
