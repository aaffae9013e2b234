"""The pack gets the risk log: the 5×5 heat map as a native chart with the lit lamps, and the risks new, closed
or re-scored since the previous snapshot."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from portfolio.db import read_session
from portfolio.risks.pack import risk_section
from portfolio.snapshots.freeze import create_snapshot
from portfolio.snapshots.service import export_snapshot


def _slides(data: bytes) -> list:  # type: ignore[type-arg]
    return list(Presentation(io.BytesIO(data)).slides)


def _texts(slide) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_pack_has_the_heat_map_chart_and_the_changes(demo_engine):
    # the demo freezes the meetings of 9 June (id 1) and 8 September 2022 (id 2)
    slides = _slides(export_snapshot(demo_engine, 2, "pptx", actor="admin").data)
    [heat] = [s for s in slides if _texts(s).startswith("Risici pr. 08.09.2022")]
    [chart] = [shape.chart for shape in heat.shapes if shape.has_chart]
    assert chart.chart_type is XL_CHART_TYPE.BUBBLE
    xml = chart._chartSpace.xml
    assert "score 15–25" in xml and "1!" in xml and "3!" in xml  # KIH (5×5) and CPR (4×5) lit
    assert "Tændte advarselslamper" in _texts(heat)
    assert "prognosen for drift er rykket 90 dage" in _texts(heat)
    [changes] = [s for s in slides if _texts(s).startswith("Risici: nye, lukkede og nyvurderede siden 09.06.2022")]
    text = _texts(changes)
    assert "nyvurderet" in text and "20 → 25" in text and "lukket" in text and "accepteret" in text


def test_the_section_counts_only_changes_in_the_window(demo_engine_both):
    with read_session(demo_engine_both) as session:
        june = risk_section(session, 1, dt.date(2022, 6, 9))  # the demo's first snapshot: nothing before it
        section = risk_section(session, 2, dt.date(2022, 9, 8))
    assert june is not None and june["since"] is None and {c["change"] for c in june["changes"]} == {"new"}
    assert section is not None and section["since"] == "2022-06-09"
    assert {c["change"] for c in section["changes"]} == {"new", "rescored", "closed", "accepted"}
    assert sum(r["lit"] for r in section["risks"]) == 6
    december = create_snapshot(demo_engine_both, label="1. december", as_of=dt.date(2022, 12, 1), actor="test")
    with read_session(demo_engine_both) as session:
        later = risk_section(session, december.id, dt.date(2022, 12, 1))
    assert later is not None and later["since"] == "2022-09-08" and later["changes"] == []
