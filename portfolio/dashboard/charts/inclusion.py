"""Figures of the inclusion page: progress against target with the forecast fan, and the monthly figures."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from portfolio import palette
from portfolio.dashboard.charts.base import (
    GROUP_COLOUR,
    LANDSDEL_COLOURS,
    TODAY_COLOUR,
    date_axis,
    date_ticks,
    empty_figure,
    esc,
    figure,
    margin,
)
from portfolio.dashboard.inclusion import InclusionView, LandsdelInclusion
from portfolio.i18n import format_date, format_number, t
from portfolio.metrics import InclusionForecast, end_of_month_after, months_between
from portfolio.palette import ACTUAL_COLOUR, TARGET_COLOUR

FORECAST_MONTHS_AHEAD = 36  # months the forecast fan reaches beyond the latest figure at least


def _forecast_edge(forecast: InclusionForecast, rate: float | None, horizon: dt.date) -> tuple[dt.date, float] | None:
    if rate is None or forecast.last_month is None or forecast.target_group_size is None:
        return None
    months = months_between(forecast.last_month, horizon)
    remaining = forecast.target_group_size - forecast.active_now
    if rate > 0 and remaining / rate < months:
        months = math.ceil(remaining / rate)
        return end_of_month_after(forecast.last_month, months), forecast.target_group_size
    return end_of_month_after(forecast.last_month, months), forecast.active_now + rate * months


def _axes(index: int) -> tuple[str, str]:
    """The x and y axis of the ``index``-th subplot: "x"/"y", then "x2"/"y2", …"""
    suffix = str(index + 1) if index else ""
    return f"x{suffix}", f"y{suffix}"


def _figure_traces(ld: LandsdelInclusion, index: int, lang: str) -> tuple[list[dict[str, Any]], list[dt.date]]:
    """The active citizens, the cumulative new inclusions and the target line of one landsdel, and their dates."""
    x_axis, y_axis = _axes(index)
    common = {"xaxis": x_axis, "yaxis": y_axis, "showlegend": index == 0}
    frame = ld.monthly
    months = [end_of_month_after(m, 0) for m in frame["month"]]
    sources = [[f"v{v}" if v == v else "–", esc(str(s)), format_date(d, lang) if isinstance(d, dt.date) else "–",
                format_date(m, lang).split(" ", 1)[-1] if lang == "da" else format_date(m, lang)]
               for v, s, d, m in zip(frame["version_no"], frame["source_file"], frame["submitted_on"],
                                     frame["month"], strict=True)]
    source_hover = "<br>Plan %{customdata[0]} · %{customdata[1]} · %{customdata[2]}<extra></extra>"
    included, cumulative = t("overview.included", lang), t("dash.inclusion.cumulative", lang)
    traces = [
        {"type": "scatter", "x": months, "y": frame["active_citizens"], "mode": "lines", "name": included,
         "line": {"color": ACTUAL_COLOUR, "width": 3}, "legendgroup": "active", "customdata": sources,
         "hovertemplate": "%{customdata[3]}: %{y:,} " + included.lower() + source_hover, **common},
        {"type": "scatter", "x": months, "y": frame["cumulative_new"], "mode": "lines", "name": cumulative,
         "line": {"color": palette.GREEN, "dash": "dot"}, "legendgroup": "cumulative", "customdata": sources,
         "hovertemplate": "%{customdata[3]}: %{y:,} " + cumulative.lower() + source_hover, **common},
    ]
    dates = list(months)
    if ld.target and ld.target.points:
        due = [d for d, _ in ld.target.points]
        traces.append({"type": "scatter", "x": due, "y": [c for _, c in ld.target.points], "mode": "lines+markers",
                       "name": t("overview.target", lang), "line": {"color": TARGET_COLOUR, "dash": "dash"},
                       "marker": {"symbol": "square-open", "size": 8}, "legendgroup": "target",
                       "hovertemplate": "%{x|%d.%m.%Y}: %{y:,}<br>" + esc(ld.target.source) + "<extra></extra>",
                       **common})
        dates += due
    return traces, dates


def _forecast_traces(forecast: InclusionForecast, index: int, dates: list[dt.date],
                     lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The forecast fan (band and mean line) and the target group as a horizontal line; the mean's end joins
    ``dates``."""
    if forecast.last_month is None or not forecast.target_group_size or forecast.rate is None:
        return [], []
    x_axis, y_axis = _axes(index)
    common = {"xaxis": x_axis, "yaxis": y_axis, "showlegend": index == 0}
    start = end_of_month_after(forecast.last_month, 0)
    horizon = max([*dates, end_of_month_after(forecast.last_month, FORECAST_MONTHS_AHEAD)])
    high = _forecast_edge(forecast, forecast.rate_high, horizon)
    low = _forecast_edge(forecast, forecast.rate_low, horizon)
    mean = _forecast_edge(forecast, forecast.rate, horizon)
    traces = []
    if high and low:
        traces.append({"type": "scatter", "x": [start, high[0], low[0], start],
                       "y": [forecast.active_now, high[1], low[1], forecast.active_now],
                       "mode": "lines", "fill": "toself", "fillcolor": palette.BAND_FILL,
                       "line": {"width": 1, "dash": "dot", "color": palette.FORECAST_COLOUR},  # edges dotted (#19)
                       "name": t("dash.inclusion.band", lang), "legendgroup": "band", "hoverinfo": "skip", **common})
    if mean:
        traces.append({"type": "scatter", "x": [start, mean[0]], "y": [forecast.active_now, mean[1]], "mode": "lines",
                       "line": {"color": palette.FORECAST_COLOUR, "width": 2, "dash": "dashdot"},
                       "name": t("dash.inclusion.forecast", lang), "legendgroup": "forecast",
                       "hovertemplate": t("dash.inclusion.forecast_hover", lang,
                                          rate=format_number(forecast.rate, lang, 1),
                                          date=format_date(forecast.full_date, lang)) + "<extra></extra>", **common})
        dates.append(mean[0])
    group = {"type": "line", "x0": 0, "x1": 1, "xref": f"{x_axis} domain", "y0": forecast.target_group_size,
             "y1": forecast.target_group_size, "yref": y_axis, "line": {"color": GROUP_COLOUR, "width": 1}}
    return traces, [group]


def inclusion_progress_chart(view: InclusionView, lang: str) -> go.Figure:
    """Per landsdel: active citizens and cumulative new inclusions against the target line, with the forecast fan."""
    parts = [ld for ld in view.landsdele if not ld.monthly.empty]
    if not parts:
        return empty_figure(t("dash.inclusion.none", lang))
    cols = min(len(parts), 3)
    rows = math.ceil(len(parts) / cols)
    grid = make_subplots(rows=rows, cols=cols, subplot_titles=[esc(ld.name) for ld in parts],
                         horizontal_spacing=0.06, vertical_spacing=0.12).layout.to_plotly_json()
    grid.pop("template", None)
    traces: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    all_dates: list[dt.date] = []
    for index, ld in enumerate(parts):
        lines, dates = _figure_traces(ld, index, lang)
        all_dates += dates
        fan, group = _forecast_traces(ld.forecast, index, all_dates, lang)  # adds the forecast's end to all_dates
        traces += [*lines, *fan]
        x_axis, y_axis = _axes(index)
        shapes += [*group, {"type": "line", "x0": view.as_of.isoformat(), "x1": view.as_of.isoformat(), "y0": 0,
                            "y1": 1, "xref": x_axis, "yref": f"{y_axis} domain",
                            "line": {"color": TODAY_COLOUR, "dash": "dash", "width": 1}}]
    if all_dates:
        values, texts = date_ticks(min(all_dates), max(all_dates), lang, most=6)
        for name in [key for key in grid if key.startswith("xaxis")]:
            grid[name] = {**grid[name], "type": "date", "tickvals": values, "ticktext": texts}
    return figure(traces, {**grid, "shapes": shapes,
                           "title": {"text": t("dash.inclusion.progress_title", lang,
                                               date=format_date(view.as_of, lang, "short"))},
                           "height": 330 * rows + 80, "legend": {"orientation": "h", "y": -0.08},
                           "margin": margin(80)}, lang)


def monthly_inclusion_chart(view: InclusionView, lang: str) -> go.Figure:
    """New inclusions per month (up) and drop-outs (down, hatched), stacked per landsdel."""
    parts = [ld for ld in view.landsdele if not ld.monthly.empty]
    if not parts:
        return empty_figure(t("dash.inclusion.none", lang))
    bars = []
    months: list[dt.date] = []
    new_word, dropout_word = t("dash.inclusion.new", lang).lower(), t("dash.inclusion.dropouts", lang).lower()
    for index, ld in enumerate(parts):
        colour = LANDSDEL_COLOURS[index % len(LANDSDEL_COLOURS)]
        frame = ld.monthly
        x = [m + dt.timedelta(days=14) for m in frame["month"]]
        months += list(frame["month"])
        sources = [[f"v{v}" if v == v else "–", esc(str(s))] for v, s in
                   zip(frame["version_no"], frame["source_file"], strict=True)]
        common = {"type": "bar", "x": x, "legendgroup": ld.key, "customdata": sources}
        bars.append({**common, "y": frame["new_inclusions"], "name": f"{esc(ld.name)}: {new_word}",
                     "marker": {"color": colour},
                     "hovertemplate": esc(ld.name) + " %{x|%m.%Y}: %{y:,} " + new_word
                     + "<br>Plan %{customdata[0]} · %{customdata[1]}<extra></extra>"})
        bars.append({**common, "y": -frame["dropouts"], "name": f"{esc(ld.name)}: {dropout_word}",
                     "marker": {"color": colour, "pattern": {"shape": "x"}},
                     "hovertemplate": esc(ld.name) + " %{x|%m.%Y}: %{y:,} " + dropout_word
                     + "<br>Plan %{customdata[0]} · %{customdata[1]}<extra></extra>"})
    return figure(bars, {"barmode": "relative", "title": {"text": t("dash.inclusion.monthly_title", lang)},
                         "height": 420, "legend": {"orientation": "h", "y": -0.15}, "margin": margin(50),
                         "xaxis": date_axis(months, lang),
                         "yaxis": {"title": {"text": t("dash.inclusion.per_month", lang)}}}, lang)
