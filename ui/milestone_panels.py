"""Drawing for the milestones page that reruns on its own: the trend per landsdel (a fragment)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import streamlit as st

from portfolio.dashboard.charts.milestones import milestone_trend_chart
from portfolio.dashboard.milestones import milestones_view, trend_choice
from portfolio.i18n import t
from ui.auth import logged_in_account
from ui.chart import show_chart
from ui.sidebar import Selection
from ui.state import cached_build, cached_query


@st.fragment
def trend_section(selection: Selection, lines: Sequence, shown: Hashable, lang: str) -> None:
    """The trend chart and its landsdel selector. Choosing another landsdel reruns only this (not the timelines,
    tables and sidebar above and below); the read model for the chosen landsdel comes through the one door."""
    if logged_in_account() is None:  # logged out elsewhere since the page was drawn: the whole page shows the login
        st.rerun(scope="app")
    st.header(t("dash.ms.trend_header", lang))
    trend_options = list(selection.landsdele)
    trend_key = st.session_state.get("w_ms_trend")
    view = cached_query(milestones_view, selection.programme, selection.as_of, selection.landsdele,
                        trend_key if trend_key in trend_options else None)
    planned = {line.landsdel_key for line in view.lines}
    with_plans = [key for key in trend_options if key in planned]
    if not (view.trend_landsdel and with_plans):
        return
    st.session_state["w_ms_trend"] = view.trend_landsdel
    st.selectbox(t("dash.ms.trend_landsdel", lang), with_plans, key="w_ms_trend",
                 format_func=lambda key: view.landsdel_names.get(key, key))
    trend = trend_choice(view.trend, [line.code for line in lines if line.landsdel_key == view.trend_landsdel])
    show_chart(cached_build(milestone_trend_chart, view.trend, trend.codes,
                            view.landsdel_names.get(view.trend_landsdel, ""), lang,
                            key=(shown, view.trend_landsdel)), lang, key="ms_trend")
    if trend.limited:
        st.caption(t("dash.ms.trend_limited", lang, shown=len(trend.codes), total=trend.total))
    st.caption(t("dash.ms.trend_help", lang))
