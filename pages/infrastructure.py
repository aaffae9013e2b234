"""FUT infrastructure (/infrastructure): board by phase, status history, integrations, risks, dependants, what-if."""

from __future__ import annotations

import streamlit as st

from portfolio.auth.roles import Action
from portfolio.charts import component_timeline_chart
from portfolio.domain import Phase
from portfolio.i18n import format_date, format_number, label, rag_badge, t
from portfolio.infrastructure_views import (
    dependents_table,
    history_table,
    infrastructure_view,
    integrations_table,
    risks_table,
    scenario_table,
)
from portfolio.knock_on import most_moving_component, what_if
from ui.auth import current_user
from ui.chart import show_chart
from ui.component_form import render_component_form
from ui.feed_panel import render_feed_panel
from ui.render import demo_banner, literal
from ui.roles import explain_not_allowed, role_allows
from ui.sidebar import draw_sidebar
from ui.state import cached_build, cached_query


def feed_panel(as_of) -> None:  # type: ignore[no-untyped-def]
    """Feed upload / pull, and for the secretariat the form to add a component: both act as the logged-in account."""
    account = current_user()
    if role_allows(account, Action.IMPORT_FEED):
        render_feed_panel(lang=lang, actor=account.username, as_of=as_of)
    else:
        st.header(t("feed.panel.title", lang))
        explain_not_allowed(account, Action.IMPORT_FEED, lang)
    if account.may(Action.MANAGE_COMPONENTS):
        render_component_form(lang=lang, actor=account.username)


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
    feed_panel(view.as_of)
    st.stop()

st.header(t("dash.infra.board", lang))
board = view.by_phase()
for column, phase in zip(st.columns(len(Phase)), Phase, strict=True):
    column.markdown(f"**{label(phase, lang)}**")
    for card in board.get(phase, []):
        state = card.state
        with column.container(border=True):
            st.text(state.name)
            lines = [rag_badge(state.rag, lang),
                     t("dash.infra.reported", lang, date=format_date(state.status_date, lang))]
            if state.pilot_forecast:
                lines.append(f"{t('dash.infra.pilot_forecast', lang)}: {format_date(state.pilot_forecast, lang)}")
            if state.production_forecast:
                lines.append(f"{t('dash.infra.production_forecast', lang)}: "
                             f"{format_date(state.production_forecast, lang)}")
            if card.production_moved_days and card.previous:
                lines.append(t("dash.infra.moved", lang, what=t("dash.infra.production_forecast", lang),
                               days=f"{card.production_moved_days:+d}",
                               date=format_date(card.previous.status_date, lang, "short")))
            if card.dependents:
                lines.append(t("dash.infra.dependents", lang, n=len(card.dependents)))
            st.text("\n".join(lines))
unreported = board.get(None, [])
if unreported:
    st.caption(t("dash.infra.no_status", lang))
    st.text(", ".join(card.state.name for card in unreported))

show_chart(cached_build(component_timeline_chart, view.history, view.as_of, lang, key=selection), lang,
           key="infra_timeline")

st.header(t("dash.infra.deps_header", lang))
st.caption(t("dash.ms.deps_help", lang))
for card in view.cards:
    if not card.dependents:
        continue
    pushed = sum(1 for d in card.dependents if d.pushed_days)
    title = f"{card.state.name} · {rag_badge(card.state.rag, lang)} · {len(card.dependents)}" + (
        f" (▶ {pushed})" if pushed else "")
    with st.expander(literal(title)):  # a label is Markdown: keep feed text literal
        st.dataframe(dependents_table(card, lang), hide_index=True)
        if card.moved_pushes:
            st.text(t("dash.infra.moved_pushes", lang))
            st.dataframe(scenario_table(card.moved_pushes, view.landsdel_names, lang), hide_index=True)

st.header(t("dash.infra.whatif_header", lang))
codes = [card.code for card in view.cards if card.dependents]
if codes:
    names = {card.code: card.state.name for card in view.cards}
    left, right = st.columns([3, 1])
    if "w_whatif_component" not in st.session_state:  # start where a slip matters most
        st.session_state["w_whatif_component"] = most_moving_component(
            view.plan_milestones, view.components, codes, int(st.session_state.get("w_whatif_weeks", 8))) or codes[0]
    component = left.selectbox(t("dash.infra.whatif_component", lang), codes, key="w_whatif_component",
                               format_func=lambda code: names[code])
    weeks = right.number_input(t("dash.infra.whatif_weeks", lang), min_value=0, max_value=104, value=8, step=1,
                               key="w_whatif_weeks")
    pushes = what_if(view.plan_milestones, view.components, component, int(weeks))
    if pushes:
        st.text(t("dash.infra.whatif_result", lang, n=len(pushes),
                  days=format_number(max(p.extra_days for p in pushes), lang)))
        st.dataframe(scenario_table(pushes, view.landsdel_names, lang), hide_index=True)
    else:
        st.info(t("dash.infra.whatif_none", lang))
else:
    st.info(t("dash.ms.deps_none", lang))

st.header(t("dash.infra.integrations_header", lang))
st.dataframe(cached_build(integrations_table, view.cards, lang, key=selection), hide_index=True)

st.header(t("dash.infra.risks_header", lang))
if view.risks:
    st.dataframe(risks_table(view.risks, lang), hide_index=True)
else:
    st.info(t("dash.infra.no_risks", lang))

st.header(t("dash.infra.history_header", lang))
st.dataframe(cached_build(history_table, view.history, lang, key=selection), hide_index=True)

feed_panel(view.as_of)
