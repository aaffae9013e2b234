"""The pack shows a scenario offered on a (B) item of its meeting: one slide with the assumptions, the milestones
pushed and by how much, and the landsdele whose full inclusion moves (read back with python-pptx); the minutes
show it with the item."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from pptx import Presentation

from portfolio.db import read_session
from portfolio.meetings.reads import minutes
from portfolio.meetings.views import items_frame
from portfolio.scenarios import service
from portfolio.scenarios.pack import scenario_section
from portfolio.snapshots.service import export_snapshot


def _texts(slide) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _offer(engine) -> int:  # type: ignore[no-untyped-def]
    scenario = service.save_scenario(engine, name="KOL-hjerte 12 uger, Midt -20 %", actor="admin",
                                     component_slips=[("KOL_HJERTE", 12)], inclusion_changes=[("midt", -20)],
                                     snapshot_id=2)
    service.attach_scenario(engine, scenario, "2:7", actor="admin")  # the demo's (B) item of 8 September 2022
    return scenario


def test_the_pack_has_a_slide_per_offered_scenario(demo_engine):
    scenario = _offer(demo_engine)
    slides = [_texts(s) for s in Presentation(io.BytesIO(export_snapshot(demo_engine, 2, "pptx",
                                                                            actor="admin").data)).slides]
    [slide] = [s for s in slides if s.startswith(f"Scenarie {scenario}: KOL-hjerte 12 uger, Midt -20 %")]
    assert "Beslutningsforslag under punkt 7" in slide and "pr. 08.09.2022" in slide
    assert "KOL-hjerteløsningen (FUT 2.0) skrider 12 uger" in slide and "Inklusionstakten i Midt ændres -20 %" in slide
    assert "6.3 KOL-hjerteløsningen klar til pilot" in slide and "\n68\n" in slide and "+68" not in slide
    assert "Prognose for fuld inklusion" in slide and "KOL Midt:" in slide
    english = [_texts(s) for s in Presentation(io.BytesIO(export_snapshot(demo_engine, 2, "pptx", actor="admin",
                                                                          lang="en").data)).slides]
    assert any(s.startswith(f"Scenario {scenario}: ") and "slips 12 weeks" in s for s in english)
    # the June pack's meeting has no scenario offered: no slide
    june = [_texts(s) for s in Presentation(io.BytesIO(export_snapshot(demo_engine, 1, "pptx",
                                                                         actor="admin").data)).slides]
    assert not any(s.startswith("Scenarie ") for s in june)


def test_the_section_and_the_minutes_on_both_stores(demo_engine_both):
    with read_session(demo_engine_both) as session:
        assert scenario_section(session, 2, dt.date(2022, 9, 8)) is None  # nothing offered yet
    scenario = _offer(demo_engine_both)
    with read_session(demo_engine_both) as session:
        section = scenario_section(session, 2, dt.date(2022, 9, 8))
        content = minutes(session, 2)
    assert section is not None and [s["id"] for s in section["scenarios"]] == [scenario]
    [offered] = section["scenarios"]
    assert offered["item"] == 7 and offered["pushes"][0]["days"] == 68
    assert {o["landsdel"] for o in offered["inclusion"]} == {"Midt"}
    [item] = [i for i in content["items"] if i["number"] == 7]
    assert [o["id"] for o in item["options"]] == [scenario] and "skrider 12 uger" in item["options"][0]["da"]
    frame = items_frame(content, "en")
    assert "slips 12 weeks" in frame["Decision options (scenarios)"].iloc[6]


def test_the_minutes_document_lists_the_option(demo_engine):
    from portfolio.meetings.export import export_minutes

    _offer(demo_engine)
    data = export_minutes(demo_engine, 2, "docx", actor="admin").data
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Scenarie 1 \"KOL-hjerte 12 uger, Midt -20 %\"" in text and "Milepæle skubbet: 10" in text
