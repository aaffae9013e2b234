"""Every chart with its text alternative (issue #19): the Plotly chart, a short summary a screen reader reaches,
and "Vis som tabel" with the chart's data. Pages call :func:`show_chart` instead of ``st.plotly_chart``.

The summary and the table come from portfolio/dashboard/chart_text.py (built from the figure); both are plain text.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd
import streamlit as st

from portfolio import palette
from portfolio.dashboard.chart_text import ChartText, describe_figure
from portfolio.i18n import t
from ui.render import literal
from ui.state import BuiltFigure


def _described(figure: Any, lang: str, lead: str) -> tuple[ChartText, pd.DataFrame]:
    """The figure's text alternative and its table made safe for ``st.table``, worked out once per built figure.

    ``st.table`` renders its cells as Markdown ("31. januar" would become a numbered list, a name could become a
    link), so every cell goes through literal(): 12,000 calls for the milestones page, too many for every rerun.
    """
    cached = getattr(figure, "_chart_text", None)
    if cached is not None and cached[0] == (lang, lead):
        return cached[1]
    alternative = describe_figure(figure, lang, lead=lead)
    table = alternative.table
    safe = pd.DataFrame([[literal(value) for value in row] for row in table.itertuples(index=False, name=None)],
                        columns=[literal(name) for name in table.columns])
    described = (alternative, safe)
    with contextlib.suppress(AttributeError, ValueError):  # a go.Figure refuses new attributes: described anew
        figure._chart_text = ((lang, lead), described)
    return described


def show_chart(figure: Any, lang: str, *, key: str | None = None, lead: str = "", container: Any = None) -> None:
    """Draw ``figure`` with its summary and its data table. ``container``: a column or other container (st)."""
    where = container if container is not None else st
    alternative, safe_table = _described(figure, lang, lead)
    with where.container(key=f"chart_{key}" if key else None):
        if not isinstance(figure, BuiltFigure) and not getattr(figure, "_readable_text", False):
            palette.readable_text(figure)  # one built from specs or through ui.state has its text colours already
        st.plotly_chart(figure, width="stretch", key=key, alt=alternative.summary)
        st.caption(literal(alternative.summary))
        with st.expander(t("a11y.chart.table", lang) + " – " + literal(alternative.title)):
            if alternative.table.empty:
                st.text(alternative.summary)
            else:  # a real <table> with headers, read cell by cell
                st.table(safe_table, hide_index=True)
