"""Issue #19: every chart and picture in the PowerPoint pack has a non-empty description (alt text), in the pack's
language, built from the chart's own data."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from portfolio.snapshots.alt_text import description_of
from portfolio.snapshots.pdf import pdf_target
from portfolio.snapshots.pptx_pack import status_pack


def _shapes(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_chart_and_picture_in_the_pack_is_described(demo_snapshots, lang):
    deck = Presentation(io.BytesIO(status_pack(demo_snapshots.september, demo_snapshots.diff, lang=lang)))
    described = [shape for slide in deck.slides for shape in _shapes(slide.shapes)
                 if shape.has_chart or shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert any(shape.has_chart for shape in described)
    for shape in described:
        text = description_of(shape)
        assert text, shape.name
        assert text.startswith("Diagram: " if lang == "da" else "Chart: ") or shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    texts = " ".join(description_of(shape) for shape in described)
    word = "Aktive borgere" if lang == "da" else "Active citizens"
    assert word in texts  # the inclusion charts name their series
    month = "september 2022" if lang == "da" else "September 2022"
    assert month in texts  # the timeline's dates read as dates, the language's way


def test_the_pdf_is_tagged():
    assert "UseTaggedPDF" in pdf_target(".pptx") and pdf_target(".pptx").startswith("pdf:impress_pdf_Export:")
    assert pdf_target(".docx").startswith("pdf:writer_pdf_Export:")


def test_the_pack_pdf_has_a_structure_tree(demo_snapshots):
    """LibreOffice writes a tagged PDF (structure tree with the slides' figures). LibreOffice 7.4 does not carry
    a chart's description into the figure's /Alt: docs/accessibility.md says so."""
    from portfolio.snapshots.pdf import pptx_to_pdf

    pdf = pptx_to_pdf(status_pack(demo_snapshots.september, demo_snapshots.diff, lang="da"))
    assert b"/StructTreeRoot" in pdf
    assert b"/MarkInfo" in pdf
