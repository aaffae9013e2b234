"""The one palette the app and the status pack share (Okabe–Ito: readable with the common forms of colour
blindness), and the stepped scale of inclusion against target used by the tile maps.

The steps sit around the target and the derived-status thresholds (75 % and 90 %), so 52 % and 65 % fall in
different colours; every tile also carries its value as text, and a landsdel without data is drawn as "ingen data",
not as a dark tile.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.i18n import format_share, register_messages, t

HEALTH_COLOUR = {"done": "#0072B2", "on_track": "#009E73", "at_risk": "#E69F00", "late": "#D55E00",
                 "paused": "#999999"}
RAG_COLOUR = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
TARGET_COLOUR, ACTUAL_COLOUR, STATUS_DATE_COLOUR = "#56B4E9", "#0072B2", "#CC79A7"
NO_DATA_COLOUR = "#E0E0E0"

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
    Band(0.0, 0.5, "#D55E00", "#FFFFFF"),
    Band(0.5, 0.6, "#E69F00", "#000000"),
    Band(0.6, 0.75, "#F0E442", "#000000"),
    Band(0.75, 0.9, "#56B4E9", "#000000"),
    Band(0.9, 1.0, "#009E73", "#FFFFFF"),
    Band(1.0, None, "#0072B2", "#FFFFFF"),
)


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
