"""Text from users and files is shown as text (#13): one helper for Markdown-rendering elements, Plotly escaped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from portfolio.dashboard.charts.overview import milestone_health_chart
from portfolio.dashboard.overview import portfolio_overview
from portfolio.db import read_session
from ui.render import literal

HOSTILE = ["![x](http://host/track).xlsx", "[klik](https://host/x)", "<img src=http://host/a.png>", "**fed**",
           "www.host.dk", "mail@host.dk", "# Overskrift", "`kode`", "| a | b |", "$x^2$", ":material/home:"]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_leaves_no_markdown_link_image_or_emphasis(text):
    shown = literal(text)
    unescaped = re.sub(r"\\(.)", "", shown)  # what is left once every escaped character is taken out
    assert not re.search(r"[\[\]()*<>`#|$!]", unescaped), shown
    assert not re.search(r"(?i)https?://|www\.|@host", shown.replace("\\", "")), shown
    assert shown.replace("\\", "").replace("\u200b", "") == text  # and it reads exactly as typed


def test_a_plan_file_name_reaches_a_plotly_hover_escaped(demo_engine):
    with read_session(demo_engine) as session:
        overview = portfolio_overview(session, "KOL", dt.date(2022, 9, 8))
    tiles = [replace(tile, plan=replace(tile.plan, source_file='<a href="http://host/x">klik</a>.xlsx'))
             if tile.plan else tile for tile in overview.tiles]
    figure = milestone_health_chart(replace(overview, tiles=tiles), "da")
    sources = {row[1] for row in figure.data[0].customdata}
    assert sources == {'&lt;a href="http://host/x"&gt;klik&lt;/a&gt;.xlsx'}
