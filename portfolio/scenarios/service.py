"""Saved scenarios' use cases: save (checked, authorised, audited), list, compute, compare, attach to a (B) item.

Bad input raises :class:`ScenarioRefused` before anything is stored; an account that may not raises
:class:`~portfolio.auth.permissions.PermissionDenied` (saving and attaching are the secretariat's: the meeting
register's right, ``Action.MANAGE_MEETINGS``). Reading is open to every account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from portfolio import audit
from portfolio.auth.permissions import Action, refused
from portfolio.db import unit_of_work
from portfolio.meetings.domain import ItemKind, MeetingStatus
from portfolio.meetings.models import AgendaItem, Meeting
from portfolio.models import TARGET_WIDTH, WHO_WIDTH, Component, Landsdel, Snapshot
from portfolio.names import fold
from portfolio.personal_data import find_cpr
from portfolio.reference import landsdel_by_name
from portfolio.scenarios import messages as _messages  # noqa: F401 - registers the texts
from portfolio.scenarios.compute import COMPONENT_SLIP, INCLUSION_RATE, Assumption, ScenarioResult, compute
from portfolio.scenarios.errors import ScenarioRefused
from portfolio.scenarios.models import Scenario, ScenarioAssumption, ScenarioOption
from portfolio.text import clip

MAX_NAME = 200
MAX_WEEKS = 104  # two years: the what-if's own limit
MIN_PERCENT, MAX_PERCENT = -100, 500


# --- input checks -----------------------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """Bad input echoed in a refusal: short, and never a CPR number."""
    text = str(value if value is not None else "")
    return "***" if find_cpr(text) else text[:40]


def clean_name(value: str | None) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ScenarioRefused("scenario.error.name_empty")
    masked = find_cpr(text)
    if masked:
        raise ScenarioRefused("scenario.error.name_cpr", masked=masked)
    if len(text) > MAX_NAME:
        raise ScenarioRefused("scenario.error.name_long", limit=MAX_NAME)
    return text


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value or "").strip().replace("−", "-")
    try:
        return int(text)
    except ValueError:
        return None


def parse_weeks(value: object) -> int:
    """Weeks a component slips: a whole number 1–104."""
    number = _whole(value)
    if number is None or not 1 <= number <= MAX_WEEKS:
        raise ScenarioRefused("scenario.error.weeks", value=_shown(value), limit=MAX_WEEKS)
    return number


def parse_percent(value: object) -> int:
    """A change of the monthly inclusion rate in per cent: a whole number −100 … +500 (a "%" sign allowed)."""
    text = str(value).strip().removesuffix("%").strip() if isinstance(value, str) else value
    number = _whole(text)
    if number is None or not MIN_PERCENT <= number <= MAX_PERCENT:
        raise ScenarioRefused("scenario.error.percent", value=_shown(value), low=MIN_PERCENT, high=MAX_PERCENT)
    return number


def parse_inclusion(text: str) -> tuple[str, str]:
    """``LANDSDEL=PERCENT`` as its two parts (checked when the scenario is saved)."""
    landsdel, sep, percent = (text or "").partition("=")
    if not sep or not landsdel.strip() or not percent.strip():
        raise ScenarioRefused("scenario.error.inclusion_format", value=_shown(text))
    return landsdel.strip(), percent.strip()


def parse_item(value: str) -> tuple[int, int]:
    """``MEETING:ITEM`` as two numbers."""
    parts = (value or "").strip().split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ScenarioRefused("scenario.error.item_format", value=_shown(value))
    return int(parts[0]), int(parts[1])


def _component(session: Session, text: str) -> str:
    """A FUT component by code or name (case and spacing forgiven)."""
    wanted = fold(text)
    if wanted:
        for code, name in session.execute(select(Component.code, Component.name).order_by(Component.id)):
            if wanted in (fold(code), fold(name)):
                return code
    raise ScenarioRefused("scenario.error.component", value=_shown(text))


def _landsdel(session: Session, text: str) -> str:
    found = landsdel_by_name(session, text) if text.strip() else None
    if found is None:
        known = ", ".join(session.scalars(select(Landsdel.key).order_by(Landsdel.sort_order)))
        raise ScenarioRefused("scenario.error.landsdel", value=_shown(text), known=known)
    return found.key


def _snapshot(session: Session, snapshot_id: int | str | None) -> Snapshot:
    if snapshot_id is None or (isinstance(snapshot_id, str) and not snapshot_id.strip()):
        newest = session.scalar(select(Snapshot).order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1))
        if newest is None:
            raise ScenarioRefused("scenario.error.no_snapshot")
        return newest
    number = _whole(snapshot_id)
    snapshot = session.get(Snapshot, number) if number is not None else None
    if snapshot is None:
        raise ScenarioRefused("scenario.error.snapshot", id=_shown(snapshot_id))
    return snapshot


def assumptions_from(session: Session, component_slips: Sequence[tuple[str, object]],
                     inclusion_changes: Sequence[tuple[str, object]]) -> list[Assumption]:
    """The checked assumptions: known components and landsdele, each once, weeks 1–104, per cent −100…+500."""
    out: list[Assumption] = []
    seen: set[tuple[str, str]] = set()
    for text, weeks in component_slips:
        code = _component(session, text)
        if (COMPONENT_SLIP, code) in seen:
            raise ScenarioRefused("scenario.error.component_twice", code=code)
        seen.add((COMPONENT_SLIP, code))
        out.append(Assumption(COMPONENT_SLIP, code, parse_weeks(weeks)))
    for text, percent in inclusion_changes:
        key = _landsdel(session, text)
        if (INCLUSION_RATE, key) in seen:
            raise ScenarioRefused("scenario.error.landsdel_twice", landsdel=key)
        seen.add((INCLUSION_RATE, key))
        out.append(Assumption(INCLUSION_RATE, key, parse_percent(percent)))
    if not out:
        raise ScenarioRefused("scenario.error.nothing")
    return out


# --- writes ---------------------------------------------------------------------------------------------------


def save_scenario(engine: Engine, *, name: str, actor: str, component_slips: Sequence[tuple[str, object]] = (),
                  inclusion_changes: Sequence[tuple[str, object]] = (), snapshot_id: int | str | None = None) -> int:
    """Store a named scenario computed against a snapshot (default: the newest); returns its id."""
    text = clean_name(name)
    denied = refused(engine, actor, Action.MANAGE_MEETINGS, target=clip(f"scenario: {text}", TARGET_WIDTH))
    if denied is not None:
        raise denied
    with unit_of_work(engine) as session:
        assumptions = assumptions_from(session, component_slips, inclusion_changes)
        snapshot = _snapshot(session, snapshot_id)
        taken = session.scalar(select(Scenario.id).where(func.lower(Scenario.name) == text.lower()).limit(1))
        if taken is not None:
            raise ScenarioRefused("scenario.error.name_taken", name=text, id=taken)
        scenario = Scenario(name=text, snapshot_id=snapshot.id, created_by=clip(actor, WHO_WIDTH))
        session.add(scenario)
        session.flush()
        for a in assumptions:
            session.add(ScenarioAssumption(scenario_id=scenario.id, kind=a.kind, subject=a.subject, amount=a.amount))
        audit.record(session, actor=clip(actor, WHO_WIDTH), action="scenario.save",
                     target=clip(f"scenario {scenario.id}: {text}", TARGET_WIDTH),
                     detail={"scenario_id": scenario.id, "snapshot_id": snapshot.id,
                             "assumptions": [a.as_json() for a in assumptions]})
        return scenario.id


def attach_scenario(engine: Engine, scenario_id: int, item: str | tuple[int, int], *, actor: str) -> tuple[int, int]:
    """Offer the scenario as a decision option on a (B) agenda item (``MEETING:ITEM``); returns (meeting, item)."""
    meeting_id, number = parse_item(item) if isinstance(item, str) else item
    denied = refused(engine, actor, Action.MANAGE_MEETINGS, target=f"scenario {scenario_id}")
    if denied is not None:
        raise denied
    with unit_of_work(engine) as session:
        scenario = session.get(Scenario, scenario_id)
        if scenario is None:
            raise ScenarioRefused("scenario.error.unknown", id=scenario_id)
        meeting = session.get(Meeting, meeting_id)
        agenda_item = None if meeting is None else session.scalar(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.number == number,
                                     AgendaItem.dropped.is_(False)).order_by(AgendaItem.id).limit(1))
        if meeting is None or agenda_item is None:
            raise ScenarioRefused("scenario.error.item", meeting=meeting_id, item=number)
        if agenda_item.kind is not ItemKind.B:
            raise ScenarioRefused("scenario.error.item_kind", meeting=meeting_id, item=number)
        if meeting.status is MeetingStatus.APPROVED:
            raise ScenarioRefused("scenario.error.item_frozen", meeting=meeting_id)
        if session.scalar(select(ScenarioOption.id).where(ScenarioOption.scenario_id == scenario_id,
                                                          ScenarioOption.agenda_item_id == agenda_item.id)):
            raise ScenarioRefused("scenario.error.attached", id=scenario_id, meeting=meeting_id, item=number)
        session.add(ScenarioOption(scenario_id=scenario_id, agenda_item_id=agenda_item.id,
                                   created_by=clip(actor, WHO_WIDTH)))
        audit.record(session, actor=clip(actor, WHO_WIDTH), action="scenario.attach",
                     target=clip(f"scenario {scenario_id}: {scenario.name}", TARGET_WIDTH),
                     detail={"scenario_id": scenario_id, "meeting_id": meeting_id, "item": number,
                             "item_title": agenda_item.title})
        return meeting_id, number


# --- reads ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioInfo:
    id: int
    name: str
    snapshot_id: int
    snapshot_label: str
    as_of: dt.date
    created_at: dt.datetime
    created_by: str
    assumptions: tuple[Assumption, ...]
    options: tuple[tuple[int, int], ...]  # (meeting id, item number) it is a decision option on

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "snapshot_id": self.snapshot_id, "as_of": self.as_of.isoformat(),
                "created_at": self.created_at.isoformat(timespec="seconds"), "created_by": self.created_by,
                "assumptions": [a.as_json() for a in self.assumptions],
                "options": [f"{m}:{i}" for m, i in self.options]}


def _info(session: Session, row: Scenario) -> ScenarioInfo:
    options = session.execute(select(AgendaItem.meeting_id, AgendaItem.number)
                              .join(ScenarioOption, ScenarioOption.agenda_item_id == AgendaItem.id)
                              .where(ScenarioOption.scenario_id == row.id)
                              .order_by(AgendaItem.meeting_id, AgendaItem.number)).all()
    return ScenarioInfo(row.id, row.name, row.snapshot_id, row.snapshot.label, row.snapshot.as_of, row.created_at,
                        row.created_by, tuple(Assumption(a.kind, a.subject, a.amount) for a in row.assumptions),
                        tuple((m, n) for m, n in options))


def list_scenarios(session: Session) -> list[ScenarioInfo]:
    """Every saved scenario, newest first."""
    rows = session.scalars(select(Scenario).options(selectinload(Scenario.assumptions), selectinload(Scenario.snapshot))
                           .order_by(Scenario.id.desc()))
    return [_info(session, row) for row in rows]


def subject_names(session: Session) -> tuple[dict[str, str], dict[str, str]]:
    """The names of the components and landsdele assumptions refer to (by code and key)."""
    return (dict(session.execute(select(Component.code, Component.name)).all()),
            dict(session.execute(select(Landsdel.key, Landsdel.name)).all()))


def get_scenario(session: Session, scenario_id: int) -> ScenarioInfo:
    row = session.get(Scenario, scenario_id)
    if row is None:
        raise ScenarioRefused("scenario.error.unknown", id=scenario_id)
    return _info(session, row)


def scenario_result(session: Session, scenario_id: int) -> tuple[ScenarioInfo, ScenarioResult]:
    """The scenario and its result, computed from its frozen snapshot (the same whenever it is read)."""
    from portfolio.snapshots.freeze import load_snapshot

    info = get_scenario(session, scenario_id)
    return info, compute(load_snapshot(session, info.snapshot_id).payload, info.assumptions)


def options_of_meeting(session: Session, meeting_id: int) -> dict[int, list[ScenarioInfo]]:
    """Per agenda item number, the scenarios offered on it as decision options."""
    rows = session.execute(select(AgendaItem.number, ScenarioOption.scenario_id)
                           .join(ScenarioOption, ScenarioOption.agenda_item_id == AgendaItem.id)
                           .where(AgendaItem.meeting_id == meeting_id, AgendaItem.dropped.is_(False))
                           .order_by(AgendaItem.number, ScenarioOption.id)).all()
    out: dict[int, list[ScenarioInfo]] = {}
    for number, scenario_id in rows:
        out.setdefault(number, []).append(get_scenario(session, scenario_id))
    return out
