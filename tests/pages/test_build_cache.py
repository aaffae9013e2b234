"""Figures and tables are built once per data version and selection (ui/state.py cached_build)."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import plotly.io
import plotly.tools

from portfolio import audit
from portfolio.db import unit_of_work
from ui.state import BuiltFigure, cached_build


def test_built_once_per_data_version_and_key(sqlite_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", str(sqlite_engine.url))
    calls: list[str] = []

    def build(label: str) -> go.Figure:
        calls.append(label)
        return go.Figure({"data": [{"type": "scatter", "x": [dt.date(2024, 1, 1)], "y": [1], "name": label}]})

    first = cached_build(build, "a", key=("a",))
    assert cached_build(build, "a", key=("a",)) is first and calls == ["a"]
    assert cached_build(build, "b", key=("b",)) is not first and calls == ["a", "b"]
    with unit_of_work(sqlite_engine) as session:  # any write is a new data version
        audit.record(session, actor="admin", action="test.write")
    cached_build(build, "a", key=("a",))
    assert calls == ["a", "b", "a"]


def test_a_built_figure_is_what_plotly_chart_would_send():
    figure = go.Figure({"data": [{"type": "bar", "x": [dt.date(2024, 5, 1), dt.date(2024, 6, 1)], "y": [3, 4]}],
                        "layout": {"title": {"text": "Æ"}}})
    built = BuiltFigure(figure)
    assert isinstance(built, go.Figure.__mro__[1])  # a BaseFigure: st.plotly_chart takes its to_dict() as it is
    handed = plotly.tools.return_figure_from_figure_or_data(built, validate_figure=True)
    assert json.loads(plotly.io.to_json(handed, validate=False)) == json.loads(plotly.io.to_json(figure))
