"""Milestones (/milestones): timeline per landsdel, trend analysis, what slipped, FUT dependencies."""

from __future__ import annotations

import streamlit as st

from portfolio.baselines.reads import change_table
from portfolio.dashboard.charts.milestones import milestone_timeline_chart
from portfolio.dashboard.milestones import (
    dependency_table,
    filter_lines,
    milestone_table,
    milestones_view,
    slipped_table,
)
from portfolio.domain import MilestoneHealth
from portfolio.i18n import label, t
from ui.chart import show_chart
from ui.language import keep_in_url, url_choice
from ui.milestone_panels import trend_section
from ui.render import literal, page_heading
from ui.sidebar import draw_sidebar
from ui.state import cached_build, cached_query
from ui.tables import key_table
from ui.version_compare import draw_version_compare

selection = draw_sidebar()
lang = selection.lang
trend_options = list(selection.landsdele)
trend_key = st.session_state.get("w_ms_trend")
view = cached_query(milestones_view, selection.programme, selection.as_of, selection.landsdele,
                    trend_key if trend_key in trend_options else None)

page_heading(view, lang=lang, empty_title="dash.nav.milestones", title="dash.ms.title", caption="dash.as_of_caption")
if view.baseline_changes:  # a baseline moved without the group's approval (portfolio/baselines)
    st.warning(f"**{t('baseline.flag.title', lang)}**: {t('baseline.flag.intro', lang)}")
    key_table(change_table(view.baseline_changes, lang), lang)

healths = [h.value for h in MilestoneHealth]
url_choice("category", "w_ms_category", view.categories)
url_choice("status", "w_ms_status", healths)
left, middle, right = st.columns([2, 2, 1])
categories = left.multiselect(t("dash.ms.category", lang), view.categories, key="w_ms_category",
                               placeholder=t("filter.all", lang))
statuses = middle.multiselect(t("dash.ms.status", lang), healths, key="w_ms_status", placeholder=t("filter.all", lang),
                              format_func=lambda h: label(MilestoneHealth(h), lang))
key_only = right.checkbox(t("dash.ms.key_only", lang), key="w_ms_key")
keep_in_url("category", categories)
keep_in_url("status", statuses)
lines = filter_lines(view.lines, categories=categories, healths=statuses, key_only=key_only)
shown = (selection, tuple(categories), tuple(statuses), key_only)  # what the figures below depend on

# One timeline per landsdel (about 20 rows each, the date axis in sight), the first open, the others a click away.
by_landsdel: dict[str, list] = {}
for line in lines:
    by_landsdel.setdefault(line.landsdel_key, []).append(line)
if not by_landsdel:
    show_chart(cached_build(milestone_timeline_chart, lines, view.as_of, lang, key=shown), lang, key="ms_timeline")
for index, (key, own) in enumerate(by_landsdel.items()):
    name = view.landsdel_names.get(key, own[0].landsdel_name)
    counts = " · ".join(f"{label(h, lang)}: {n}" for h in MilestoneHealth
                        if (n := sum(1 for line in own if line.health is h)))
    with st.expander(f"{literal(name)} ({counts})", expanded=index == 0):
        show_chart(cached_build(milestone_timeline_chart, own, view.as_of, lang, title=name, key=(shown, key)), lang,
                   key=f"ms_timeline_{key}")
st.caption(t("dash.ms.timeline_help", lang))

trend_section(selection, lines, shown, lang)  # a fragment: the trend selector reruns only the trend

planned = {line.landsdel_key for line in view.lines}
st.header(t("dash.ms.slipped_header", lang))
shown_codes = {(line.landsdel_name, line.code) for line in lines}
slipped = [s for s in view.slipped if (s.landsdel_name, s.code) in shown_codes]
if slipped:
    key_table(cached_build(slipped_table, slipped, lang, key=shown), lang)
else:
    st.info(t("dash.ms.slipped_none", lang))

draw_version_compare(view.programme.code, [key for key in trend_options if key in planned], view.landsdel_names, lang)

st.header(t("dash.ms.deps_header", lang))
st.caption(t("dash.ms.deps_help", lang))
deps = cached_build(dependency_table, lines, lang, key=shown)
if deps.empty:
    st.info(t("dash.ms.deps_none", lang))
else:
    key_table(deps, lang)

st.header(t("dash.ms.table_header", lang))
key_table(cached_build(milestone_table, lines, lang, key=shown), lang)
