"""Inclusion (/inclusion): included against target per landsdel, monthly pace, forecast, per municipality."""

from __future__ import annotations

import streamlit as st

from portfolio.dashboard.charts.inclusion import inclusion_progress_chart, monthly_inclusion_chart
from portfolio.dashboard.inclusion import forecast_table, inclusion_view, municipality_table
from portfolio.i18n import t
from ui.chart import show_chart
from ui.render import page_heading
from ui.sidebar import draw_sidebar
from ui.state import cached_build, cached_query
from ui.tables import key_table

selection = draw_sidebar()
lang = selection.lang
view = cached_query(inclusion_view, selection.programme, selection.as_of, selection.landsdele)

page_heading(view, lang=lang, empty_title="dash.nav.inclusion", title="dash.inc.title", caption="dash.inc.caption")

show_chart(cached_build(inclusion_progress_chart, view, lang, key=selection), lang, key="inc_progress")

st.header(t("dash.inc.forecast_header", lang), help=t("dash.inc.help", lang, window=view.window))
key_table(cached_build(forecast_table, view, lang, key=selection), lang)
st.caption(t("dash.inc.help", lang, window=view.window))

show_chart(cached_build(monthly_inclusion_chart, view, lang, key=selection), lang, key="inc_monthly")

st.header(t("dash.inc.municipalities_header", lang))
st.dataframe(cached_build(municipality_table, view.municipalities, lang, key=selection), hide_index=True)
