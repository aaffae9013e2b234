"""The saved scenarios' slides in the snapshot pack: one slide per scenario offered as a decision option on a (B)
item of the meeting the pack is for (the meeting held on the snapshot, else the first one after its date).

:func:`scenario_section` reads them into plain data (at export time, like the meeting register's section);
:func:`add_scenario_slides` draws them: the assumptions, the milestones pushed and by how much, and the landsdele
whose forecast of full inclusion moves. A pack with no scenario offered gets no extra slide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from portfolio.i18n import format_date, format_number, t
from portfolio.meetings.pack import MAX_ROWS, _meeting_for, _note, _slide, _table
from portfolio.scenarios import messages as _messages  # noqa: F401 - registers the texts
from portfolio.scenarios.service import options_of_meeting, scenario_result
from portfolio.scenarios.views import describe_all


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def scenario_section(session: Session, snapshot_id: int, as_of: dt.date) -> dict[str, Any] | None:
    """What the pack shows of the scenarios for this snapshot; None when no scenario is offered."""
    meeting = _meeting_for(session, snapshot_id, as_of)
    if meeting is None:
        return None
    scenarios = []
    for number, offered in sorted(options_of_meeting(session, meeting.id).items()):
        for info in offered:
            result = scenario_result(session, info.id)[1]
            scenarios.append({
                "id": info.id, "name": info.name, "item": number, "as_of": info.as_of.isoformat(),
                "assumptions": {lang: describe_all(info, lang, result) for lang in ("da", "en")},
                "pushes": [{"programme": p.programme, "landsdel": result.landsdel_names.get(p.push.landsdel,
                                                                                            p.push.landsdel),
                            "code": p.push.code, "title": p.push.title, "before": p.push.before.isoformat(),
                            "after": p.push.after.isoformat(), "days": p.push.extra_days} for p in result.pushes],
                "inclusion": [{"programme": o.programme, "landsdel": o.landsdel_name,
                               "before": _iso(o.before.full_date), "after": _iso(o.after.full_date),
                               "days": o.moved_days} for o in result.inclusion
                              if o.percent is not None or o.before.full_date != o.after.full_date],
            })
    if not scenarios:
        return None
    return {"meeting_id": meeting.id, "scenarios": scenarios}


def _day(value: str | None, lang: str) -> str:
    return format_date(dt.date.fromisoformat(value), lang, "short") if value else t("scenario.cli.never", lang)


def add_scenario_slides(prs: Any, section: dict[str, Any] | None, lang: str) -> None:
    """One slide per scenario offered as a decision option."""
    if section is None:
        return
    from pptx.util import Inches, Pt

    from portfolio.snapshots.sanitize import neutralise

    for scenario in section["scenarios"]:
        slide = _slide(prs, t("scenario.pack.title", lang, id=scenario["id"], name=neutralise(scenario["name"])))
        box = slide.shapes.add_textbox(Inches(0.4), Inches(0.75), Inches(12.5), Inches(0.5))
        frame = box.text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = (t("scenario.pack.subtitle", lang, item=scenario["item"], date=_day(scenario["as_of"], lang))
                    + " · " + scenario["assumptions"][lang])
        run.font.size = Pt(11)
        rows = scenario["pushes"]
        if rows:
            _table(slide, [t("scenario.col.programme", lang), t("scenario.col.landsdel", lang),
                           t("scenario.col.milestone", lang), t("dash.col.before", lang), t("dash.col.after", lang),
                           t("dash.col.extra_days", lang)],
                   [[p["programme"], p["landsdel"], f"{p['code']} {p['title']}", _day(p["before"], lang),
                     _day(p["after"], lang), format_number(p["days"], lang)] for p in rows],
                   [1.4, 1.6, 5.6, 1.3, 1.3, 0.8], lang)
        else:
            _note(slide, t("scenario.pack.no_pushes", lang))
        if scenario["inclusion"]:
            top = 1.3 + 0.3 * (min(len(rows), MAX_ROWS) + 1) + 0.3 if rows else 2.0
            box = slide.shapes.add_textbox(Inches(0.4), Inches(top), Inches(12.5), Inches(1.2))
            frame = box.text_frame
            frame.word_wrap = True
            head = frame.paragraphs[0].add_run()
            head.text = t("scenario.panel.full", lang)
            head.font.size, head.font.bold = Pt(12), True
            for o in scenario["inclusion"]:
                moved = (" (" + t("scenario.pack.days", lang, days=("+" if o["days"] > 0 else "")
                                  + format_number(o["days"], lang)) + ")") if o["days"] else ""
                line = frame.add_paragraph().add_run()
                line.text = (f"{o['programme']} {o['landsdel']}: {_day(o['before'], lang)} → "
                             f"{_day(o['after'], lang)}{moved}")
                line.font.size = Pt(11)
