"""The PowerPoint pack read back with python-pptx: landsdel slides hold native charts with the expected series."""

from __future__ import annotations

import io
import re
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
    titles = [s.shapes.title.text for s in slides]  # every title in the layout's title placeholder
    assert titles[0] == "Statuspakke til porteføljestyregruppen"
    assert titles[1:4] == ["Samlet overblik", "Siden sidst", "Siden sidst: afsluttet, nyt, fjernet og status"]
    landsdel_slides = slides[4:14]
    assert titles[4:9] == ["KOL: Nord", "KOL: Midt", "KOL: Syd", "KOL: Hovedstaden", "KOL: Sjælland"]
    assert titles[9] == "Hjertesvigt: Nord"
    assert titles[14:] == ["FUT-infrastrukturen", "Risici"]
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
    changes = _texts(slides[2])
    assert any("forskudt" in text for text in changes)
    assert "Sjælland" in changes and "Hovedstaden" in changes


def test_the_same_snapshot_gives_the_same_bytes(demo_snapshots):
    first = status_pack(demo_snapshots.september, demo_snapshots.diff)
    assert status_pack(demo_snapshots.september, demo_snapshots.diff) == first
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_first_snapshot_pack_and_english(demo_snapshots):
    deck = Presentation(io.BytesIO(status_pack(demo_snapshots.february, None, lang="en")))
    slides = list(deck.slides)
    assert _texts(slides[2])[:2] == ["Since last time", "First snapshot: no earlier snapshot to compare with."]
    # In February only the KOL plans were in: one slide per landsdel.
    assert [_texts(s)[0] for s in slides[3:8]] == ["COPD: Nord", "COPD: Midt", "COPD: Syd", "COPD: Hovedstaden",
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


def test_the_pack_reads_without_the_app(demo_snapshots):
    """Titles in placeholders, a national summary after the title, all of "siden sidst", Danish axes, the status-date
    line on every timeline, and no empty chart."""
    deck = Presentation(io.BytesIO(status_pack(demo_snapshots.september, demo_snapshots.diff)))
    slides = list(deck.slides)
    assert all(slide.shapes.title is not None and slide.shapes.title.text for slide in slides)
    summary = _texts(slides[1])
    assert any(text.startswith("KOL: ") and "aktive borgere" in text for text in summary)  # the KPIs
    assert {"Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"} <= set(summary)  # both statuses per landsdel
    assert any("Nøglemilepæl" in text for text in summary)  # with the reason
    assert any(text.endswith(" %") for text in summary) and "Næste nøglemilepæle" in summary  # tile map, next ones
    more = _texts(slides[3])
    assert "Afsluttet" in more and any("Begrundelse" in text for text in more)
    timelines = 0
    for slide in slides:
        for chart in _charts(slide):
            values = [v for series in chart.plots[0].series for v in series.values if v is not None]
            assert values, f"empty chart on {slide.shapes.title.text}"
            if chart.chart_type == XL_CHART_TYPE.BAR_STACKED:
                timelines += 1
                assert chart.value_axis.tick_labels.number_format == "[$-406]mmm yyyy"
                assert any(shape.name == "status-date line" for shape in slide.shapes)
            else:
                assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
                assert chart.value_axis.tick_labels.number_format == "[$-406]#,##0"
                assert re.fullmatch(r"(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\.? \d{4}",
                                    chart.plots[0].categories[0])  # Danish month names
    assert timelines == 10


def test_a_landsdel_without_inclusion_gets_a_sentence_not_an_empty_chart(demo_snapshots):
    deck = Presentation(io.BytesIO(status_pack(demo_snapshots.september, demo_snapshots.diff)))
    heart_midt = next(s for s in deck.slides if s.shapes.title.text == "Hjertesvigt: Midt")
    assert [c.chart_type for c in _charts(heart_midt)] == [XL_CHART_TYPE.BAR_STACKED]  # heart failure: Nord only
    assert any(text.startswith("Ingen aktive borgere indberettet") for text in _texts(heart_midt))
    english = Presentation(io.BytesIO(status_pack(demo_snapshots.september, demo_snapshots.diff, lang="en")))
    chart = next(c for s in english.slides for c in _charts(s) if c.chart_type == XL_CHART_TYPE.BAR_STACKED)
    assert chart.value_axis.tick_labels.number_format == "[$-809]mmm yyyy"
