"""Figure builders: Danish ticks, the status line, user text escaped, empty data drawn as a message."""

import datetime as dt
import json

import plotly.graph_objects as go
import pytest

from portfolio.dashboard.charts.base import date_ticks, empty_figure
from portfolio.dashboard.charts.inclusion import inclusion_progress_chart, monthly_inclusion_chart
from portfolio.dashboard.charts.infrastructure import component_timeline_chart
from portfolio.dashboard.charts.milestones import milestone_timeline_chart, milestone_trend_chart
from portfolio.dashboard.charts.overview import inclusion_vs_target_chart, landsdel_tile_map, milestone_health_chart
from portfolio.dashboard.inclusion import inclusion_view
from portfolio.dashboard.infrastructure import infrastructure_view
from portfolio.dashboard.milestones import milestones_view
from portfolio.dashboard.overview import portfolio_overview
from portfolio.db import read_session

MEETING = dt.date(2022, 9, 8)


def test_date_ticks_speak_danish_and_english():
    values, texts = date_ticks(dt.date(2022, 1, 10), dt.date(2022, 9, 1), "da", most=10)
    assert values[0] == "2022-01-01" and texts[0] == "jan. 2022" and len(values) == 9
    _, english = date_ticks(dt.date(2022, 1, 10), dt.date(2022, 9, 1), "en", most=10)
    assert english[1] == "Feb 2022"
    _, years = date_ticks(dt.date(2019, 1, 1), dt.date(2025, 12, 31), "da", most=10)
    assert years[0] == "2019"


@pytest.fixture
def views(demo_engine):
    with read_session(demo_engine) as session:
        return (portfolio_overview(session, "KOL", MEETING), milestones_view(session, "KOL", MEETING),
                inclusion_view(session, "KOL", MEETING), infrastructure_view(session, "KOL", MEETING))


def test_every_figure_builds_on_the_demo(views):
    overview, milestones, inclusion, infrastructure = views
    timeline = milestone_timeline_chart(milestones.lines, MEETING, "da")
    assert any(a.text == "Status pr. 08.09.2022" for a in timeline.layout.annotations)
    assert any(trace.name == "Skubbet af FUT" for trace in timeline.data)
    trend = milestone_trend_chart(milestones.trend, None, "Nord", "da")
    assert trend.layout.title.text == "Trendanalyse: Nord"
    progress = inclusion_progress_chart(inclusion, "da")
    assert {a.text for a in progress.layout.annotations} >= {"Nord", "Sjælland"}
    assert monthly_inclusion_chart(inclusion, "en").layout.barmode == "relative"
    tiles = landsdel_tile_map(overview, "da")
    assert "92 %" in tiles.data[0].text[0]  # Nord, the share printed on the tile, not only its colour
    history = component_timeline_chart(infrastructure.history, MEETING, "da")
    assert {trace.name for trace in history.data} >= {"Udvikling", "Drift", "Prognose for drift"}
    nord = [line for line in milestones.lines if line.landsdel_key == milestones.lines[0].landsdel_key]
    others = (milestone_timeline_chart(nord, MEETING, "da", title="Nord"),  # one landsdel, as the page draws it
              milestone_health_chart(overview, "en"), inclusion_vs_target_chart(overview, "da"),
              monthly_inclusion_chart(inclusion, "da"), empty_figure("–"))
    for figure in (timeline, trend, progress, tiles, history, *others):
        json.dumps(figure.to_plotly_json(), default=str)  # serialisable for the browser
        # base.figure skips Plotly's validation: every property must be valid (it raises on any other), and the spec
        # already what validation would make of it (e.g. labels as text), so skipping it changes nothing drawn
        assert go.Figure(figure.to_dict()).to_dict() == figure.to_dict()


def test_an_invalid_property_would_be_caught():
    from portfolio.dashboard.charts.base import figure

    wrong = figure([{"type": "bar", "x": [1], "y": [2], "colour": "red"}], {}, "da")
    with pytest.raises(ValueError, match="colour"):
        go.Figure(wrong.to_dict())


def test_hover_says_where_a_figure_comes_from(views):
    _, milestones, _, _ = views
    timeline = milestone_timeline_chart(milestones.lines[:3], MEETING, "da")
    baseline = timeline.data[[t.name for t in timeline.data].index("Baseline")]
    assert "Milepælsplan_KOL_Nord_2022-09.xlsx" in baseline.customdata[0][8]
    assert "Plan %{customdata[7]}" in baseline.hovertemplate


def test_user_text_is_escaped_in_labels(views):
    _, milestones, _, _ = views
    from dataclasses import replace

    line = replace(milestones.lines[0], title="<b>bold</b> & <script>")
    figure = milestone_timeline_chart([line], MEETING, "da")
    labels = list(figure.layout.yaxis.categoryarray)
    assert labels == ["Nord · 1.1 &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;"]


def test_empty_data_draws_a_message_not_an_error():
    assert milestone_timeline_chart([], MEETING, "da").layout.annotations[0].text.startswith("Ingen milepæle")
    assert milestone_trend_chart([], None, "Nord", "en").layout.annotations[0].text.startswith("No ")
    assert component_timeline_chart([], MEETING, "da").layout.annotations
    assert empty_figure("x").layout.height == 200


def test_overview_figures(views):
    overview, _, _, _ = views
    health = milestone_health_chart(overview, "da")
    assert health.layout.barmode == "stack" and health.layout.yaxis.autorange == "reversed"
    assert [trace.name for trace in health.data] == ["Afsluttet", "På sporet", "I risiko", "Forsinket"]
    assert health.data[2].marker.pattern.shape == "/"  # at risk is hatched, not only coloured
    assert "Milepælsplan_KOL_Nord_2022-09.xlsx" in health.data[0].customdata[0][1]
    inclusion = inclusion_vs_target_chart(overview, "en")
    assert inclusion.layout.barmode == "group" and inclusion.layout.separators == ".,"
    assert [trace.name for trace in inclusion.data] == ["Target group", "Target 8 September 2022", "Active citizens"]
    assert inclusion.data[2].text[0] == "586"
    tiles = landsdel_tile_map(overview, "en")
    assert tiles.layout.yaxis.scaleanchor == "x" and tiles.layout.legend.title.text
    assert [d.name for d in tiles.data[1:]][-1] == "no data"  # the stepped scale explained, "no data" included
    for figure in (health, inclusion, tiles):
        assert figure.layout.title.text
        json.dumps(figure.to_plotly_json(), default=str)


def test_tile_map_steps_around_the_target_and_says_ingen_data() -> None:
    from portfolio.palette import share_band, share_text

    assert share_band(0.52) != share_band(0.65)  # once alike on a continuous scale
    assert share_band(0.95) != share_band(1.2) and share_band(None) is None
    assert share_text(None, "da") == "ingen data" and share_text(0.64, "da") == "64 %"
