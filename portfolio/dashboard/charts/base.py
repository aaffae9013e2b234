"""What every dashboard figure shares: one way to build a figure (plain specs, validated once), the palette's use
for milestone health, phases and lines, the date axis in the users' month names, the status line, the empty figure
and the Danish number separators.

Colour is never the only carrier of meaning: patterns, symbols and text too. Colours from ``portfolio.palette``
(Okabe–Ito hues with 3:1 against the background; shared with the pack).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import plotly.graph_objects as go
from babel.dates import format_date as _babel_date

import portfolio.dashboard.messages  # noqa: F401 - registers the messages used below
from portfolio import palette
from portfolio.domain import MilestoneHealth, Phase
from portfolio.i18n import format_date, t
from portfolio.metrics import month_index, months_between
from portfolio.palette import HEALTH_COLOUR

HEALTH_PATTERN = {MilestoneHealth.DONE: "", MilestoneHealth.ON_TRACK: "", MilestoneHealth.AT_RISK: "/",
                  MilestoneHealth.LATE: "x", MilestoneHealth.PAUSED: "."}
HEALTH_STYLE: dict[MilestoneHealth, tuple[str, str]] = {  # colour, pattern
    health: (HEALTH_COLOUR[health.value], HEALTH_PATTERN[health]) for health in MilestoneHealth}
HEALTH_SYMBOL = {MilestoneHealth.DONE: "circle", MilestoneHealth.ON_TRACK: "diamond",
                 MilestoneHealth.AT_RISK: "triangle-up", MilestoneHealth.LATE: "x", MilestoneHealth.PAUSED: "square"}
GROUP_COLOUR = palette.GROUP_COLOUR
LANDSDEL_COLOURS = palette.CATEGORICAL
PHASE_COLOURS = {phase: palette.PHASE_COLOUR[phase.value] for phase in Phase}
TODAY_COLOUR = palette.TODAY_COLOUR
TREND_SYMBOLS = ("circle", "square", "diamond", "triangle-up")  # colours repeat after eight lines; shapes do not


def separators(lang: str) -> str:
    """Plotly's decimal and thousands separators: "1.234,5" in Danish."""
    return ",." if lang == "da" else ".,"


def figure(traces: list[dict[str, Any]], layout: dict[str, Any], lang: str) -> go.Figure:
    """One Figure from plain specs, with the language's separators. Built in one call a figure costs about 1.5 ms,
    against 6–10 ms through add_bar and update_layout (each call validates the whole figure again); unvalidated, as
    Plotly Express builds its figures, 0.3–0.5 ms. The specs are this package's own; tests/test_charts.py holds
    every chart builder's figure on the demo data to what validation would make of it."""
    spec = {"data": traces, "layout": palette.readable_layout({**layout, "separators": separators(lang)})}
    built = go.Figure(spec, _validate=False)
    built._readable_text = True  # noqa: SLF001 - show_chart need not set the text colours again (#19)
    return built


def margin(top: int) -> dict[str, int]:
    return {"l": 10, "r": 10, "t": top, "b": 10}


def bar_layout(title: str, **more: object) -> dict[str, Any]:
    return {"title": {"text": title}, "barmode": "stack", "legend": {"orientation": "h", "y": -0.15},
            "margin": margin(50), "height": 360, **more}


def esc(text: str | None) -> str:
    """User text inside a Plotly label or hover: Plotly reads a few HTML tags, so escape it."""
    return html.escape(text or "", quote=False)


def short_date(day: dt.date | None, lang: str) -> str:
    return format_date(day, lang, "short") if day else "–"


def date_ticks(start: dt.date, end: dt.date, lang: str, most: int = 10) -> tuple[list[str], list[str]]:
    """Month ticks between two dates labelled the users' way ("sep. 2022"), at most ``most`` of them."""
    first, months = dt.date(start.year, start.month, 1), max(1, months_between(start, end))
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= most)
    ticks = []
    index = month_index(first)
    index += (-index) % step  # align to whole quarters / half years / years
    while index <= month_index(end):
        ticks.append(dt.date(index // 12, index % 12 + 1, 1))
        index += step
    pattern = "MMM y" if step < 12 else "y"
    locale = "en_GB" if lang == "en" else "da_DK"
    return [d.isoformat() for d in ticks], [_babel_date(d, format=pattern, locale=locale) for d in ticks]


def date_axis(dates: list[dt.date | None], lang: str, most: int = 10, **axis: object) -> dict[str, Any]:
    """A date axis over the dates, ticked in month names; empty (Plotly's own) without dates."""
    known = [d for d in dates if d is not None]
    if not known:
        return dict(axis)
    values, texts = date_ticks(min(known), max(known), lang, most)
    return {"type": "date", "tickvals": values, "ticktext": texts, **axis}


def status_line(as_of: dt.date, lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The reporting date as a vertical line, labelled "Status pr. <date>": a shape and an annotation."""
    shape = {"type": "line", "x0": as_of.isoformat(), "x1": as_of.isoformat(), "y0": 0, "y1": 1, "yref": "paper",
             "line": {"color": TODAY_COLOUR, "dash": "dash", "width": 1.5}}
    note = {"x": as_of.isoformat(), "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": t("dash.status_as_of", lang, date=format_date(as_of, lang, "short")),
            "font": {"size": 11, "color": TODAY_COLOUR}}
    return shape, note


def empty_figure(message: str) -> go.Figure:
    return go.Figure({"data": [], "layout": {
        "annotations": [{"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 200, "margin": margin(10)}})
