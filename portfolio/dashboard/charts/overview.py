"""Figures of the overview page: milestone health per landsdel, inclusion against target, the tile map."""

from __future__ import annotations

import plotly.graph_objects as go

from portfolio import palette
from portfolio.dashboard.charts.base import GROUP_COLOUR, HEALTH_STYLE, bar_layout, esc, figure, margin
from portfolio.dashboard.overview import LandsdelTile, Overview
from portfolio.i18n import format_date, format_number, label, t
from portfolio.palette import ACTUAL_COLOUR, NO_DATA_COLOUR, SHARE_BANDS, TARGET_COLOUR, share_band, share_text

# Roughly where the landsdele lie: Jutland down the left, Funen between, Zealand to the right.
TILE_POSITIONS = {"nord": (0, 2), "midt": (0, 1), "syd": (0, 0), "hovedstaden": (1.5, 1.5), "sjaelland": (1.5, 0.5)}


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
            "type": "bar", "y": names, "x": values, "name": label(health, lang), "orientation": "h",
            "text": [str(value) for value in values],
            "textposition": "inside", "marker": {"color": colour, "pattern": {"shape": pattern}}, "customdata": source,
            "hovertemplate": "%{y}: %{x} " + label(health, lang).lower()
            + "<br>Plan %{customdata[0]} · %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        })
    return figure(bars, bar_layout(t("overview.chart_title", lang), yaxis={"autorange": "reversed"}), lang)


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
    return figure(bars, bar_layout(t("overview.inclusion_chart_title", lang), barmode="group"), lang)


def _tile_hover(tile: LandsdelTile, lang: str) -> str:
    plan = tile.plan
    return (f"{esc(tile.name)}: {format_number(tile.inclusion.active_citizens, lang)} "
            f"{t('overview.included', lang).lower()} / {format_number(tile.inclusion.expected_now, lang)} "
            f"{t('overview.target', lang).lower()}<br>"
            + (f"Plan v{plan.version_no} · {esc(plan.source_file)} · {format_date(plan.submitted_on, lang)}"
               if plan else t("overview.no_plan", lang)))


def _legend_mark(name: str, colour: str) -> dict:
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
            "marker": {"symbol": "square", "size": 14, "color": colour}, "hoverinfo": "skip"}


def landsdel_tile_map(overview: Overview, lang: str) -> go.Figure:
    """The five landsdele as tiles where they lie, coloured by active citizens as a share of the target due now.

    A stepped scale around the target (``portfolio.palette``, shared with the pack): every tile carries its value as
    text (never colour alone), and a landsdel without figures says "ingen data".
    """
    xs, ys, colours, texts, ink = [], [], [], [], []
    for index, tile in enumerate(overview.tiles):
        x, y = TILE_POSITIONS.get(tile.key, (3 + index % 2, index // 2))
        share_value = tile.inclusion.share_of_expected
        band = share_band(share_value)
        xs.append(x)
        ys.append(y)
        colours.append(band.colour if band else NO_DATA_COLOUR)
        ink.append(band.ink if band else palette.NO_DATA_INK)
        texts.append(f"<b>{esc(tile.name)}</b><br>{esc(share_text(share_value, lang))}")
    tile_marks = {
        "type": "scatter", "x": xs, "y": ys, "mode": "markers+text", "text": texts,
        "name": t("dash.map.colourbar", lang),  # not in the legend; names the tiles in the text alternative
        "textfont": {"color": ink, "size": 13},
        "marker": {"symbol": "square", "size": 84, "color": colours, "line": {"color": "white", "width": 2}},
        "hovertext": [_tile_hover(tile, lang) for tile in overview.tiles], "hoverinfo": "text", "showlegend": False,
    }
    legend = [_legend_mark(band.label(lang), band.colour) for band in SHARE_BANDS]
    legend.append(_legend_mark(t("palette.no_data", lang), NO_DATA_COLOUR))
    return figure([tile_marks, *legend], {
        "xaxis": {"visible": False, "range": [-0.6, 2.1]},
        "yaxis": {"visible": False, "range": [-0.6, 2.6], "scaleanchor": "x"},
        "title": {"text": t("dash.map.title", lang)}, "height": 420, "margin": margin(50),
        "legend": {"title": {"text": t("dash.map.colourbar", lang)}}, "plot_bgcolor": "rgba(0,0,0,0)",
    }, lang)
