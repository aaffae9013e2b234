"""Issue #19: the one palette (portfolio/palette.py) meets WCAG 2.1's contrast minimums where it is drawn (the
charts' white background, the theme's background, the pack's slides), text drawn on its colours is readable, its
sets stay apart for the common forms of colour blindness, and the app's charts and the pack take their colours
from it and from nowhere else."""

from __future__ import annotations

import io
import math
import re
import tomllib
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from portfolio import palette
from portfolio.snapshots.pptx_pack import status_pack
from tests.accessibility.test_statement import contrast

ROOT = Path(__file__).resolve().parents[2]
GRAPHICS, TEXT = 3.0, 4.5  # WCAG 2.1 1.4.11 and 1.4.3
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")

NAMED = {name: value for name, value in vars(palette).items()
         if name.isupper() and isinstance(value, str) and HEX.fullmatch(value)}
SETS = {
    "health": tuple(palette.HEALTH_COLOUR.values()),
    "rag": tuple(palette.RAG_COLOUR.values()),
    "lines": palette.CATEGORICAL,
    "share bands": tuple(band.colour for band in palette.SHARE_BANDS),
    "phases": tuple(palette.PHASE_COLOUR.values()),
    "risk bands": palette.RISK_BAND_COLOUR,
    "inclusion": (palette.TARGET_COLOUR, palette.ACTUAL_COLOUR, palette.STATUS_DATE_COLOUR, palette.GROUP_COLOUR,
                  palette.FORECAST_COLOUR),
}
GRAPHIC_COLOURS = sorted({c for colours in SETS.values() for c in colours}
                         | {palette.SLIP_COLOUR, palette.TODAY_COLOUR, palette.NO_DATA_COLOUR, palette.DARK_GREY})
# (colour, the ink of text drawn on it)
INKED = [(band.colour, band.ink) for band in palette.SHARE_BANDS] + [
    (colour, palette.PHASE_INK[phase]) for phase, colour in palette.PHASE_COLOUR.items()] + [
    (colour, palette.RISK_BAND_INK) for colour in palette.RISK_BAND_COLOUR] + [
    (palette.NO_DATA_COLOUR, palette.NO_DATA_INK)]


def test_the_named_colours_are_the_ones_checked():
    """Every colour palette.py names is in a checked set (a new colour cannot slip past these tests)."""
    checked = set(GRAPHIC_COLOURS) | {ink for _, ink in INKED} | {palette.TEXT, palette.MUTED_TEXT,
                                                                     palette.ALERT_TEXT, palette.BACKGROUND,
                                                                     palette.PACK_TABLE_BAND}
    assert set(NAMED.values()) <= checked, set(NAMED.values()) - checked


@pytest.mark.parametrize("colour", GRAPHIC_COLOURS)
def test_every_chart_colour_has_3_to_1_against_the_backgrounds(colour):
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    for background in (palette.BACKGROUND, theme["backgroundColor"], _slide_background()):
        assert contrast(colour, background) >= GRAPHICS, (colour, background, round(contrast(colour, background), 2))


@pytest.mark.parametrize(("colour", "ink"), INKED)
def test_text_drawn_on_a_palette_colour_has_4_5_to_1(colour, ink):
    assert contrast(colour, ink) >= TEXT, (colour, ink, round(contrast(colour, ink), 2))


def test_the_pack_text_colours_have_4_5_to_1():
    for colour in (palette.TEXT, palette.MUTED_TEXT, palette.ALERT_TEXT):
        assert contrast(colour, _slide_background()) >= TEXT, colour
    for colour in palette.RAG_TEXT.values():  # in the tables, on white and on the darker banded row
        for background in (_slide_background(), palette.PACK_TABLE_BAND):
            assert contrast(colour, background) >= TEXT, (colour, background)


# --- colour blindness: Machado, Oliveira & Fernandes (2009), severity 1, and CIE76 distance in CIELAB -------------

SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
MIN_DISTANCE = 5.0  # CIE76 ΔE; the original Okabe–Ito eight are 7.1 apart at the closest under deuteranopia


def _linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(hex_colour: str, simulation: str) -> tuple[float, float, float]:
    rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, _linear(hex_colour), strict=True))))
           for row in SIMULATIONS[simulation]]
    xyz = [sum(m * c for m, c in zip(row, rgb, strict=True)) / white for row, white in zip(
        ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505)), (0.95047, 1.0, 1.08883),
        strict=True)]
    f = [v ** (1 / 3) if v > (6 / 29) ** 3 else v / (3 * (6 / 29) ** 2) + 4 / 29 for v in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


@pytest.mark.parametrize("simulation", list(SIMULATIONS))
@pytest.mark.parametrize("name", list(SETS))
def test_each_set_stays_apart_for_colour_blind_readers(name, simulation):
    colours = SETS[name]
    for i, a in enumerate(colours):
        for b in colours[i + 1:]:
            distance = math.dist(_lab(a, simulation), _lab(b, simulation))
            assert distance >= MIN_DISTANCE, (name, simulation, a, b, round(distance, 1))


# --- one palette: the charts and the pack take their colours from palette.py ---------------------------------------

@pytest.mark.parametrize("module", [*(f"portfolio/dashboard/charts/{name}.py" for name in (
    "base", "overview", "milestones", "inclusion", "infrastructure")), "portfolio/snapshots/pptx_pack.py",
                                    "portfolio/risks/views.py", "portfolio/risks/pack.py"])
def test_the_charts_and_the_pack_name_no_colour_of_their_own(module):
    source = (ROOT / module).read_text(encoding="utf-8")
    assert not HEX.findall(source)
    assert not re.findall(r"""["'][0-9A-Fa-f]{6}["']""", source)  # python-pptx's bare "0072B2"
    assert not re.findall(r"RGBColor\(0x", source)


def _slide_background() -> str:
    """The pack's slides' background: the master's (no slide overrides it), i.e. its theme's light colour 1."""
    prs = Presentation()  # the template the pack is built on (portfolio.snapshots.pptx_pack)
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    light = re.search(r"<a:lt1>.*?(?:lastClr|val)=\"([0-9A-Fa-f]{6})\".*?</a:lt1>", theme, re.S)
    assert light, "no light colour 1 in the pack's theme"
    return "#" + light.group(1).upper()


def test_the_pack_draws_on_its_background_with_palette_colours(demo_snapshots):
    """In the built pack: no slide has a background of its own, and every colour its slides and charts set is the
    background itself (gaps between tiles, text on dark tiles) or has 3:1 against it."""
    deck = Presentation(io.BytesIO(status_pack(demo_snapshots.september, demo_snapshots.diff, lang="da")))
    background = _slide_background()
    assert background == palette.BACKGROUND
    used: set[str] = set()
    for slide in deck.slides:
        assert slide.follow_master_background, slide.slide_id
        parts = [slide.part, *(rel.target_part for rel in slide.part.rels.values() if rel.reltype == RT.CHART)]
        for part in parts:
            used |= {"#" + v.upper() for v in re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"', part.blob.decode())}
    assert used
    theme = deck.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    accents = ["#" + v.upper() for v in re.findall(r'<a:accent\d>\s*<a:srgbClr val="([0-9A-Fa-f]{6})"', theme)]
    assert accents == list(palette.THEME_ACCENTS)  # the tables' headers: white text on accent 1
    assert contrast(accents[0], palette.WHITE) >= TEXT
    used |= set(accents)
    low = {c: round(contrast(c, background), 2) for c in used if c != background and contrast(c, background) < 3}
    assert not low, low


def test_every_chart_on_the_pages_draws_its_text_readably(demo_db_url):
    """The charts as the pages send them: axis labels, titles and legend in colours of 4.5:1 on white (Streamlit's
    own faded grey, #808495, is 3.8:1), and the chart colours of their lines and markers from the palette."""
    import json

    from tests.accessibility.test_chart_alternatives import CHART_PAGES
    from tests.support.login import open_logged_in

    for page in (*CHART_PAGES, "risks"):
        at = open_logged_in(page)
        charts = at.get("plotly_chart")
        assert charts, page
        for chart in charts:
            layout = json.loads(chart.proto.spec)["layout"]
            colours = [layout["font"]["color"], layout["legend"]["font"]["color"], layout["title"]["font"]["color"]]
            for name, axis in layout.items():
                if name.startswith(("xaxis", "yaxis")):
                    colours += [axis["tickfont"]["color"], axis["title"]["font"]["color"]]
            low = {c for c in colours if contrast(c, palette.BACKGROUND) < TEXT}
            assert not low, (page, low)
