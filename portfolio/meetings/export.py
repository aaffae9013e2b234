"""The minutes as .docx in the shape of the group's own minutes, and as PDF (the .docx through LibreOffice).

Heading ("Referat fra møde i porteføljestyregruppen … den 8. september 2022"), participants by organisation,
the numbered items marked (O)/(B)/(D) with their text, conclusion and follow-up actions, then the follow-up of
earlier actions. Approved minutes are drawn from their newest frozen revision; others are marked as a draft.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from portfolio import audit
from portfolio.auth.permissions import Action, require
from portfolio.db import read_session, unit_of_work
from portfolio.i18n import format_date, t
from portfolio.meetings.errors import MeetingRefused
from portfolio.meetings.reads import minutes, org_name
from portfolio.models import WHO_WIDTH
from portfolio.scenarios.views import option_texts
from portfolio.text import clip

FORMATS = ("docx", "pdf")
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in the document's XML


@dataclass(frozen=True)
class MinutesFile:
    file_name: str
    data: bytes
    mime: str


def _clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


def _day(value: str | None, lang: str, fmt: str = "long") -> str:
    return format_date(dt.date.fromisoformat(value), lang, fmt) if value else "–"


def file_name(content: dict[str, Any], fmt: str) -> str:
    meeting = content["meeting"]
    return f"Referat_{meeting['date']}_meeting-{meeting['id']}.{fmt}"


def _approval_text(content: dict[str, Any], lang: str) -> str:
    meeting = content["meeting"]
    if meeting["approval_method"] == "written_procedure":
        return t("meeting.approval.written_procedure", lang)
    at = meeting.get("approved_at_meeting")
    return (t("meeting.approval.meeting", lang, date=_day(at["date"], lang)) if at
            else t("meeting.approval.meeting_plain", lang))


def minutes_docx(content: dict[str, Any], *, lang: str = "da") -> bytes:  # noqa: C901 - the document top to bottom, one branch per optional part
    from docx import Document
    from docx.shared import Pt, RGBColor

    meeting = content["meeting"]
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    doc.add_heading(_clean(t("meeting.minutes.heading", lang, date=_day(meeting["date"], lang))), level=1)
    if meeting["title"]:
        doc.add_paragraph(_clean(meeting["title"])).runs[0].italic = True
    if content.get("demo"):
        doc.add_paragraph(t("meeting.minutes.demo", lang)).runs[0].bold = True
    if meeting["status"] != "approved":
        run = doc.add_paragraph().add_run(t("meeting.minutes.draft", lang))
        run.bold = True
        run.font.color.rgb = RGBColor(0xA0, 0x30, 0x00)
    full = [p for p in content.get("participants", []) if not p["partial"]]
    partial = [p for p in content.get("participants", []) if p["partial"]]
    for key, people in (("meeting.minutes.participants", full), ("meeting.minutes.partial", partial)):
        if people:
            paragraph = doc.add_paragraph()
            paragraph.add_run(t(key, lang) + ": ").bold = True
            paragraph.add_run(_clean(", ".join(f"{p['name']} ({org_name(p['organisation'], lang)})"
                                               for p in people)))
    if content.get("snapshot"):
        s = content["snapshot"]
        doc.add_paragraph(_clean(t("meeting.minutes.snapshot", lang, id=s["id"], label=s["label"],
                                   as_of=_day(s["as_of"], lang))))
    for item in content["items"]:
        doc.add_heading(_clean(f"{item['number']}. {item['title']} ({item['kind']})"), level=2)
        if item.get("presenter"):
            doc.add_paragraph(_clean(f"{t('meeting.col.presenter', lang)}: {org_name(item['presenter'], lang)}"))
        for block in (item.get("background") or "").split("\n"):
            if block.strip():
                doc.add_paragraph(_clean(block))
        for line in option_texts(item, lang):  # scenarios offered as decision options (portfolio/scenarios/)
            doc.add_paragraph(_clean(line), style="List Bullet")
        conclusion = item.get("conclusion")
        if conclusion:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{t('meeting.minutes.conclusion', lang)} "
                              f"({t('meeting.outcome.' + conclusion['outcome'], lang)}): ").bold = True
            paragraph.add_run(_clean(conclusion.get("text") or ""))
        if item.get("actions"):
            doc.add_paragraph().add_run(t("meeting.minutes.actions", lang)).bold = True
            for a in item["actions"]:
                doc.add_paragraph(_clean(t("meeting.minutes.action_line", lang, text=a["text"],
                                           owner=org_name(a["owner"], lang), due=_day(a["due"], lang))),
                                  style="List Bullet")
    if content.get("followups"):
        doc.add_heading(t("meeting.minutes.followups", lang), level=2)
        for a in content["followups"]:
            status = t("meeting.action_status." + a["status"], lang)
            if a["overdue"]:
                status += f" ({t('meeting.overdue', lang)})"
            if a.get("note"):
                status += f": {a['note']}"
            doc.add_paragraph(_clean(t("meeting.minutes.followup_line", lang, text=a["text"],
                                       owner=org_name(a["owner"], lang), due=_day(a["due"], lang), status=status)),
                              style="List Bullet")
    if meeting["status"] == "approved":
        revision = content.get("revision") or {}
        doc.add_paragraph(_clean(t("meeting.minutes.revision", lang, revision=revision.get("number", 1),
                                   how=_approval_text(content, lang), by=meeting.get("approved_by") or "",
                                   at=_day((meeting.get("approved_at") or "")[:10] or None, lang))))
        if content.get("corrections"):
            doc.add_paragraph().add_run(t("meeting.minutes.corrections", lang)).bold = True
            for c in content["corrections"]:
                doc.add_paragraph(_clean(t("meeting.minutes.correction_line", lang, revision=c["number"], by=c["by"],
                                           at=_day(c["at"][:10], lang), reason=c["reason"])), style="List Bullet")
    props = doc.core_properties
    props.title = clip(_clean(meeting["title"]), 250)
    props.author = props.last_modified_by = "telemed-portfolio"
    stamp = dt.datetime.fromisoformat(meeting["date"])
    props.created = props.modified = stamp
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(content: dict[str, Any], fmt: str, *, lang: str = "da") -> MinutesFile:
    if fmt not in FORMATS:
        raise MeetingRefused("meeting.error.format", format=clip(fmt, 20))
    data = minutes_docx(content, lang=lang)
    if fmt == "pdf":
        from portfolio.snapshots.errors import SnapshotRefused
        from portfolio.snapshots.pdf import document_to_pdf

        try:
            data = document_to_pdf(data, ".docx")
        except SnapshotRefused as error:  # no LibreOffice, or it failed: the same message as the pack's PDF
            raise MeetingRefused(error.key, **error.values) from None
    return MinutesFile(file_name(content, fmt), data, MIME[fmt])


def export_minutes(engine: Engine, meeting_id: int, fmt: str, *, actor: str, lang: str = "da") -> MinutesFile:
    """The minutes as .docx or PDF, audited (format and checksum). Anyone who may read may export."""
    if fmt not in FORMATS:
        raise MeetingRefused("meeting.error.format", format=clip(fmt, 20))
    require(engine, actor, Action.EXPORT_SNAPSHOT, target=f"meeting {meeting_id}")
    with read_session(engine) as session:
        content = minutes(session, meeting_id)
    result = render(content, fmt, lang=lang)
    with unit_of_work(engine) as session:
        audit.record(session, actor=clip(actor, WHO_WIDTH), action="meeting.export", target=f"meeting {meeting_id}",
                     file_name=result.file_name, checksum=audit.sha256(result.data),
                     detail={"meeting_id": meeting_id, "format": fmt, "bytes": len(result.data), "lang": lang})
    return result
