"""The agenda drafted from the data: what changed since the previous meeting's snapshot.

Read from the frozen snapshot payloads and their "siden sidst" diff (portfolio.snapshots.diff) only:
- landsdele whose key milestones slipped (one item per landsdel and programme, the milestones in the reason);
- the derived RAG turned red, with the rule's reasons as frozen in the snapshot;
- FUT components whose production forecast slipped or that went quiet, and the open regional milestones that
  wait for them;
- inclusion below the monthly rate needed to reach the next target;
- overdue follow-up actions (in the standing "opfølgning" item);
- the standing items: velkomst og siden sidst, referat, status på FUT, opfølgning, eventuelt.
The secretariat then accepts, edits, reorders or drops them (service.edit_agenda).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portfolio.db import read_session
from portfolio.feed.settings import FeedSettings
from portfolio.i18n import format_date, format_number, t
from portfolio.meetings.domain import ItemKind, ItemOrigin
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.models import Meeting
from portfolio.meetings.reads import follow_ups, get_meeting, live_title_set, previous_meeting
from portfolio.meetings.service import Proposal, add_items
from portfolio.metrics import required_monthly_rate
from portfolio.risks.tolerances import exception_proposals
from portfolio.snapshots.diff import SnapshotDiff, diff_payloads, is_done
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.freeze import FrozenSnapshot, load_snapshot
from portfolio.snapshots.view import counts_text, rag_word

MAX_LIST = 6  # milestones named in one reason; the rest are counted


def _short(items: list[str], lang: str) -> str:
    shown = ", ".join(items[:MAX_LIST])
    rest = len(items) - MAX_LIST
    return shown + (t("snapshot.diff.more", lang, n=rest).replace("…", "") if rest > 0 else "")


def _base_snapshot(session: Session, meeting: Meeting, snapshot: FrozenSnapshot) -> FrozenSnapshot | None:
    """The previous meeting's snapshot, else the one recorded as previous when this one was frozen."""
    earlier = session.scalars(select(Meeting).where(Meeting.meeting_date < meeting.meeting_date,
                                                    Meeting.snapshot_id.is_not(None),
                                                    Meeting.snapshot_id != snapshot.info.id)
                              .order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1)).first()
    base_id = earlier.snapshot_id if earlier is not None else snapshot.previous_id
    if base_id is None:
        return None
    return load_snapshot(session, base_id)


def _key_codes(payload: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(p["code"], e["key"], m["code"]): m for p in payload["programmes"] for e in p["landsdele"]
            for m in e["milestones"]}


Concerns = dict[tuple[str, str, str], list[tuple[str, bool]]]  # (programme, landsdel key, name) -> (reason, red)


def _slipped(concerns: Concerns, diff: SnapshotDiff, payload: dict[str, Any], lang: str) -> None:
    milestones = _key_codes(payload)
    groups: dict[tuple[str, str, str], list[str]] = {}
    for move in diff.slipped:
        milestone = milestones.get((move.programme, move.landsdel_key, move.code))
        if milestone is None or not milestone.get("is_key"):
            continue
        groups.setdefault((move.programme, move.landsdel_key, move.landsdel), []).append(
            f"{move.code} {move.title} +{move.days}")
    since = format_date(dt.date.fromisoformat(diff.older.as_of), lang)
    for key, lines in groups.items():
        concerns.setdefault(key, []).append(
            (t("meeting.draft.slipped_reason", lang, n=len(lines), since=since, list=_short(lines, lang)), False))


def _red(concerns: Concerns, diff: SnapshotDiff | None, payload: dict[str, Any], lang: str) -> None:
    before = {(r.programme, r.landsdel_key): r.derived_before for r in (diff.rag if diff else [])}
    for programme in payload["programmes"]:
        for entry in programme["landsdele"]:
            plan = entry.get("plan") or {}
            if plan.get("derived_rag") != "red":
                continue
            was = before.get((programme["code"], entry["key"]))
            if diff is not None and was == "red":
                continue  # red already at the last meeting: not news
            reasons = (plan.get("derived_rag_reasons") or {}).get(lang, "")
            concerns.setdefault((programme["code"], entry["key"], entry["name"]), []).append(
                (t("meeting.draft.red_reason", lang, before=rag_word(was, lang) or "–", reasons=reasons), True))


def _waiting(payload: dict[str, Any], component: str) -> list[str]:
    return [f"{e['name']} {m['code']} {m['title']}" for p in payload["programmes"] for e in p["landsdele"]
            for m in e["milestones"] if not is_done(m) and any(d.get("component") == component
                                                                for d in m.get("depends_on", []))]


def _components(diff: SnapshotDiff | None, payload: dict[str, Any], lang: str) -> list[Proposal]:
    as_of = dt.date.fromisoformat(payload["as_of"])
    stale_days = FeedSettings.from_env().stale_days
    slipped = {c.code: c.production_days for c in (diff.fut_changes if diff else [])
               if (c.production_days or 0) > 0}
    proposals = []
    for component in payload.get("fut", []):
        current = component.get("current")
        whats = []
        if component["code"] in slipped:
            whats.append(t("meeting.draft.component_slipped", lang, days=slipped[component["code"]]))
        if current is None:
            whats.append(t("meeting.draft.component_never", lang))
        else:
            quiet = (as_of - dt.date.fromisoformat(current["status_date"])).days
            if quiet > stale_days:
                whats.append(t("meeting.draft.component_stale", lang, days=quiet))
        if not whats:
            continue
        what = "; ".join(whats)
        waiting = _waiting(payload, component["code"])
        reason = (t("meeting.draft.component_reason", lang, what=what, list=_short(waiting, lang)) if waiting
                  else t("meeting.draft.component_reason_none", lang, what=what))
        proposals.append(Proposal(t("meeting.draft.component", lang, name=component["name"], what=what), ItemKind.O,
                                  reason, ItemOrigin.PROPOSED, presenter="fut",
                                  subjects=({"type": "component", "key": component["code"],
                                             "label": component["name"]},), key=f"component.{component['code']}"))
    return proposals


def _inclusion(concerns: Concerns, payload: dict[str, Any], lang: str) -> None:
    for programme in payload["programmes"]:
        for entry in programme["landsdele"]:
            summary = entry.get("inclusion_summary") or {}
            upcoming = summary.get("next_target")
            monthly = summary.get("monthly") or []
            if not upcoming or not monthly or not summary.get("latest_month"):
                continue
            due_day = dt.date.fromisoformat(upcoming["due_date"])
            needed = required_monthly_rate(target_count=upcoming["target_count"],
                                           active_now=summary["active_citizens"],
                                           last_month=dt.date.fromisoformat(summary["latest_month"]), due=due_day)
            recent = monthly[-3:]
            rate = sum(m["new_inclusions"] - m["dropouts"] for m in recent) / len(recent)
            if needed is None or needed <= 0 or rate >= needed:
                continue
            concerns.setdefault((programme["code"], entry["key"], entry["name"]), []).append((t(
                "meeting.draft.inclusion_reason", lang, active=format_number(summary["active_citizens"], lang),
                needed=format_number(round(needed), lang), target=format_number(upcoming["target_count"], lang),
                due=format_date(due_day, lang), rate=format_number(round(rate), lang)), False))


def _landsdel_items(concerns: Concerns, payload: dict[str, Any], lang: str) -> list[Proposal]:
    """One item per landsdel and programme with every concern as its reason; (D) when the status turned red."""
    order = [(p["code"], e["key"], e["name"]) for p in payload["programmes"] for e in p["landsdele"]]
    items = []
    for key in order:
        found = concerns.get(key)
        if not found:
            continue
        programme, landsdel_key, name = key
        red = any(is_red for _, is_red in found)
        items.append(Proposal(t("meeting.draft.landsdel", lang, landsdel=name, programme=programme),
                              ItemKind.D if red else ItemKind.O, " · ".join(reason for reason, _ in found),
                              ItemOrigin.PROPOSED, presenter=landsdel_key,
                              subjects=({"type": "landsdel", "key": landsdel_key, "label": name},),
                              key=f"landsdel.{programme}.{landsdel_key}"))
    return items


def _fut_changes(diff: SnapshotDiff | None, lang: str) -> str:
    if diff is None or not diff.fut_changes:
        return t("meeting.draft.fut_none", lang)
    return "; ".join(c.name for c in diff.fut_changes[:MAX_LIST])


def proposals(session: Session, meeting_id: int, *, lang: str = "da") -> list[Proposal]:
    """The items the data suggests for the meeting, in agenda order (nothing is stored)."""
    meeting = get_meeting(session, meeting_id)
    if meeting.snapshot_id is None:
        raise MeetingRefused("meeting.error.no_snapshot", id=meeting_id)
    try:
        snapshot = load_snapshot(session, meeting.snapshot_id)
        base = _base_snapshot(session, meeting, snapshot)
    except SnapshotRefused as error:
        raise MeetingRefused("meeting.error.unknown_snapshot", id=error.values.get("id", meeting.snapshot_id)) \
            from None
    payload = snapshot.payload
    diff = diff_payloads(base.payload, payload, older_id=base.info.id, newer_id=snapshot.info.id) if base else None
    previous = previous_meeting(session, meeting)
    counts = counts_text(diff, lang) if diff else t("meeting.draft.since_first", lang)
    standing = ItemOrigin.STANDING
    items = [Proposal(t("meeting.draft.welcome", lang), ItemKind.O, t("meeting.draft.welcome_reason", lang,
                                                                     counts=counts), standing, "formandskabet",
                      key="standing.welcome")]
    if previous is not None:
        items.append(Proposal(t("meeting.draft.minutes", lang), ItemKind.B, t(
            "meeting.draft.minutes_reason", lang, date=format_date(previous.meeting_date, lang),
            status=t(f"meeting.status.{previous.status.value}", lang)), standing, "sekretariatet",
            key="standing.minutes"))
    else:
        items.append(Proposal(t("meeting.draft.minutes", lang), ItemKind.O, t("meeting.draft.minutes_none", lang),
                              standing, "sekretariatet", key="standing.minutes"))
    items.append(Proposal(t("meeting.draft.fut", lang), ItemKind.O,
                          t("meeting.draft.fut_reason", lang, changes=_fut_changes(diff, lang)), standing, "fut",
                          key="standing.fut"))
    items += _components(diff, payload, lang)
    concerns: Concerns = {}
    if diff is not None:
        _slipped(concerns, diff, payload, lang)
    _red(concerns, diff, payload, lang)
    _inclusion(concerns, payload, lang)
    items += _landsdel_items(concerns, payload, lang)
    items += exception_proposals(session, payload, lang)  # (B) items beyond tolerance (portfolio/risks/tolerances.py)
    carried = follow_ups(session, meeting)
    if carried:
        overdue = [a for a in carried if a.overdue]
        listed = [f"{a.text} ({a.owner['en' if lang == 'en' else 'da']})" for a in (overdue or carried)]
        items.append(Proposal(t("meeting.draft.followup", lang), ItemKind.O, t(
            "meeting.draft.followup_reason", lang, open=len(carried), overdue=len(overdue),
            date=format_date(meeting.meeting_date, lang), list=_short(listed, lang)), standing, "sekretariatet",
            key="standing.followup"))
    items.append(Proposal(t("meeting.draft.any_other", lang), ItemKind.O, t("meeting.draft.standing", lang),
                          standing, key="standing.any_other"))
    return items


def draft_agenda(engine: Engine, meeting_id: int, *, actor: str, lang: str = "da") -> list[tuple[int, Proposal]]:
    """Add the proposed items the agenda lacks (an item proposed before, or with the same title, is not proposed
    again, also when dropped); returns them with their numbers."""
    with read_session(engine) as session:
        proposed = proposals(session, meeting_id, lang=lang)
        present = live_title_set(session, meeting_id)
    new = [p for p in proposed if p.title not in present and p.key not in present]
    if not new:
        return []
    numbers = add_items(engine, meeting_id, [p.as_input() for p in new], actor=actor)
    return list(zip(numbers, new, strict=True))


