"""The minutes as .docx (opened with python-docx) and PDF, and the meeting slides of the snapshot pack."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pptx import Presentation

from portfolio.db import read_session
from portfolio.meetings import export, reads, service
from portfolio.meetings.errors import MeetingRefused
from portfolio.snapshots import service as snapshot_service
from portfolio.snapshots.freeze import create_snapshot
from portfolio.snapshots.pdf import find_soffice
from tests.conftest import skip_or_fail
from tests.meetings.conftest import ADMIN


def _september(engine) -> int:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return next(m.id for m in reads.list_meetings(session) if m.date == dt.date(2022, 9, 8))


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in doc.paragraphs]


def test_the_docx_has_the_shape_of_the_minutes(demo_engine):
    meeting_id = _september(demo_engine)
    result = export.export_minutes(demo_engine, meeting_id, "docx", actor="viewer")
    assert result.file_name == "Referat_2022-09-08_meeting-2.docx"
    paragraphs = _paragraphs(result.data)
    texts = [text for _, text in paragraphs]
    assert texts[0].startswith("Referat fra møde i porteføljestyregruppen") and "8. september 2022" in texts[0]
    headings = [text for style, text in paragraphs if style == "Heading 2"]
    assert headings[:10] == [
        "1. Velkomst og siden sidst (O)", "2. Referat (O)", "3. Status på FUT (O)",
        "4. Oplæg fra Center for innovativ medicinsk teknologi om TELEMED (O)",
        "5. Overblik over milepælsplaner fra landsdelsprogrammerne (O)", "6. Inklusion af borgere med KOL (O)",
        "7. Fælles e-læring og kompetenceudvikling (B)", "8. Snitflader mellem PRO og telemedicin til hjertesvigt (O)",
        "9. Orientering om planlægningen af seminar for telemedicin til KOL (O)", "10. Eventuelt (O)"]
    assert any(t.startswith("Deltagere: Eva Sejrsdal (Landsdel Nord)") for t in texts)
    assert any(t.startswith("Deltagelse ved udvalgte punkter: Joan Nordahl") for t in texts)
    assert "Konklusion (godkendt): Porteføljestyregruppen tog orienteringen til efterretning og godkendte de to " \
           "kommissorier." in texts
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert any("juridiske vurdering" in b and "ansvarlig: Sundhedsministeriet, frist: 1. november 2022" in b
               for b in bullets)
    assert any("udtræk af lister" in b and "afsluttet" in b for b in bullets)  # June's follow-up, closed
    assert "UDKAST" in " ".join(texts)  # 8 September's minutes are not approved yet


def test_approved_minutes_in_english_with_their_corrections(demo_engine):
    meeting_id = _september(demo_engine)
    service.approve(demo_engine, meeting_id, actor=ADMIN, written_procedure=True)
    service.correct_minutes(demo_engine, meeting_id, 10, reason="Punktet manglede en konklusion", actor=ADMIN,
                            outcome="taken_note", text="Ingen bemærkninger.")
    texts = [t for _, t in _paragraphs(export.export_minutes(demo_engine, meeting_id, "docx", actor=ADMIN,
                                                             lang="en").data)]
    assert texts[0].startswith("Minutes of the meeting") and "DRAFT" not in " ".join(texts)
    assert "Conclusion (taken note of): Ingen bemærkninger." in texts
    assert any(t.startswith("Revision 2, approved in written procedure") for t in texts)
    assert any("Punktet manglede en konklusion" in t for t in texts)


def test_unknown_format_or_meeting_is_refused(demo_engine):
    with pytest.raises(MeetingRefused, match="meeting.error.format"):
        export.export_minutes(demo_engine, 1, "odt", actor=ADMIN)
    with pytest.raises(MeetingRefused, match="meeting.error.unknown"):
        export.export_minutes(demo_engine, 99, "docx", actor=ADMIN)


def test_the_minutes_as_pdf(demo_engine):
    if find_soffice() is None:
        skip_or_fail("LibreOffice (soffice) is not installed")
    data = export.export_minutes(demo_engine, _september(demo_engine), "pdf", actor=ADMIN).data
    assert data[:5] == b"%PDF-"


def _slide_texts(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        texts.append("\n".join(parts))
    return texts


def test_the_pack_has_the_agenda_decisions_and_open_actions(demo_engine):
    create_snapshot(demo_engine, label="Møde 2. februar 2022", as_of=dt.date(2022, 2, 2), actor="test")
    september = create_snapshot(demo_engine, label="Møde 8. september 2022", as_of=dt.date(2022, 9, 8),
                                actor="test")
    slides = _slide_texts(snapshot_service.export_snapshot(demo_engine, september.id, "pptx", actor=ADMIN).data)
    agenda = next(s for s in slides if s.startswith("Dagsorden: Møde i porteføljestyregruppen 8. september 2022"))
    assert "Fælles e-læring og kompetenceudvikling" in agenda and "(B)" in agenda and "Landsdel Midt" in agenda
    decisions = next(s for s in slides if s.startswith("Beslutninger siden sidste møde"))
    assert "Inklusion af borgere med KOL (D)" in decisions  # 9 June's discussion of list extraction
    actions = next(s for s in slides if s.startswith("Åbne og overskredne opfølgningspunkter ved mødet 08.09.2022"))
    assert "udtræk af lister" in actions and "Landsdel Midt" in actions  # open until reported on 8 September
    november = service.create_meeting(demo_engine, meeting_date="2022-11-17", title="Møde 17. november",
                                      snapshot_id=september.id, actor=ADMIN)
    service.add_item(demo_engine, november, service.ItemInput(title="Opfølgning", kind="O"), actor=ADMIN)
    slides = _slide_texts(snapshot_service.export_snapshot(demo_engine, september.id, "pptx", actor=ADMIN,
                                                           lang="en").data)
    actions = next(s for s in slides if s.startswith("Open and overdue actions at the meeting of 17/11/2022"))
    assert "juridiske vurdering" in actions and "overdue" in actions and "Seminar" in actions
    assert "udtræk af lister" not in actions  # closed on 8 September
    assert any(s.startswith("Agenda: Møde 17. november") for s in slides)


def test_no_meeting_slides_without_meetings(sqlite_engine):
    from portfolio.meetings.pack import meeting_section

    with read_session(sqlite_engine) as session:
        assert meeting_section(session, 1, dt.date(2022, 9, 8)) is None
