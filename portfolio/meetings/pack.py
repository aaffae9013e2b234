"""The meeting register's slides in the snapshot pack: the agenda of the meeting the snapshot is for, the
decisions since the last meeting, and the open and overdue follow-up actions.

:func:`meeting_section` reads the register into plain data (at export time: the agenda is drafted after the
snapshot is frozen); :func:`add_meeting_slides` draws it onto the pack's presentation. The pack builder calls the
one, then the other; a store without meetings gets no extra slides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.i18n import format_date, t
from portfolio.meetings.domain import ItemKind, MeetingStatus, Outcome
from portfolio.meetings.models import Meeting
from portfolio.meetings.reads import list_actions, minutes, org_name

MAX_ROWS = 14


def _meeting_for(session: Session, snapshot_id: int, as_of: dt.date) -> Meeting | None:
    """The meeting held on this snapshot, else the first meeting on or after its date."""
    tied = session.scalar(select(Meeting).where(Meeting.snapshot_id == snapshot_id)
                          .order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1))
    if tied is not None:
        return tied
    return session.scalar(select(Meeting).where(Meeting.meeting_date >= as_of)
                          .order_by(Meeting.meeting_date, Meeting.id).limit(1))


def _decisions(session: Session, before: dt.date) -> list[dict[str, Any]]:
    """The conclusions of the last meeting held before ``before``: decisions and discussions, and every outcome
    other than "taken note"."""
    last = session.scalar(select(Meeting).where(Meeting.meeting_date < before,
                                                Meeting.status != MeetingStatus.PLANNED)
                          .order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1))
    if last is None:
        return []
    content = minutes(session, last.id)
    return [{"meeting_date": content["meeting"]["date"], "number": i["number"], "title": i["title"],
             "kind": i["kind"], "outcome": i["conclusion"]["outcome"], "text": i["conclusion"]["text"]}
            for i in content["items"] if i.get("conclusion") and (
                i["kind"] != ItemKind.O.value or i["conclusion"]["outcome"] != Outcome.TAKEN_NOTE.value)]


def meeting_section(session: Session, snapshot_id: int, as_of: dt.date) -> dict[str, Any] | None:
    """What the pack shows of the register for this snapshot; None when the register is empty."""
    if session.scalar(select(Meeting.id).limit(1)) is None:
        return None
    meeting = _meeting_for(session, snapshot_id, as_of)
    day = meeting.meeting_date if meeting is not None else as_of
    content = minutes(session, meeting.id) if meeting is not None else None
    # Going into the meeting: open the day before it, overdue when due before it.
    actions = list_actions(session, as_of=day - dt.timedelta(days=1), open_only=True)
    return {
        "date": day.isoformat(),
        "meeting": None if content is None else {
            "title": content["meeting"]["title"], "date": content["meeting"]["date"],
            "items": [{"number": i["number"], "title": i["title"], "kind": i["kind"], "presenter": i["presenter"]}
                      for i in content["items"]]},
        "decisions": _decisions(session, day),
        "actions": [{"text": a.text, "owner": a.owner, "due": a.due.isoformat() if a.due else None,
                     "overdue": a.due is not None and a.due < day, "meeting_date": a.meeting_date.isoformat()}
                    for a in actions],
    }


# --- drawing ---------------------------------------------------------------------------------------------


def _day(value: str | None, lang: str) -> str:
    return format_date(dt.date.fromisoformat(value), lang, "short") if value else "–"


def _slide(prs: Any, title: str) -> Any:
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.4), Inches(0.25), Inches(12.5), Inches(0.6))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = title
    run.font.size, run.font.bold = Pt(26), True
    return slide


def _note(slide: Any, text: str) -> None:
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(0.4), Inches(1.3), Inches(12.5), Inches(0.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(14)


def _table(slide: Any, headers: list[str], rows: list[list[str]], widths: list[float], lang: str) -> None:
    from pptx.util import Emu, Inches, Pt

    from portfolio.snapshots.sanitize import neutralise

    shown = rows[:MAX_ROWS]
    if len(rows) > MAX_ROWS:  # the rest are counted, not dropped silently
        shown = rows[:MAX_ROWS - 1] + [[t("snapshot.diff.more", lang, n=len(rows) - MAX_ROWS + 1)]
                                       + [""] * (len(headers) - 1)]
    shape = slide.shapes.add_table(len(shown) + 1, len(headers), Inches(0.4), Inches(1.3), Inches(12.5),
                                   Inches(0.3 * (len(shown) + 1)))
    table = shape.table
    total = sum(widths)
    for c, share in enumerate(widths):
        table.columns[c].width = Emu(int(Inches(12.5) * share / total))
    for r, row in enumerate([headers, *shown]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = neutralise(value) if r else value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)
                    run.font.bold = r == 0


def add_meeting_slides(prs: Any, section: dict[str, Any] | None, lang: str) -> None:
    """The agenda, the decisions since the last meeting, the open and overdue actions (three slides)."""
    if section is None:
        return
    meeting = section["meeting"]
    slide = _slide(prs, t("meeting.pack.agenda_title", lang, title=meeting["title"] if meeting else "–"))
    if meeting and meeting["items"]:
        _table(slide, [t("meeting.col.number", lang), t("meeting.col.title", lang), t("meeting.col.kind", lang),
                       t("meeting.col.presenter", lang)],
               [[str(i["number"]), i["title"], f"({i['kind']})", org_name(i["presenter"], lang)]
                for i in meeting["items"]], [0.6, 8.0, 0.8, 3.1], lang)
    else:
        _note(slide, t("meeting.pack.no_meeting", lang) if meeting is None else t("meeting.page.no_items", lang))
    slide = _slide(prs, t("meeting.pack.decisions_title", lang))
    if section["decisions"]:
        _table(slide, [t("meeting.col.meeting", lang), t("meeting.col.item", lang), t("meeting.col.outcome", lang),
                       t("meeting.col.conclusion", lang)],
               [[_day(d["meeting_date"], lang), f"{d['number']}. {d['title']} ({d['kind']})",
                 t(f"meeting.outcome.{d['outcome']}", lang), d["text"]] for d in section["decisions"]],
               [1.2, 4.0, 1.8, 5.5], lang)
    else:
        _note(slide, t("meeting.pack.no_decisions", lang))
    slide = _slide(prs, t("meeting.pack.actions_title", lang, date=_day(section["date"], lang)))
    if section["actions"]:
        _table(slide, [t("meeting.col.action", lang), t("meeting.col.owner", lang), t("meeting.col.due", lang),
                       t("meeting.col.overdue", lang)],
               [[a["text"], org_name(a["owner"], lang), _day(a["due"], lang),
                 t("meeting.overdue", lang) if a["overdue"] else ""] for a in section["actions"]],
               [7.0, 2.6, 1.3, 1.6], lang)
    else:
        _note(slide, t("meeting.pack.no_actions", lang))
