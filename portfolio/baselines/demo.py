"""The approved baselines' part of the demo story (called from portfolio.demo).

- On 9 June 2022 the group approved Landsdel Sjælland's new KOL plan (item 4, after its red status and the slip of
  its service-and-logistics milestones): the baseline of the plan Sjælland submitted on 7 June (version 6) is the
  approved baseline from then on. The plan keeps its dates, so the demo's figures stay as they were.
- Landsdel Syd's KOL plan of 1 September 2022 (version 9) moves the baseline of 8.2 ("Pilot evalueret, beslutning
  om udbredelse") three months later without any decision: the milestones page flags "baseline ændret uden
  godkendelse", and its slip is still measured against the first plan's baseline (five months, not two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.baselines.service import record_approval
from portfolio.meetings.models import AgendaItem, Meeting

JUNE = dt.date(2022, 6, 9)
APPROVAL_ITEM_TITLE = "Ny plan for Landsdel Sjælland (KOL)"
# (programme, landsdel, version) -> {milestone code: months its baseline moves}
MOVED_WITHOUT_APPROVAL: dict[tuple[str, str, int], dict[str, int]] = {("KOL", "syd", 9): {"8.2": 3}}


def move_baselines(milestones: Iterable[Any], programme: str, landsdel: str, version_no: int) -> None:
    """Move the typed baseline of the demo's milestones as MOVED_WITHOUT_APPROVAL says (forecasts stay)."""
    from portfolio.i18n import format_date
    from portfolio.months import end_of_month_after

    moves = MOVED_WITHOUT_APPROVAL.get((programme, landsdel, version_no), {})
    for milestone in milestones:
        if milestone.code in moves:
            milestone.baseline_date = end_of_month_after(milestone.baseline_date, moves[milestone.code])
            milestone.baseline_text = format_date(milestone.baseline_date, "da").split(" ", 1)[1]  # "marts 2023"


def load_baseline_demo(session: Session, *, actor: str) -> int:
    """Record the approval of 9 June 2022 (after the meetings are loaded); returns how many."""
    june = session.scalar(select(Meeting).where(Meeting.meeting_date == JUNE))
    item = session.scalar(select(AgendaItem.number).where(AgendaItem.meeting_id == june.id,
                                                          AgendaItem.title == APPROVAL_ITEM_TITLE)) if june else None
    if item is None:
        return 0
    record_approval(session, landsdel="sjaelland", programme="KOL", decision=(june.id, item), actor=actor,
                    note="Ny plan efter rødt tolerancebrud (demo – opdigtet)", audited=False)
    return 1
