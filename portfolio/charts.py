"""Plotly figure builders. Colour is never the only carrier of meaning: patterns and text too.

Colours from the Okabe–Ito palette (readable with the common forms of colour blindness).
"""

from __future__ import annotations

import plotly.graph_objects as go

from portfolio.domain import MilestoneHealth
from portfolio.i18n import format_date, format_number, label, t
from portfolio.overview import Overview

HEALTH_STYLE: dict[MilestoneHealth, tuple[str, str]] = {  # colour, pattern
    MilestoneHealth.DONE: ("#0072B2", ""),
    MilestoneHealth.ON_TRACK: ("#009E73", ""),
    MilestoneHealth.AT_RISK: ("#E69F00", "/"),
    MilestoneHealth.LATE: ("#D55E00", "x"),
    MilestoneHealth.PAUSED: ("#999999", "."),
}
TARGET_COLOUR, ACTUAL_COLOUR, GROUP_COLOUR = "#56B4E9", "#0072B2", "#CCCCCC"


def _layout(fig: go.Figure, title: str, lang: str) -> go.Figure:
    fig.update_layout(
        title=title, barmode="stack", legend={"orientation": "h", "y": -0.15},
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=360,
        separators=",." if lang == "da" else ".,",
    )
    return fig


def milestone_health_chart(overview: Overview, lang: str) -> go.Figure:
    """Stacked bars: per landsdel, its latest plan's milestones by where they stand."""
    tiles = [tile for tile in overview.tiles if tile.plan]
    names = [tile.name for tile in tiles]
    source = [
        [f"v{tile.plan.version_no}", tile.plan.source_file, format_date(tile.plan.submitted_on, lang)]
        for tile in tiles if tile.plan
    ]
    fig = go.Figure()
    for health, (colour, pattern) in HEALTH_STYLE.items():
        values = [tile.health[health] for tile in tiles]
        if not any(values):
            continue
        fig.add_bar(
            y=names, x=values, name=label(health, lang), orientation="h", text=values, textposition="inside",
            marker={"color": colour, "pattern": {"shape": pattern}}, customdata=source,
            hovertemplate="%{y}: %{x} " + label(health, lang).lower()
            + "<br>Plan %{customdata[0]} · %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("overview.chart_title", lang), lang)


def inclusion_vs_target_chart(overview: Overview, lang: str) -> go.Figure:
    """Per landsdel: active citizens against the target due now and the whole target group."""
    tiles = overview.tiles
    names = [tile.name for tile in tiles]
    month = [format_date(tile.inclusion.latest_month, lang) for tile in tiles]
    fig = go.Figure()
    fig.add_bar(x=names, y=[tile.inclusion.target_group_size for tile in tiles], name=t("overview.target_group", lang),
                marker={"color": GROUP_COLOUR}, hovertemplate="%{x}: %{y}<extra></extra>")
    fig.add_bar(x=names, y=[tile.inclusion.expected_now for tile in tiles],
                name=t("overview.target", lang) + " " + format_date(overview.as_of, lang),
                marker={"color": TARGET_COLOUR, "pattern": {"shape": "/"}}, hovertemplate="%{x}: %{y}<extra></extra>")
    fig.add_bar(x=names, y=[tile.inclusion.active_citizens for tile in tiles], name=t("overview.included", lang),
                marker={"color": ACTUAL_COLOUR}, customdata=month,
                text=[format_number(tile.inclusion.active_citizens, lang) for tile in tiles], textposition="outside",
                hovertemplate="%{x}: %{y}<br>%{customdata}<extra></extra>")
    fig.update_layout(barmode="group")
    _layout(fig, t("overview.inclusion_chart_title", lang), lang)
    fig.update_layout(barmode="group")
    return fig
