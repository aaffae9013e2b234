"""FUT infrastructure (/infrastructure): board by phase, status history, integrations, risks, dependants, what-if."""

from __future__ import annotations

import streamlit as st

from portfolio.dashboard.charts.infrastructure import component_timeline_chart
from portfolio.dashboard.infrastructure import history_table, infrastructure_view, integrations_table, risks_table
from portfolio.i18n import format_date, t
from ui.chart import show_chart
from ui.infrastructure_panels import board, dependents, feed_section, what_if_section
from ui.render import demo_banner
from ui.sidebar import draw_sidebar
from ui.state import cached_build, cached_query

selection = draw_sidebar()
lang = selection.lang
view = cached_query(infrastructure_view, selection.programme, selection.as_of, selection.landsdele)

if view is None:
    st.title(t("dash.infra.title", lang))
    st.info(t("empty.store", lang))
    st.stop()
demo_banner(view.is_demo, lang)
st.title(t("dash.infra.title", lang))
st.caption(t("dash.infra.caption", lang, as_of=format_date(view.as_of, lang)))
if not view.has_data:
    st.info(t("empty.store", lang) if not view.store_has_data else t("dash.infra.no_history", lang))
    feed_section(view.as_of, lang)
    st.stop()

board(view, lang)
show_chart(cached_build(component_timeline_chart, view.history, view.as_of, lang, key=selection), lang,
           key="infra_timeline")
dependents(view, lang)
what_if_section(view, lang)

st.header(t("dash.infra.integrations_header", lang))
st.dataframe(cached_build(integrations_table, view.cards, lang, key=selection), hide_index=True)

st.header(t("dash.infra.risks_header", lang))
if view.risks:
    st.dataframe(risks_table(view.risks, lang), hide_index=True)
else:
    st.info(t("dash.infra.no_risks", lang))

st.header(t("dash.infra.history_header", lang))
st.dataframe(cached_build(history_table, view.history, lang, key=selection), hide_index=True)

feed_section(view.as_of, lang)
