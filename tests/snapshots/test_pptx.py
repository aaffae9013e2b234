"""The PowerPoint pack read back with python-pptx: landsdel slides hold native charts with the expected series."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from portfolio.snapshots import service
from portfolio.snapshots.pptx_pack import status_pack
from tests.snapshots.hostile import assert_neutral, hostile_snapshots

TIMELINE_SERIES = ["Start", "Forskydning fra baseline", "Prognose/faktisk dato"]
INCLUSION_SERIES = ["Aktive borgere", "Mål"]


def _texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def test_pack_slides_and_native_charts(demo_snapshots):
    data = status_pack(demo_snapshots.september, demo_snapshots.diff)
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    titles = [_texts(s)[0] for s in slides]
    assert titles[0] == "Statuspakke til porteføljestyregruppen"
    assert titles[1] == "Siden sidst"
    landsdel_slides = slides[2:12]
    assert titles[2:7] == ["KOL: Nord", "KOL: Midt", "KOL: Syd", "KOL: Hovedstaden", "KOL: Sjælland"]
    assert titles[7] == "Hjertesvigt: Nord"
    assert titles[12:] == ["FUT-infrastrukturen", "Risici"]
    payload = demo_snapshots.september.payload
    kol = payload["programmes"][0]["landsdele"]
    for slide, entry in zip(landsdel_slides[:5], kol, strict=True):
        timeline, inclusion = _charts(slide)
        assert timeline.chart_type == XL_CHART_TYPE.BAR_STACKED
        assert [s.name for s in timeline.plots[0].series] == TIMELINE_SERIES
        assert len(timeline.plots[0].categories) == len(entry["milestones"]) == 19
        assert timeline.plots[0].categories[0].startswith("1.1 ")
        assert inclusion.chart_type == XL_CHART_TYPE.LINE_MARKERS
        assert [s.name for s in inclusion.plots[0].series] == INCLUSION_SERIES
        active = [v for v in inclusion.plots[0].series[0].values if v is not None]
        assert active[-1] == entry["inclusion_summary"]["active_citizens"]
    # the siden sidst slide lists the slipped milestones, biggest slip first
    changes = _texts(slides[1])
    assert any("forskudt" in text for text in changes)
    assert "Sjælland" in changes and "Hovedstaden" in changes


def test_the_same_snapshot_gives_the_same_bytes(demo_snapshots):
    first = status_pack(demo_snapshots.september, demo_snapshots.diff)
    assert status_pack(demo_snapshots.september, demo_snapshots.diff) == first
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_first_snapshot_pack_and_english(demo_snapshots):
    deck = Presentation(io.BytesIO(status_pack(demo_snapshots.february, None, lang="en")))
    slides = list(deck.slides)
    assert _texts(slides[1])[:2] == ["Since last time", "First snapshot: no earlier snapshot to compare with."]
    # In February only the KOL plans were in: one slide per landsdel.
    assert [_texts(s)[0] for s in slides[2:7]] == ["COPD: Nord", "COPD: Midt", "COPD: Syd", "COPD: Hovedstaden",
                                                   "COPD: Sjælland"]


def test_typed_formulas_are_neutralised_in_slides_charts_and_embedded_workbooks(sqlite_engine):
    _, second = hostile_snapshots(sqlite_engine)
    data = service.export_snapshot(sqlite_engine, second, "pptx", actor="t").data
    deck = Presentation(io.BytesIO(data))
    strings = [text for slide in deck.slides for text in _texts(slide)]
    for slide in deck.slides:
        for chart in _charts(slide):
            strings += list(chart.plots[0].categories)
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(archive.read(name)))
            cells = [c for row in book.active.iter_rows() for c in row]
            assert not [c for c in cells if c.data_type == "f"]
            strings += [c.value for c in cells]
    assert_neutral(strings)
    assert any(s.startswith("'+1 ") for s in strings if isinstance(s, str))  # the chart label of the hostile code
