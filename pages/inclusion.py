"""Inclusion (/inclusion): included against target per landsdel, monthly pace, forecast, per municipality."""

from __future__ import annotations

import streamlit as st

from portfolio.charts import inclusion_progress_chart, monthly_inclusion_chart
from portfolio.i18n import format_date, t
from portfolio.inclusion_views import forecast_table, inclusion_view, municipality_table
from ui.render import demo_banner
from ui.sidebar import draw_sidebar
from ui.state import cached_query

selection = draw_sidebar()
lang = selection.lang
view = cached_query(inclusion_view, selection.programme, selection.as_of, selection.landsdele)

if view is None or not view.store_has_data:
    st.title(t("dash.nav.inclusion", lang))
    st.info(t("empty.store", lang))
    st.stop()
demo_banner(view.is_demo, lang)
st.title(t("dash.inc.title", lang, programme=view.programme.name(lang)))
st.caption(t("dash.inc.caption", lang, as_of=format_date(view.as_of, lang)))
if not view.has_data:
    st.info(t("empty.selection", lang, as_of=format_date(view.as_of, lang)))
    st.stop()

st.plotly_chart(inclusion_progress_chart(view, lang), width="stretch", key="inc_progress")

st.subheader(t("dash.inc.forecast_header", lang), help=t("dash.inc.help", lang, window=view.window))
st.dataframe(forecast_table(view, lang), hide_index=True)
st.caption(t("dash.inc.help", lang, window=view.window))

st.plotly_chart(monthly_inclusion_chart(view, lang), width="stretch", key="inc_monthly")

st.subheader(t("dash.inc.municipalities_header", lang))
st.dataframe(municipality_table(view.municipalities, lang), hide_index=True)
