"""The infrastructure page's parts: the board by phase, the dependants per component, the what-if, the feed section.

Drawn from the read model (``portfolio.dashboard.infrastructure.InfrastructureView``) only. Component names and notes
come from feeds and users: shown with ``st.text``, in dataframes or through ``literal`` (never Markdown).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from portfolio.auth.roles import Action
from portfolio.dashboard.infrastructure import ComponentCard, InfrastructureView, dependents_table, scenario_table
from portfolio.domain import Phase
from portfolio.i18n import format_date, format_number, label, rag_badge, t
from portfolio.knock_on import most_moving_component, what_if
from ui.auth import current_user, logged_in_account
from ui.component_form import render_component_form
from ui.feed_panel import render_feed_panel
from ui.render import literal
from ui.roles import explain_not_allowed, role_allows
from ui.scenario_panel import render_scenario_panel


def feed_section(as_of: dt.date, lang: str) -> None:
    """Feed upload / pull, and for the secretariat the form to add a component: both act as the logged-in account."""
    account = current_user()
    if role_allows(account, Action.IMPORT_FEED):
        render_feed_panel(lang=lang, actor=account.username, as_of=as_of)
    else:
        st.header(t("feed.panel.title", lang))
        explain_not_allowed(account, Action.IMPORT_FEED, lang)
    if account.may(Action.MANAGE_COMPONENTS):
        render_component_form(lang=lang, actor=account.username)


def _card_lines(card: ComponentCard, lang: str) -> list[str]:
    state = card.state
    lines = [rag_badge(state.rag, lang), t("dash.infra.reported", lang, date=format_date(state.status_date, lang))]
    if state.pilot_forecast:
        lines.append(f"{t('dash.infra.pilot_forecast', lang)}: {format_date(state.pilot_forecast, lang)}")
    if state.production_forecast:
        lines.append(f"{t('dash.infra.production_forecast', lang)}: {format_date(state.production_forecast, lang)}")
    if card.production_moved_days and card.previous:
        lines.append(t("dash.infra.moved", lang, what=t("dash.infra.production_forecast", lang),
                       days=f"{card.production_moved_days:+d}",
                       date=format_date(card.previous.status_date, lang, "short")))
    if card.dependents:
        lines.append(t("dash.infra.dependents", lang, n=len(card.dependents)))
    return lines


def board(view: InfrastructureView, lang: str) -> None:
    """A column per phase, a card per component in it; the components never reported listed below."""
    st.header(t("dash.infra.board", lang))
    by_phase = view.by_phase()
    for column, phase in zip(st.columns(len(Phase)), Phase, strict=True):
        column.markdown(f"**{label(phase, lang)}**")
        for card in by_phase.get(phase, []):
            with column.container(border=True):
                st.text(card.state.name)
                st.text("\n".join(_card_lines(card, lang)))
    unreported = by_phase.get(None, [])
    if unreported:
        st.caption(t("dash.infra.no_status", lang))
        st.text(", ".join(card.state.name for card in unreported))


def dependents(view: InfrastructureView, lang: str) -> None:
    """Per component, the milestones that wait for it (and those its last move pushed)."""
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


@st.fragment
def what_if_section(view: InfrastructureView, lang: str) -> None:
    """"If this component slips N weeks": the milestones it pushes, and by how much. A fragment: changing the
    component or the weeks reruns only this section (it computes from the view the page read)."""
    if logged_in_account() is None:  # logged out elsewhere since the page was drawn: the whole page shows the login
        st.rerun(scope="app")
    st.header(t("dash.infra.whatif_header", lang))
    codes = [card.code for card in view.cards if card.dependents]
    if not codes:
        st.info(t("dash.ms.deps_none", lang))
        render_scenario_panel(lang=lang, whatif=None)
        return
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
    render_scenario_panel(lang=lang, whatif=(component, int(weeks)))  # save, list, compare (#17)
