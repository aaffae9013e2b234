"""Issue #19: every Plotly chart on every page has its text alternative (a summary a screen reader reaches and the
chart's data as a table), in Danish and English; the summaries are built from the figures' own data."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import pytest

from portfolio.dashboard.chart_text import describe_figure, plain_text
from portfolio.dashboard.charts.base import empty_figure
from tests.support.login import open_logged_in

CHART_PAGES = ("overview", "milestones", "inclusion", "infrastructure")
TABLE_LABEL = {"da": "Vis som tabel", "en": "Show as table"}


def unescaped(markdown: str) -> str:
    """Text shown through ui.render.literal, as the reader sees it."""
    return markdown.replace("\\", "").replace("\u200b", "")


def test_summary_and_table_from_a_figure_in_danish_and_english():
    fig = go.Figure()
    fig.add_bar(x=["Nord", "Midt"], y=[753, 1200.5], name="Aktive <b>borgere</b>")
    fig.add_scatter(x=[dt.date(2022, 9, 30), dt.date(2022, 10, 31), dt.date(2022, 11, 30)], y=[10, 20, 15],
                    mode="lines", name="Mål")
    fig.update_layout(title="Inklusion", yaxis_title="Borgere")
    danish = describe_figure(fig, "da")
    assert danish.summary.startswith("Inklusion (2 dataserier, lodret akse: Borgere).")
    assert "Aktive borgere: Nord 753, Midt 1.200,5" in danish.summary  # tags dropped, Danish digits
    assert "3 punkter fra 30. september 2022 (10) til 30. november 2022 (15), højst 20" in danish.summary
    assert list(danish.table.columns) == ["Serie", "Vandret", "Lodret"]
    assert len(danish.table) == 5
    english = describe_figure(fig, "en")
    assert "Midt 1,200.5" in english.summary and "30 September 2022" in english.summary
    assert list(english.table.columns) == ["Series", "Horizontal", "Vertical"]


def test_panels_are_named_by_their_titles():
    from plotly.subplots import make_subplots

    names = ["Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"]
    fig = make_subplots(rows=2, cols=3, subplot_titles=names)  # six slots, five used
    for index in range(len(names)):
        fig.add_scatter(x=[1, 2, 3], y=[index, index + 1, index + 2], mode="lines", name="Aktive",
                        row=index // 3 + 1, col=index % 3 + 1)
    text = describe_figure(fig, "da")
    for name in names:
        assert f"{name} – Aktive: 3 punkter" in text.summary
    assert list(text.table["Delfigur"].unique()) == names


def test_a_drawing_of_labels_says_its_labels_not_their_positions():
    """The overview's tile map places its tiles with x and y on hidden axes: a screen reader hears each landsdel and
    its share, not coordinates, and not the legend's colour bands as empty series."""
    fig = go.Figure()
    fig.add_scatter(x=[0, 1, 0], y=[2, 1, 0], mode="markers+text", text=["<b>Nord</b><br>92 %", "Midt 64 %", "Syd"],
                    name="Andel af målet", showlegend=False)
    fig.add_scatter(x=[None], y=[None], mode="markers", name="under 50 %")  # a legend entry only
    fig.add_scatter(x=[0], y=[0], mode="markers", marker={"opacity": 0}, showlegend=False, hoverinfo="skip")  # an aid
    fig.update_layout(title="Kort", xaxis={"visible": False}, yaxis={"visible": False})
    text = describe_figure(fig, "da")
    assert text.summary == "Kort (1 dataserie). Andel af målet: Nord 92 %, Midt 64 %, Syd."
    assert list(text.table.columns) == ["Serie", "Tekst"] and len(text.table) == 3


def test_timeline_bars_say_their_periods_not_milliseconds():
    """A date bar is drawn from ``base`` for ``x`` milliseconds (the FUT status history): read out as its dates."""
    fig = go.Figure()
    fig.add_bar(y=["KL Gateway"], base=["2022-05-02"], x=[129 * 86_400_000], orientation="h", text=["●"],
                name="Udvikling")
    text = describe_figure(fig, "da")
    assert "Udvikling: KL Gateway 2. maj 2022 – 8. september 2022 ●" in text.summary
    assert "11145600000" not in text.summary.replace(".", "")


def test_an_empty_chart_says_so():
    text = describe_figure(empty_figure("Ingen milepæle"), "da")
    assert text.summary == "Diagram. Ingen milepæle."
    assert text.table.empty


def test_plain_text_drops_plotly_markup():
    assert plain_text("<b>Nord</b><br>84 %") == "Nord 84 %"
    assert plain_text("A &amp; B") == "A & B"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_chart_on_every_page_has_its_alternative(demo_db_url, lang):
    for page in CHART_PAGES:
        at = open_logged_in(page)
        if lang == "en":
            at.sidebar.radio(key="w_lang").set_value("en").run()
            assert not at.exception
        charts = at.get("plotly_chart")
        assert charts, page
        tables = [e for e in at.expander if e.label.startswith(TABLE_LABEL[lang])]
        assert len(tables) == len(charts), page
        for chart, expander in zip(charts, tables, strict=True):
            figure_title = plain_text(json.loads(chart.proto.spec)["layout"]["title"]["text"])
            assert figure_title and figure_title in unescaped(expander.label), (page, figure_title)
            # The summary is on the page as text (a caption after the chart) and on the chart as its label.
            summaries = [unescaped(c.value) for c in at.caption if unescaped(c.value).startswith(figure_title)]
            assert summaries, (page, figure_title)
            assert chart.proto.alt == summaries[0], page
            assert expander.get("table") or expander.get("text"), (page, figure_title)
