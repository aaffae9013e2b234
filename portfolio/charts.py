"""Plotly figure builders. Colour is never the only carrier of meaning: patterns and text too.

Colours from portfolio/palette.py (Okabe–Ito hues with 3:1 against the background; shared with the pack).
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go
from babel.dates import format_date as _babel_date
from plotly.subplots import make_subplots

import portfolio.dashboard_messages  # noqa: F401 - registers the messages used below
from portfolio import palette
from portfolio.domain import MilestoneHealth, Phase
from portfolio.feed.history import HistoryRow
from portfolio.i18n import RAG_SYMBOL, format_date, format_number, label, rag_badge, t
from portfolio.inclusion_views import InclusionView
from portfolio.metrics import InclusionForecast, end_of_month_after, month_index, months_between
from portfolio.milestone_views import MilestoneLine
from portfolio.overview import Overview
from portfolio.palette import NO_DATA_COLOUR, SHARE_BANDS, share_band, share_text
from portfolio.queries import TrendPoint

HEALTH_STYLE: dict[MilestoneHealth, tuple[str, str]] = {  # colour, pattern
    MilestoneHealth.DONE: (palette.HEALTH_COLOUR["done"], ""),
    MilestoneHealth.ON_TRACK: (palette.HEALTH_COLOUR["on_track"], ""),
    MilestoneHealth.AT_RISK: (palette.HEALTH_COLOUR["at_risk"], "/"),
    MilestoneHealth.LATE: (palette.HEALTH_COLOUR["late"], "x"),
    MilestoneHealth.PAUSED: (palette.HEALTH_COLOUR["paused"], "."),
}
TARGET_COLOUR, ACTUAL_COLOUR, GROUP_COLOUR = palette.TARGET_COLOUR, palette.ACTUAL_COLOUR, palette.GROUP_COLOUR


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """One validated Figure from plain specs. The overview draws its figures on every rerun: built in one call they
    cost about 1.5 ms each, against 6–10 ms through add_bar and update_layout (each call validates the whole
    figure again)."""
    return go.Figure({"data": traces, "layout": layout})


def _bar_layout(title: str, lang: str, **more: object) -> dict:
    return {"title": {"text": title}, "barmode": "stack", "legend": {"orientation": "h", "y": -0.15},
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 360,
            "separators": ",." if lang == "da" else ".,", **more}


def milestone_health_chart(overview: Overview, lang: str) -> go.Figure:
    """Stacked bars: per landsdel, its latest plan's milestones by where they stand."""
    tiles = [tile for tile in overview.tiles if tile.plan]
    names = [tile.name for tile in tiles]
    source = [
        [f"v{tile.plan.version_no}", esc(tile.plan.source_file), format_date(tile.plan.submitted_on, lang)]
        for tile in tiles if tile.plan
    ]
    bars = []
    for health, (colour, pattern) in HEALTH_STYLE.items():
        values = [tile.health[health] for tile in tiles]
        if not any(values):
            continue
        bars.append({
            "type": "bar", "y": names, "x": values, "name": label(health, lang), "orientation": "h", "text": values,
            "textposition": "inside", "marker": {"color": colour, "pattern": {"shape": pattern}}, "customdata": source,
            "hovertemplate": "%{y}: %{x} " + label(health, lang).lower()
            + "<br>Plan %{customdata[0]} · %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        })
    return _figure(bars, _bar_layout(t("overview.chart_title", lang), lang, yaxis={"autorange": "reversed"}))


def inclusion_vs_target_chart(overview: Overview, lang: str) -> go.Figure:
    """Per landsdel: active citizens against the target due now and the whole target group."""
    tiles = overview.tiles
    names = [tile.name for tile in tiles]
    month = [format_date(tile.inclusion.latest_month, lang) for tile in tiles]
    bars = [
        {"type": "bar", "x": names, "y": [tile.inclusion.target_group_size for tile in tiles],
         "name": t("overview.target_group", lang), "marker": {"color": GROUP_COLOUR},
         "hovertemplate": "%{x}: %{y}<extra></extra>"},
        {"type": "bar", "x": names, "y": [tile.inclusion.expected_now for tile in tiles],
         "name": t("overview.target", lang) + " " + format_date(overview.as_of, lang),
         "marker": {"color": TARGET_COLOUR, "pattern": {"shape": "/"}}, "hovertemplate": "%{x}: %{y}<extra></extra>"},
        {"type": "bar", "x": names, "y": [tile.inclusion.active_citizens for tile in tiles],
         "name": t("overview.included", lang), "marker": {"color": ACTUAL_COLOUR}, "customdata": month,
         "text": [format_number(tile.inclusion.active_citizens, lang) for tile in tiles], "textposition": "outside",
         "hovertemplate": "%{x}: %{y}<br>%{customdata}<extra></extra>"},
    ]
    return _figure(bars, _bar_layout(t("overview.inclusion_chart_title", lang), lang, barmode="group"))


# --- shared helpers -------------------------------------------------------------------------------

LANDSDEL_COLOURS = palette.CATEGORICAL
PHASE_COLOURS = {phase: palette.PHASE_COLOUR[phase.value] for phase in Phase}
HEALTH_SYMBOL = {MilestoneHealth.DONE: "circle", MilestoneHealth.ON_TRACK: "diamond",
                 MilestoneHealth.AT_RISK: "triangle-up", MilestoneHealth.LATE: "x", MilestoneHealth.PAUSED: "square"}
TODAY_COLOUR = palette.TODAY_COLOUR
TREND_SYMBOLS = ("circle", "square", "diamond", "triangle-up")  # colours repeat after eight lines; shapes do not


def esc(text: str | None) -> str:
    """User text inside a Plotly label or hover: Plotly reads a few HTML tags, so escape it."""
    return html.escape(text or "", quote=False)


def _short_date(day: dt.date | None, lang: str) -> str:
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


def _date_axis(fig: go.Figure, dates: list[dt.date], lang: str, **axis: object) -> None:
    known = [d for d in dates if d is not None]
    if not known:
        return
    values, texts = date_ticks(min(known), max(known), lang)
    fig.update_xaxes(type="date", tickvals=values, ticktext=texts, **axis)


def status_line(fig: go.Figure, as_of: dt.date, lang: str, **where: object) -> None:
    """The reporting date as a vertical line, labelled "Status pr. <date>" (the demo's data end there)."""
    fig.add_shape(type="line", x0=as_of.isoformat(), x1=as_of.isoformat(), y0=0, y1=1, yref="paper",
                  line={"color": TODAY_COLOUR, "dash": "dash", "width": 1.5}, **where)
    fig.add_annotation(x=as_of.isoformat(), y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=t("dash.status_as_of", lang, date=format_date(as_of, lang, "short")),
                       font={"size": 11, "color": TODAY_COLOUR}, **where)


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=200, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


# --- overview: tile map -----------------------------------------------------------------------------

# Roughly where the landsdele lie: Jutland down the left, Funen between, Zealand to the right.
TILE_POSITIONS = {"nord": (0, 2), "midt": (0, 1), "syd": (0, 0), "hovedstaden": (1.5, 1.5), "sjaelland": (1.5, 0.5)}


def landsdel_tile_map(overview: Overview, lang: str) -> go.Figure:
    """The five landsdele as tiles where they lie, coloured by active citizens as a share of the target due now.

    A stepped scale around the target (``portfolio.palette``, shared with the pack): every tile carries its value as
    text (never colour alone), and a landsdel without figures says "ingen data".
    """
    xs, ys, colours, texts, hover, ink = [], [], [], [], [], []
    for index, tile in enumerate(overview.tiles):
        x, y = TILE_POSITIONS.get(tile.key, (3 + index % 2, index // 2))
        share_value = tile.inclusion.share_of_expected
        band = share_band(share_value)
        xs.append(x)
        ys.append(y)
        colours.append(band.colour if band else NO_DATA_COLOUR)
        ink.append(band.ink if band else palette.NO_DATA_INK)
        texts.append(f"<b>{esc(tile.name)}</b><br>{esc(share_text(share_value, lang))}")
        plan = tile.plan
        hover.append(
            f"{esc(tile.name)}: {format_number(tile.inclusion.active_citizens, lang)} "
            f"{t('overview.included', lang).lower()} / {format_number(tile.inclusion.expected_now, lang)} "
            f"{t('overview.target', lang).lower()}<br>"
            + (f"Plan v{plan.version_no} · {esc(plan.source_file)} · {format_date(plan.submitted_on, lang)}"
               if plan else t("overview.no_plan", lang)))
    tile_marks = {
        "type": "scatter", "x": xs, "y": ys, "mode": "markers+text", "text": texts,
        "textfont": {"color": ink, "size": 13},
        "marker": {"symbol": "square", "size": 84, "color": colours, "line": {"color": "white", "width": 2}},
        "hovertext": hover, "hoverinfo": "text", "showlegend": False,
    }
    legend = [{"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": band.label(lang),
               "marker": {"symbol": "square", "size": 14, "color": band.colour}, "hoverinfo": "skip"}
              for band in SHARE_BANDS]
    legend.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": t("palette.no_data", lang),
                   "marker": {"symbol": "square", "size": 14, "color": NO_DATA_COLOUR}, "hoverinfo": "skip"})
    return _figure([tile_marks, *legend], {
        "xaxis": {"visible": False, "range": [-0.6, 2.1]},
        "yaxis": {"visible": False, "range": [-0.6, 2.6], "scaleanchor": "x"},
        "title": {"text": t("dash.map.title", lang)}, "height": 420, "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "legend": {"title": {"text": t("dash.map.colourbar", lang)}},
        "separators": ",." if lang == "da" else ".,", "plot_bgcolor": "rgba(0,0,0,0)",
    })


# --- milestones -------------------------------------------------------------------------------------


def _line_label(line: MilestoneLine) -> str:
    title = line.title if len(line.title) <= 42 else line.title[:40] + "…"
    return f"{esc(line.landsdel_name)} · {esc(line.code)} {esc(title)}"


WRAP_AT = 34  # characters per line of a wrapped axis label


def _wrapped_label(line: MilestoneLine) -> str:
    """The full title on the axis, wrapped (the chart is per landsdel, so the landsdel's name is the title)."""
    return "<br>".join(textwrap.wrap(f"{esc(line.code)} {esc(line.title)}", WRAP_AT, max_lines=3, placeholder=" …",
                                     break_on_hyphens=False))


def milestone_timeline_chart(lines: Sequence[MilestoneLine], as_of: dt.date, lang: str, *,
                             title: str | None = None) -> go.Figure:
    """A milestone Gantt: baseline (open diamond) → forecast (marker by health), actual (star), FUT knock-on.

    With ``title`` (a landsdel's name) the chart is one landsdel's: full titles wrapped on the axis, the date axis
    above and below the rows, so neither scrolls out of sight.
    """
    if not lines:
        return empty_figure(t("dash.no_milestones", lang))
    labels = [_wrapped_label(line) if title else _line_label(line) for line in lines]
    custom = [[esc(line.landsdel_name), esc(line.code), esc(line.title), esc(line.baseline_text) or "–",
               esc(line.forecast_text) or "–", esc(line.actual_text) or "–",
               format_number(line.slip_days, lang) if line.slip_days is not None else "–",
               f"v{line.plan.version_no}", esc(line.plan.source_file), format_date(line.plan.submitted_on, lang),
               label(line.health, lang)] for line in lines]
    hover = ("<b>%{customdata[0]} · %{customdata[1]}</b> %{customdata[2]}<br>"
             + t("dash.hover.dates", lang) + "<br>" + t("dash.hover.slip", lang)
             + "<br>%{customdata[10]}<br>Plan %{customdata[7]} · %{customdata[8]} · %{customdata[9]}<extra></extra>")
    fig = go.Figure()
    seg_x: list[object] = []
    seg_y: list[object] = []
    for line, name in zip(lines, labels, strict=True):
        if line.baseline and line.forecast and line.baseline != line.forecast and line.actual is None:
            seg_x += [line.baseline, line.forecast, None]
            seg_y += [name, name, None]
    if seg_x:
        fig.add_scatter(x=seg_x, y=seg_y, mode="lines", line={"color": palette.GREY, "width": 3},
                        name=t("dash.legend.slip", lang), hoverinfo="skip")
    push_x: list[object] = []
    push_y: list[object] = []
    for line, name in zip(lines, labels, strict=True):
        if line.pushed_to and line.forecast:
            push_x += [line.forecast, line.pushed_to, None]
            push_y += [name, name, None]
    if push_x:
        fig.add_scatter(x=push_x, y=push_y, mode="lines+markers", line={"color": palette.SLIP_COLOUR, "dash": "dot"},
                        marker={"symbol": "triangle-right-open", "size": 9, "color": palette.SLIP_COLOUR},
                        name=t("dash.legend.knock_on", lang), hoverinfo="skip")
    with_baseline = [i for i, line in enumerate(lines) if line.baseline]
    fig.add_scatter(x=[lines[i].baseline for i in with_baseline], y=[labels[i] for i in with_baseline],
                    mode="markers", marker={"symbol": "diamond-open", "size": 10, "color": palette.DARK_GREY},
                    name=t("dash.legend.baseline", lang), customdata=[custom[i] for i in with_baseline],
                    hovertemplate=hover)
    for health, (colour, _pattern) in HEALTH_STYLE.items():
        chosen = [i for i, line in enumerate(lines) if line.health is health and line.forecast and not line.actual]
        if chosen:
            fig.add_scatter(x=[lines[i].forecast for i in chosen], y=[labels[i] for i in chosen], mode="markers",
                            marker={"symbol": HEALTH_SYMBOL[health], "size": 11, "color": colour},
                            name=f"{t('dash.legend.forecast', lang)}: {label(health, lang).lower()}",
                            customdata=[custom[i] for i in chosen], hovertemplate=hover)
    done = [i for i, line in enumerate(lines) if line.actual]
    if done:
        fig.add_scatter(x=[lines[i].actual for i in done], y=[labels[i] for i in done], mode="markers",
                        marker={"symbol": "star", "size": 12, "color": HEALTH_STYLE[MilestoneHealth.DONE][0]},
                        name=t("dash.legend.actual", lang), customdata=[custom[i] for i in done],
                        hovertemplate=hover)
    status_line(fig, as_of, lang)
    dates = [d for line in lines for d in (line.baseline, line.forecast, line.actual, line.pushed_to) if d]
    _date_axis(fig, [*dates, as_of], lang)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(reversed(labels)),
                     tickfont={"size": 11})
    if title:  # one landsdel: rows as tall as the longest wrapped title, dates above the rows too, legend below
        tallest = max(label.count("<br>") + 1 for label in labels)
        fig.update_layout(xaxis2={"overlaying": "x", "side": "top", "matches": "x", "showgrid": False, "type": "date",
                                  "tickvals": fig.layout.xaxis.tickvals, "ticktext": fig.layout.xaxis.ticktext})
        fig.add_scatter(x=[min(d for line in lines for d in (line.baseline, line.forecast, line.actual, as_of) if d)],
                        y=[labels[0]], xaxis="x2", mode="markers", marker={"opacity": 0}, showlegend=False,
                        hoverinfo="skip")
        fig.update_layout(title={"text": title, "y": 0.995, "yanchor": "top"},
                          height=len(lines) * (14 * tallest + 10) + 230,
                          legend={"orientation": "h", "y": -0.03, "yanchor": "top", "x": 0},
                          margin={"l": 10, "r": 10, "t": 80, "b": 10}, separators=",." if lang == "da" else ".,")
        return fig
    fig.update_layout(title=t("dash.timeline.title", lang), height=max(320, 20 * len(lines) + 160),
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
                      margin={"l": 10, "r": 10, "t": 90, "b": 10}, separators=",." if lang == "da" else ".,")
    return fig


def milestone_trend_chart(points: Sequence[TrendPoint], codes: Sequence[str] | None, as_of: dt.date,
                          landsdel_name: str, lang: str) -> go.Figure:
    """Milestone trend analysis: each milestone's forecast (y) in every plan version (x, reporting date).

    A flat line holds; a rising line slips; where a line meets the diagonal (forecast = reporting date) it is due.
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
    forecast_word, actual_word = t("dash.legend.forecast", lang), t("dash.legend.actual", lang)
    lines = []  # one per milestone (a plan has up to a few hundred): built as plain specs, validated once
    for index, (code, series) in enumerate(by_code.items()):
        dated = [p for p in series if (p.actual_date or p.forecast_date)]
        if not dated:
            continue
        first = dated[0]
        lines.append({
            "type": "scatter", "x": [p.submitted_on for p in dated],
            "y": [p.actual_date or p.forecast_date for p in dated],
            "mode": "lines+markers", "name": f"{esc(code)} {esc(first.title[:30])}",
            "line": {"color": LANDSDEL_COLOURS[index % len(LANDSDEL_COLOURS)], "width": 3 if first.is_key else 1.5,
                     "dash": "solid" if first.is_key else "dot"},
            "marker": {"symbol": ["star" if p.actual_date else TREND_SYMBOLS[index // len(LANDSDEL_COLOURS) % 4]
                                  for p in dated], "size": 8},
            "customdata": [[f"v{p.version_no}", esc(p.source_file), format_date(p.submitted_on, lang),
                            format_date(p.actual_date or p.forecast_date, lang),
                            actual_word if p.actual_date else forecast_word] for p in dated],
            "hovertemplate": f"<b>{esc(code)}</b> {esc(first.title)}<br>%{{customdata[4]}}: %{{customdata[3]}}<br>"
                             "Plan %{customdata[0]} · %{customdata[1]} · %{customdata[2]}<extra></extra>"})
    xs = [p.submitted_on for p in chosen]
    ys = [d for p in chosen for d in (p.forecast_date, p.actual_date) if d]
    low, high = max(min(xs), min(ys)), min(max(xs), max(ys))
    if low < high:  # the diagonal, where it falls inside the chart
        lines.append({"type": "scatter", "x": [low, high], "y": [low, high], "mode": "lines",
                      "line": {"color": palette.GREY, "dash": "dash"}, "name": t("dash.trend.diagonal", lang),
                      "hoverinfo": "skip"})
    values, texts = date_ticks(min(xs), max(xs), lang, most=6)
    yvalues, ytexts = date_ticks(min(ys), max(ys), lang)
    return _figure(lines, {
        "xaxis": {"type": "date", "tickvals": values, "ticktext": texts, "title": {"text": t("dash.trend.x", lang)}},
        "yaxis": {"type": "date", "tickvals": yvalues, "ticktext": ytexts, "title": {"text": t("dash.trend.y", lang)}},
        "title": {"text": t("dash.trend.title", lang, landsdel=esc(landsdel_name))}, "height": 520,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "separators": ",." if lang == "da" else ".,",
        "legend": {"font": {"size": 10}}})


# --- inclusion -------------------------------------------------------------------------------------


def _forecast_edge(forecast: InclusionForecast, rate: float | None, horizon: dt.date) -> tuple[dt.date, float] | None:
    if rate is None or forecast.last_month is None or forecast.target_group_size is None:
        return None
    months = months_between(forecast.last_month, horizon)
    remaining = forecast.target_group_size - forecast.active_now
    if rate > 0 and remaining / rate < months:
        months = math.ceil(remaining / rate)
        return end_of_month_after(forecast.last_month, months), forecast.target_group_size
    return end_of_month_after(forecast.last_month, months), forecast.active_now + rate * months


def inclusion_progress_chart(view: InclusionView, lang: str) -> go.Figure:
    """Per landsdel: active citizens and cumulative new inclusions against the target line, with the forecast fan."""
    parts = [ld for ld in view.landsdele if not ld.monthly.empty]
    if not parts:
        return empty_figure(t("dash.inclusion.none", lang))
    cols = min(len(parts), 3)
    rows = math.ceil(len(parts) / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[esc(ld.name) for ld in parts],
                        horizontal_spacing=0.06, vertical_spacing=0.12)
    all_dates: list[dt.date] = []
    for index, ld in enumerate(parts):
        row, col = index // cols + 1, index % cols + 1
        legend = index == 0
        frame = ld.monthly
        months = [end_of_month_after(m, 0) for m in frame["month"]]
        sources = [[f"v{v}" if v == v else "–", esc(str(s)), format_date(d, lang) if isinstance(d, dt.date) else "–",
                    format_date(m, lang).split(" ", 1)[-1] if lang == "da" else format_date(m, lang)]
                   for v, s, d, m in zip(frame["version_no"], frame["source_file"], frame["submitted_on"],
                                         frame["month"], strict=True)]
        source_hover = "<br>Plan %{customdata[0]} · %{customdata[1]} · %{customdata[2]}<extra></extra>"
        fig.add_scatter(x=months, y=frame["active_citizens"], mode="lines", name=t("overview.included", lang),
                        line={"color": ACTUAL_COLOUR, "width": 3}, legendgroup="active", showlegend=legend,
                        customdata=sources, row=row, col=col,
                        hovertemplate="%{customdata[3]}: %{y:,} " + t("overview.included", lang).lower()
                        + source_hover)
        fig.add_scatter(x=months, y=frame["cumulative_new"], mode="lines", name=t("dash.inclusion.cumulative", lang),
                        line={"color": palette.GREEN, "dash": "dot"}, legendgroup="cumulative", showlegend=legend,
                        customdata=sources, row=row, col=col,
                        hovertemplate="%{customdata[3]}: %{y:,} " + t("dash.inclusion.cumulative", lang).lower()
                        + source_hover)
        all_dates += months
        if ld.target and ld.target.points:
            due = [d for d, _ in ld.target.points]
            fig.add_scatter(x=due, y=[c for _, c in ld.target.points], mode="lines+markers",
                            name=t("overview.target", lang), line={"color": TARGET_COLOUR, "dash": "dash"},
                            marker={"symbol": "square-open", "size": 8}, legendgroup="target", showlegend=legend,
                            row=row, col=col,
                            hovertemplate="%{x|%d.%m.%Y}: %{y:,}<br>" + esc(ld.target.source) + "<extra></extra>")
            all_dates += due
        forecast = ld.forecast
        if forecast.last_month is not None and forecast.target_group_size and forecast.rate is not None:
            start = end_of_month_after(forecast.last_month, 0)
            horizon = max([*all_dates, end_of_month_after(forecast.last_month, 36)])
            high = _forecast_edge(forecast, forecast.rate_high, horizon)
            low = _forecast_edge(forecast, forecast.rate_low, horizon)
            mean = _forecast_edge(forecast, forecast.rate, horizon)
            if high and low:
                fig.add_scatter(x=[start, high[0], low[0], start], y=[forecast.active_now, high[1], low[1],
                                                                      forecast.active_now],
                                mode="lines", fill="toself", fillcolor=palette.BAND_FILL,
                                line={"width": 1, "dash": "dot", "color": palette.FORECAST_COLOUR},  # dotted (#19)
                                name=t("dash.inclusion.band", lang), legendgroup="band", showlegend=legend,
                                hoverinfo="skip", row=row, col=col)
            if mean:
                fig.add_scatter(x=[start, mean[0]], y=[forecast.active_now, mean[1]], mode="lines",
                                line={"color": palette.FORECAST_COLOUR, "width": 2, "dash": "dashdot"},
                                name=t("dash.inclusion.forecast", lang),
                                legendgroup="forecast", showlegend=legend, row=row, col=col,
                                hovertemplate=t("dash.inclusion.forecast_hover", lang,
                                                rate=format_number(forecast.rate, lang, 1),
                                                date=format_date(forecast.full_date, lang)) + "<extra></extra>")
                all_dates.append(mean[0])
            fig.add_hline(y=forecast.target_group_size, line={"color": GROUP_COLOUR, "width": 1}, row=row, col=col)
        fig.add_shape(type="line", x0=view.as_of.isoformat(), x1=view.as_of.isoformat(), y0=0, y1=1,
                      xref=f"x{index + 1 if index else ''}", yref=f"y{index + 1 if index else ''} domain",
                      line={"color": TODAY_COLOUR, "dash": "dash", "width": 1})
    if all_dates:
        values, texts = date_ticks(min(all_dates), max(all_dates), lang, most=6)
        fig.update_xaxes(type="date", tickvals=values, ticktext=texts)
    fig.update_layout(title=t("dash.inclusion.progress_title", lang, date=format_date(view.as_of, lang, "short")),
                      height=330 * rows + 80, legend={"orientation": "h", "y": -0.08},
                      margin={"l": 10, "r": 10, "t": 80, "b": 10}, separators=",." if lang == "da" else ".,")
    return fig


def monthly_inclusion_chart(view: InclusionView, lang: str) -> go.Figure:
    """New inclusions per month (up) and drop-outs (down, hatched), stacked per landsdel."""
    parts = [ld for ld in view.landsdele if not ld.monthly.empty]
    if not parts:
        return empty_figure(t("dash.inclusion.none", lang))
    fig = go.Figure()
    months: list[dt.date] = []
    for index, ld in enumerate(parts):
        colour = LANDSDEL_COLOURS[index % len(LANDSDEL_COLOURS)]
        frame = ld.monthly
        x = [m + dt.timedelta(days=14) for m in frame["month"]]
        months += list(frame["month"])
        sources = [[f"v{v}" if v == v else "–", esc(str(s))] for v, s in
                   zip(frame["version_no"], frame["source_file"], strict=True)]
        fig.add_bar(x=x, y=frame["new_inclusions"], name=f"{esc(ld.name)}: {t('dash.inclusion.new', lang).lower()}",
                    marker={"color": colour}, legendgroup=ld.key, customdata=sources,
                    hovertemplate=esc(ld.name) + " %{x|%m.%Y}: %{y:,} " + t("dash.inclusion.new", lang).lower()
                    + "<br>Plan %{customdata[0]} · %{customdata[1]}<extra></extra>")
        fig.add_bar(x=x, y=-frame["dropouts"], name=f"{esc(ld.name)}: {t('dash.inclusion.dropouts', lang).lower()}",
                    marker={"color": colour, "pattern": {"shape": "x"}}, legendgroup=ld.key, customdata=sources,
                    hovertemplate=esc(ld.name) + " %{x|%m.%Y}: %{y:,} " + t("dash.inclusion.dropouts", lang).lower()
                    + "<br>Plan %{customdata[0]} · %{customdata[1]}<extra></extra>")
    fig.update_layout(barmode="relative", title=t("dash.inclusion.monthly_title", lang), height=420,
                      legend={"orientation": "h", "y": -0.15}, margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      separators=",." if lang == "da" else ".,")
    _date_axis(fig, months, lang)
    fig.update_yaxes(title=t("dash.inclusion.per_month", lang))
    return fig


# --- FUT infrastructure -----------------------------------------------------------------------------


def component_timeline_chart(history: Sequence[HistoryRow], as_of: dt.date, lang: str) -> go.Figure:
    """Each component's status entries as a timeline: phase as the bar (shade and text), RAG as symbol and text."""
    if not history:
        return empty_figure(t("dash.infra.no_history", lang))
    by_component: dict[str, list[HistoryRow]] = {}
    for row in history:
        by_component.setdefault(row.component_name, []).append(row)
    names = list(by_component)
    fig = go.Figure()
    for phase in Phase:
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
                               rag_badge(row.rag, lang), esc(row.note[:200]), _short_date(row.pilot_forecast, lang),
                               _short_date(row.production_forecast, lang), esc(row.source)])
        if not xs:
            continue
        fig.add_bar(x=xs, base=bases, y=ys, orientation="h", name=label(phase, lang), text=texts,
                    textposition="inside", insidetextanchor="start",
                    marker={"color": PHASE_COLOURS[phase], "line": {"color": "white", "width": 1}},
                    textfont={"color": palette.PHASE_INK[phase.value]},
                    customdata=custom,
                    hovertemplate="<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]} · %{customdata[3]}"
                    "<br>%{customdata[4]}<br>" + t("dash.infra.hover_forecasts", lang)
                    + "<br>%{customdata[7]}<extra></extra>")
    latest = {name: rows[-1] for name, rows in by_component.items()}
    for kind, attr, symbol in (("pilot", "pilot_forecast", "triangle-up-open"),
                               ("production", "production_forecast", "star-open")):
        pts = [(name, getattr(row, attr)) for name, row in latest.items() if getattr(row, attr)]
        if pts:
            fig.add_scatter(x=[d for _, d in pts], y=[esc(n) for n, _ in pts], mode="markers",
                            marker={"symbol": symbol, "size": 12, "color": palette.BLACK},
                            name=t(f"dash.infra.{kind}_forecast", lang),
                            hovertemplate="%{y}: " + t(f"dash.infra.{kind}_forecast", lang).lower()
                            + " %{x|%d.%m.%Y}<extra></extra>")
    status_line(fig, as_of, lang)
    dates = [row.status_date for row in history] + [as_of] + [
        d for row in latest.values() for d in (row.pilot_forecast, row.production_forecast) if d]
    _date_axis(fig, dates, lang)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[esc(n) for n in reversed(names)])
    fig.update_layout(barmode="overlay", title=t("dash.infra.timeline_title", lang),
                      height=max(320, 40 * len(names) + 160), legend={"orientation": "h", "y": -0.12},
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, separators=",." if lang == "da" else ".,")
    return fig
