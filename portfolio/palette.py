"""The one palette the app's charts and the status pack (PowerPoint and its PDF) share, and the stepped scale of
inclusion against target used by the tile maps.

The hues are Okabe–Ito's (readable with the common forms of colour blindness), darkened where the original is
light, so that every colour has at least 3:1 contrast against the white background of the charts and the slides
(WCAG 2.1 1.4.11), and every text colour drawn on a colour at least 4.5:1 (1.4.3). The light originals (orange
#E69F00, sky blue #56B4E9, yellow #F0E442, grey #999999) are 1.3–2.9:1 against white. Darkened, orange and
vermillion would meet under protanopia, so vermillion is darkened further than orange: they stay apart by
lightness. tests/accessibility/test_palette.py computes the ratios and the colour-blind distances.

Colour is never the only carrier: statuses have their own marker shapes and patterns, lines their dashes, tiles their
value as text, and every chart its table.

The steps sit around the target and the derived-status thresholds (75 % and 90 %), so 52 % and 65 % fall in
different colours; every tile also carries its value as text, and a landsdel without data says "ingen data".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from portfolio.i18n import format_share, register_messages, t

BACKGROUND = "#FFFFFF"  # the charts' (Streamlit's light theme) and the pack's slides
WHITE, BLACK = "#FFFFFF", "#000000"

BLUE = "#0072B2"  # Okabe–Ito blue, 5.2:1
SKY = "#3D94CC"  # sky blue #56B4E9 darkened, 3.3:1
GREEN = "#00805A"  # bluish green #009E73 darkened, 5.0:1
ORANGE = "#C27500"  # orange #E69F00 darkened, 3.6:1
VERMILLION = "#B54400"  # vermillion #D55E00 darkened (apart from orange under protanopia), 5.7:1
PURPLE = "#A8578A"  # reddish purple #CC79A7 darkened, 4.8:1
MUSTARD = "#AB8D3E"  # yellow #F0E442 darkened until it meets 3:1 (a mustard; black text on it), 3.2:1
GREY = "#767676"  # #999999 darkened, 4.5:1
DARK_GREY = "#444444"  # the "today" line and its label, 9.7:1

HEALTH_COLOUR = {"done": BLUE, "on_track": GREEN, "at_risk": ORANGE, "late": VERMILLION, "paused": GREY}
RAG_COLOUR = {"green": GREEN, "amber": ORANGE, "red": VERMILLION}
TARGET_COLOUR, ACTUAL_COLOUR, STATUS_DATE_COLOUR = SKY, BLUE, PURPLE
GROUP_COLOUR = GREY  # the target group (its bar and its line)
FORECAST_COLOUR = ORANGE  # the inclusion forecast and its band's dotted edges
BAND_FILL = "rgba(194,117,0,0.15)"  # the forecast band's area: a tint; its edges carry the contrast
SLIP_COLOUR = VERMILLION  # a milestone's slip from its baseline
TODAY_COLOUR = DARK_GREY
# One colour per line (landsdele in the trend charts); black last. Seven: no yellow meets 3:1 and stays apart.
CATEGORICAL = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK)
# FUT phases, light to dark (udvikling → drift), with the ink of text drawn on each.
PHASE_COLOUR = {"development": "#5B8EC2", "acceptance_test": "#2F6AA8", "pilot": "#1C4A87",
                "production": "#0B2A5A"}
PHASE_INK = {"development": BLACK, "acceptance_test": WHITE, "pilot": WHITE, "production": WHITE}
# The risk matrix's score bands (low, medium, high, critical). Plotly's heat map draws all its cells' text in one
# colour, so these are the lighter tones that carry black text (4.5:1) and still have 3:1 against white: Okabe–Ito's
# own green and vermillion, the mustard, and an orange between.
RISK_BAND_COLOUR = ("#009E73", MUSTARD, "#D38000", "#D55E00")
RISK_BAND_INK = BLACK
NO_DATA_COLOUR, NO_DATA_INK = GREY, WHITE
# The pack's theme accents 1–6 (the tables' header rows carry white text on accent 1; charts' default series).
THEME_ACCENTS = (BLUE, VERMILLION, GREEN, PURPLE, SKY, ORANGE)
# RAG as coloured text in the pack's tables ("▲ Gul": the symbol and the word carry it): 4.5:1 on white and on the
# tables' darker banded row (PACK_TABLE_BAND, as LibreOffice draws the template's table style with THEME_ACCENTS).
RAG_TEXT = {"green": "#00603F", "amber": "#7A4A00", "red": "#943400"}
PACK_TABLE_BAND = "#CCD5E4"
# Text in the pack (the app's text colours are the theme's, .streamlit/config.toml): at least 4.5:1 on white.
TEXT, MUTED_TEXT, ALERT_TEXT = "#262626", "#595959", "#C00000"

register_messages({
    "palette.no_data": ("ingen data", "no data"),
    "palette.band.below": ("under {high}", "below {high}"),
    "palette.band.between": ("{low}–{high}", "{low}–{high}"),
    "palette.band.above": ("{low} og derover", "{low} and above"),
})


@dataclass(frozen=True)
class Band:
    low: float  # inclusive
    high: float | None  # exclusive; None: no upper bound
    colour: str
    ink: str  # text colour readable on the band

    def label(self, lang: str) -> str:
        if self.low <= 0:
            return t("palette.band.below", lang, high=format_share(self.high, lang))
        if self.high is None:
            return t("palette.band.above", lang, low=format_share(self.low, lang))
        return t("palette.band.between", lang, low=format_share(self.low, lang), high=format_share(self.high, lang))


SHARE_BANDS = (
    Band(0.0, 0.5, VERMILLION, WHITE),
    Band(0.5, 0.6, ORANGE, BLACK),
    Band(0.6, 0.75, MUSTARD, BLACK),
    Band(0.75, 0.9, SKY, BLACK),
    Band(0.9, 1.0, GREEN, WHITE),
    Band(1.0, None, BLUE, WHITE),
)


_AXIS = re.compile(r"^[xy]axis\d*$")


def readable_layout(layout: dict[str, Any]) -> dict[str, Any]:
    """What :func:`readable_text` sets, written into a layout spec before the figure is built (free, where the
    figure's own update calls cost about 5 ms a figure on every rerun); ``layout`` is changed and returned."""
    def part(owner: dict[str, Any], *path: str) -> dict[str, Any]:
        for name in path:
            value = owner.get(name)
            if isinstance(value, str):  # a title given as its text
                value = {"text": value}
            owner[name] = value = dict(value or {})  # a copy: the caller's nested specs stay as they were
            owner = value
        return owner

    part(layout, "font")["color"] = MUTED_TEXT
    for path in (("legend", "font"), ("legend", "title", "font"), ("title", "font")):
        part(layout, *path)["color"] = TEXT
    for axis in {"xaxis", "yaxis", *(name for name in layout if _AXIS.match(name))}:
        part(layout, axis, "tickfont")["color"] = MUTED_TEXT
        part(layout, axis, "title", "font")["color"] = TEXT
    return layout


def readable_text(figure: Any) -> Any:
    """A Plotly figure's axis labels, axis titles, legend and other text without a colour of its own in the palette's
    text colours (4.5:1 and more on white); ``figure`` is changed and returned.

    Streamlit's chart theme draws them in its faded text colour (#808495: 3.8:1 on white, below WCAG's 4.5:1 for
    text, #19). Text that sets its own colour (e.g. white on a dark tile) keeps it. Idempotent.
    """
    figure.update_layout(font_color=MUTED_TEXT, legend_font_color=TEXT, legend_title_font_color=TEXT,
                         title_font_color=TEXT)
    figure.update_xaxes(tickfont_color=MUTED_TEXT, title_font_color=TEXT)
    figure.update_yaxes(tickfont_color=MUTED_TEXT, title_font_color=TEXT)
    return figure


def share_band(share: float | None) -> Band | None:
    """The band of active citizens as a share of the target due; None when there is no figure."""
    if share is None or share != share:  # NaN
        return None
    for band in SHARE_BANDS:
        if share < (band.high if band.high is not None else float("inf")):
            return band
    return SHARE_BANDS[-1]


def share_text(share: float | None, lang: str) -> str:
    """The value printed on a tile: "64 %", or "ingen data"."""
    return t("palette.no_data", lang) if share_band(share) is None else format_share(share, lang)
