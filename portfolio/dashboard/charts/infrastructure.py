"""Figure of the FUT infrastructure page: each component's status entries as a timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from portfolio import palette
from portfolio.dashboard.charts.base import (
    PHASE_COLOURS,
    date_axis,
    empty_figure,
    esc,
    figure,
    margin,
    short_date,
    status_line,
)
from portfolio.domain import Phase
from portfolio.feed.history import HistoryRow
from portfolio.i18n import RAG_SYMBOL, format_date, label, rag_badge, t
from portfolio.text import clip

NOTE_WIDTH = 200  # characters of a status entry's note in the hover


def _phase_bars(by_component: dict[str, list[HistoryRow]], phase: Phase, as_of: dt.date,
                lang: str) -> dict[str, Any] | None:
    """The periods every component spent in ``phase``: from a status entry to the next (or the reporting date)."""
    xs, bases, ys, texts, custom = [], [], [], [], []
    for name, rows in by_component.items():
        for row, following in zip(rows, [*rows[1:], None], strict=True):
            if row.phase is not phase:
                continue
            end = following.status_date if following else max(as_of, row.status_date + dt.timedelta(days=1))
            bases.append(row.status_date.isoformat())
            xs.append((end - row.status_date).days * 86_400_000)
            ys.append(esc(name))
            texts.append(RAG_SYMBOL[row.rag])
            custom.append([esc(name), format_date(row.status_date, lang), label(row.phase, lang),
                           rag_badge(row.rag, lang), esc(clip(row.note, NOTE_WIDTH)),
                           short_date(row.pilot_forecast, lang), short_date(row.production_forecast, lang),
                           esc(row.source)])
    if not xs:
        return None
    return {"type": "bar", "x": xs, "base": bases, "y": ys, "orientation": "h", "name": label(phase, lang),
            "text": texts, "textposition": "inside", "insidetextanchor": "start",
            "marker": {"color": PHASE_COLOURS[phase], "line": {"color": "white", "width": 1}},
            "textfont": {"color": palette.PHASE_INK[phase.value]},
            "customdata": custom,
            "hovertemplate": "<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]} · %{customdata[3]}"
            "<br>%{customdata[4]}<br>" + t("dash.infra.hover_forecasts", lang) + "<br>%{customdata[7]}<extra></extra>"}


def _forecast_marks(latest: dict[str, HistoryRow], lang: str) -> list[dict[str, Any]]:
    """The latest pilot and production forecasts of each component, as open markers."""
    marks = []
    for kind, attr, symbol in (("pilot", "pilot_forecast", "triangle-up-open"),
                               ("production", "production_forecast", "star-open")):
        points = [(name, getattr(row, attr)) for name, row in latest.items() if getattr(row, attr)]
        if points:
            marks.append({"type": "scatter", "x": [d for _, d in points], "y": [esc(n) for n, _ in points],
                          "mode": "markers", "marker": {"symbol": symbol, "size": 12, "color": palette.BLACK},
                          "name": t(f"dash.infra.{kind}_forecast", lang),
                          "hovertemplate": "%{y}: " + t(f"dash.infra.{kind}_forecast", lang).lower()
                          + " %{x|%d.%m.%Y}<extra></extra>"})
    return marks


def component_timeline_chart(history: Sequence[HistoryRow], as_of: dt.date, lang: str) -> go.Figure:
    """Each component's status entries as a timeline: phase as the bar (shade and text), RAG as symbol and text."""
    if not history:
        return empty_figure(t("dash.infra.no_history", lang))
    by_component: dict[str, list[HistoryRow]] = {}
    for row in history:
        by_component.setdefault(row.component_name, []).append(row)
    names = list(by_component)
    bars = [bar for phase in Phase if (bar := _phase_bars(by_component, phase, as_of, lang))]
    latest = {name: rows[-1] for name, rows in by_component.items()}
    shape, note = status_line(as_of, lang)
    dates = [row.status_date for row in history] + [as_of] + [
        d for row in latest.values() for d in (row.pilot_forecast, row.production_forecast) if d]
    return figure([*bars, *_forecast_marks(latest, lang)], {
        "shapes": [shape], "annotations": [note], "xaxis": date_axis(dates, lang),
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": [esc(n) for n in reversed(names)]},
        "barmode": "overlay", "title": {"text": t("dash.infra.timeline_title", lang)},
        "height": max(320, 40 * len(names) + 160), "legend": {"orientation": "h", "y": -0.12},
        "margin": margin(60)}, lang)
