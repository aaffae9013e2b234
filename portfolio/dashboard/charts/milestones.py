"""Figures of the milestones page: the milestone timeline (Gantt) and the milestone trend analysis."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from portfolio import palette
from portfolio.dashboard.charts.base import (
    HEALTH_STYLE,
    HEALTH_SYMBOL,
    LANDSDEL_COLOURS,
    TREND_SYMBOLS,
    date_axis,
    date_ticks,
    empty_figure,
    esc,
    figure,
    margin,
    status_line,
)
from portfolio.dashboard.milestones import MilestoneLine
from portfolio.dashboard.queries import TrendPoint
from portfolio.domain import MilestoneHealth
from portfolio.i18n import format_date, format_number, label, t
from portfolio.text import clip

LABEL_WIDTH = 42  # characters of a milestone's title on the axis of the all-landsdele timeline
WRAP_AT = 34  # characters per line of a wrapped axis label
TREND_NAME_WIDTH = 30  # characters of a milestone's title in the trend chart's legend


def _line_label(line: MilestoneLine) -> str:
    return f"{esc(line.landsdel_name)} · {esc(line.code)} {esc(clip(line.title, LABEL_WIDTH, ellipsis=True))}"


def _wrapped_label(line: MilestoneLine) -> str:
    """The full title on the axis, wrapped (the chart is per landsdel, so the landsdel's name is the title)."""
    return "<br>".join(textwrap.wrap(f"{esc(line.code)} {esc(line.title)}", WRAP_AT, max_lines=3, placeholder=" …",
                                     break_on_hyphens=False))


def _hover_data(line: MilestoneLine, lang: str) -> list[str]:
    return [esc(line.landsdel_name), esc(line.code), esc(line.title), esc(line.baseline_text) or "–",
            esc(line.forecast_text) or "–", esc(line.actual_text) or "–",
            format_number(line.slip_days, lang) if line.slip_days is not None else "–",
            f"v{line.plan.version_no}", esc(line.plan.source_file), format_date(line.plan.submitted_on, lang),
            label(line.health, lang)]


def _spans(pairs: list[tuple[dt.date, dt.date, str]]) -> tuple[list[object], list[object]]:
    """Line segments from one date to another on a row, as one trace's x and y (None between segments)."""
    xs: list[object] = []
    ys: list[object] = []
    for start, end, row in pairs:
        xs += [start, end, None]
        ys += [row, row, None]
    return xs, ys


def _movement_traces(lines: Sequence[MilestoneLine], labels: list[str], lang: str) -> list[dict[str, Any]]:
    """The slip (baseline → forecast, while open) and the FUT knock-on (forecast → pushed to) as segments."""
    traces = []
    slips = [(line.baseline, line.forecast, name) for line, name in zip(lines, labels, strict=True)
             if line.baseline and line.forecast and line.baseline != line.forecast and line.actual is None]
    if slips:
        xs, ys = _spans(slips)
        traces.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines",
                       "line": {"color": palette.GREY, "width": 3},
                       "name": t("dash.legend.slip", lang), "hoverinfo": "skip"})
    pushes = [(line.forecast, line.pushed_to, name) for line, name in zip(lines, labels, strict=True)
              if line.pushed_to and line.forecast]
    if pushes:
        xs, ys = _spans(pushes)
        traces.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines+markers",
                       "line": {"color": palette.SLIP_COLOUR, "dash": "dot"},
                       "marker": {"symbol": "triangle-right-open", "size": 9, "color": palette.SLIP_COLOUR},
                       "name": t("dash.legend.knock_on", lang), "hoverinfo": "skip"})
    return traces


def _date_traces(lines: Sequence[MilestoneLine], labels: list[str], lang: str) -> list[dict[str, Any]]:
    """Baseline (open diamond), open forecasts (a marker per health) and actual dates (star)."""
    custom = [_hover_data(line, lang) for line in lines]
    hover = ("<b>%{customdata[0]} · %{customdata[1]}</b> %{customdata[2]}<br>"
             + t("dash.hover.dates", lang) + "<br>" + t("dash.hover.slip", lang)
             + "<br>%{customdata[10]}<br>Plan %{customdata[7]} · %{customdata[8]} · %{customdata[9]}<extra></extra>")

    def marks(chosen: list[int], day: str, name: str, marker: dict[str, Any]) -> dict[str, Any]:
        return {"type": "scatter", "x": [getattr(lines[i], day) for i in chosen], "y": [labels[i] for i in chosen],
                "mode": "markers", "marker": marker, "name": name, "customdata": [custom[i] for i in chosen],
                "hovertemplate": hover}

    traces = [marks([i for i, line in enumerate(lines) if line.baseline], "baseline", t("dash.legend.baseline", lang),
                    {"symbol": "diamond-open", "size": 10, "color": palette.DARK_GREY})]
    for health, (colour, _pattern) in HEALTH_STYLE.items():
        chosen = [i for i, line in enumerate(lines) if line.health is health and line.forecast and not line.actual]
        if chosen:
            traces.append(marks(chosen, "forecast", f"{t('dash.legend.forecast', lang)}: {label(health, lang).lower()}",
                                {"symbol": HEALTH_SYMBOL[health], "size": 11, "color": colour}))
    done = [i for i, line in enumerate(lines) if line.actual]
    if done:
        traces.append(marks(done, "actual", t("dash.legend.actual", lang),
                            {"symbol": "star", "size": 12, "color": HEALTH_STYLE[MilestoneHealth.DONE][0]}))
    return traces


def milestone_timeline_chart(lines: Sequence[MilestoneLine], as_of: dt.date, lang: str, *,
                             title: str | None = None) -> go.Figure:
    """A milestone Gantt: baseline (open diamond) → forecast (marker by health), actual (star), FUT knock-on.

    With ``title`` (a landsdel's name) the chart is one landsdel's: full titles wrapped on the axis, the date axis
    above and below the rows, so neither scrolls out of sight.
    """
    if not lines:
        return empty_figure(t("dash.no_milestones", lang))
    labels = [_wrapped_label(line) if title else _line_label(line) for line in lines]
    traces = [*_movement_traces(lines, labels, lang), *_date_traces(lines, labels, lang)]
    shape, note = status_line(as_of, lang)
    dates = [d for line in lines for d in (line.baseline, line.forecast, line.actual, line.pushed_to) if d]
    layout: dict[str, Any] = {
        "shapes": [shape], "annotations": [note], "xaxis": date_axis([*dates, as_of], lang),
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": list(reversed(labels)),
                  "tickfont": {"size": 11}}}
    if not title:
        return figure(traces, {**layout, "title": {"text": t("dash.timeline.title", lang)},
                               "height": max(320, 20 * len(lines) + 160),
                               "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
                               "margin": margin(90)}, lang)
    # One landsdel: rows as tall as the longest wrapped title, dates above the rows too, legend below.
    tallest = max(text.count("<br>") + 1 for text in labels)
    axis = layout["xaxis"]
    layout["xaxis2"] = {"overlaying": "x", "side": "top", "matches": "x", "showgrid": False, "type": "date",
                        "tickvals": axis["tickvals"], "ticktext": axis["ticktext"]}
    traces.append({"type": "scatter", "x": [min(d for line in lines for d in (line.baseline, line.forecast,
                                                                              line.actual, as_of) if d)],
                   "y": [labels[0]], "xaxis": "x2", "mode": "markers", "marker": {"opacity": 0}, "showlegend": False,
                   "hoverinfo": "skip"})
    return figure(traces, {**layout, "title": {"text": title, "y": 0.995, "yanchor": "top"},
                           "height": len(lines) * (14 * tallest + 10) + 230,
                           "legend": {"orientation": "h", "y": -0.03, "yanchor": "top", "x": 0},
                           "margin": margin(80)}, lang)


def _trend_line(index: int, code: str, dated: list[TrendPoint], lang: str) -> dict[str, Any]:
    """One milestone's dates through the plan versions: thick and solid for a key milestone, a star once done."""
    first = dated[0]
    forecast_word, actual_word = t("dash.legend.forecast", lang), t("dash.legend.actual", lang)
    return {
        "type": "scatter", "x": [p.submitted_on for p in dated], "y": [p.actual_date or p.forecast_date for p in dated],
        "mode": "lines+markers", "name": f"{esc(code)} {esc(clip(first.title, TREND_NAME_WIDTH))}",
        "line": {"color": LANDSDEL_COLOURS[index % len(LANDSDEL_COLOURS)], "width": 3 if first.is_key else 1.5,
                 "dash": "solid" if first.is_key else "dot"},
        "marker": {"symbol": ["star" if p.actual_date else TREND_SYMBOLS[index // len(LANDSDEL_COLOURS) % 4]
                              for p in dated], "size": 8},
        "customdata": [[f"v{p.version_no}", esc(p.source_file), format_date(p.submitted_on, lang),
                        format_date(p.actual_date or p.forecast_date, lang),
                        actual_word if p.actual_date else forecast_word] for p in dated],
        "hovertemplate": f"<b>{esc(code)}</b> {esc(first.title)}<br>%{{customdata[4]}}: %{{customdata[3]}}<br>"
                         "Plan %{customdata[0]} · %{customdata[1]} · %{customdata[2]}<extra></extra>"}


def milestone_trend_chart(points: Sequence[TrendPoint], codes: Sequence[str] | None, landsdel_name: str,
                          lang: str) -> go.Figure:
    """Milestone trend analysis: each milestone's forecast (y) in every plan version (x, reporting date).

    A flat line holds; a rising line slips; where a line meets the diagonal (forecast = reporting date) it is due.
    The points are those of the versions submitted by the reporting date already, so the chart needs no date of
    its own.
    """
    chosen = [p for p in points if codes is None or p.code in codes]
    first_version = min((p.submitted_on for p in chosen), default=None)
    settled = {p.code for p in chosen if p.actual_date and first_version and p.actual_date < first_version}
    chosen = [p for p in chosen if p.code not in settled]  # done before the first version: nothing to follow
    if not chosen:
        return empty_figure(t("dash.no_milestones", lang))
    by_code: dict[str, list[TrendPoint]] = {}
    for point in chosen:
        by_code.setdefault(point.code, []).append(point)
    lines = []  # one per milestone (a plan has up to a few hundred): built as plain specs, validated once
    for index, (code, series) in enumerate(by_code.items()):
        dated = [p for p in series if (p.actual_date or p.forecast_date)]
        if dated:
            lines.append(_trend_line(index, code, dated, lang))
    xs = [p.submitted_on for p in chosen]
    ys = [d for p in chosen for d in (p.forecast_date, p.actual_date) if d]
    low, high = max(min(xs), min(ys)), min(max(xs), max(ys))
    if low < high:  # the diagonal, where it falls inside the chart
        lines.append({"type": "scatter", "x": [low, high], "y": [low, high], "mode": "lines",
                      "line": {"color": palette.GREY, "dash": "dash"}, "name": t("dash.trend.diagonal", lang),
                      "hoverinfo": "skip"})
    values, texts = date_ticks(min(xs), max(xs), lang, most=6)
    yvalues, ytexts = date_ticks(min(ys), max(ys), lang)
    return figure(lines, {
        "xaxis": {"type": "date", "tickvals": values, "ticktext": texts, "title": {"text": t("dash.trend.x", lang)}},
        "yaxis": {"type": "date", "tickvals": yvalues, "ticktext": ytexts, "title": {"text": t("dash.trend.y", lang)}},
        "title": {"text": t("dash.trend.title", lang, landsdel=esc(landsdel_name))}, "height": 520,
        "margin": margin(50), "legend": {"font": {"size": 10}}}, lang)
