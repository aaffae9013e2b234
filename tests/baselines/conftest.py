"""Helpers of the approved-baseline tests: plan versions written straight into the store, and decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from portfolio.db import unit_of_work
from portfolio.meetings import service as meetings
from portfolio.models import Landsdel, Milestone, PlanVersion, Programme

ADMIN = "admin"
D = dt.date


def add_plan(engine: Engine, landsdel: str, version: int, submitted: dt.date,
             milestones: dict[str, tuple[dt.date | None, dt.date | None]], programme: str = "KOL") -> int:
    """A plan version whose milestones are (baseline, forecast) by code, all key milestones."""
    with unit_of_work(engine) as session:
        ld = session.scalar(select(Landsdel).where(Landsdel.key == landsdel))
        prog = session.scalar(select(Programme).where(Programme.code == programme))
        plan = PlanVersion(landsdel_id=ld.id, programme_id=prog.id, version_no=version, submitted_on=submitted,
                           source_file=f"plan_{landsdel}_v{version}.xlsx", checksum=f"{landsdel}{programme}{version}",
                           imported_by=ADMIN)
        for order, (code, (baseline, forecast)) in enumerate(milestones.items()):
            plan.milestones.append(Milestone(code=code, title=f"Milepæl {code}", is_key=True, sort_order=order,
                                             baseline_date=baseline, forecast_date=forecast))
        session.add(plan)
        session.flush()
        return plan.id


def decision(engine: Engine, day: str, outcome: str = "approved") -> int:
    """A held meeting whose item 1 (B, "Ny plan") has the outcome; returns the meeting id."""
    meeting = meetings.create_meeting(engine, meeting_date=day, title=f"Møde {day}", actor=ADMIN)
    meetings.add_item(engine, meeting, meetings.ItemInput(title="Ny plan for Landsdel Sjælland", kind="B",
                                                          presenter="sjaelland"), actor=ADMIN)
    meetings.conclude(engine, meeting, 1, outcome=outcome, text="Den nye plan er godkendt.", actor=ADMIN)
    return meeting


def moved_plans(engine: Engine) -> tuple[int, int]:
    """Sjælland KOL: v1 (1 June 2022) and v2 (1 August 2022), which moves 5.3's baseline three months later and
    adds 9.9."""
    first = add_plan(engine, "sjaelland", 1, D(2022, 6, 1), {
        "5.3": (D(2022, 9, 30), D(2022, 9, 30)), "6.3": (D(2022, 6, 30), D(2022, 7, 31))})
    second = add_plan(engine, "sjaelland", 2, D(2022, 8, 1), {
        "5.3": (D(2022, 12, 31), D(2022, 12, 31)), "6.3": (D(2022, 6, 30), D(2022, 7, 31)),
        "9.9": (D(2023, 3, 31), D(2023, 3, 31))})
    return first, second
