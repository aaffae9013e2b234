"""The infrastructure page's saved scenarios: "Gem scenarie" for the secretariat (the what-if above, and if wanted a
changed inclusion rate, computed against a snapshot), the list of saved scenarios, and two side by side.

Logic lives in portfolio/scenarios/; this draws it. The service checks the right again on every save.
"""

from __future__ import annotations

import streamlit as st

from portfolio.auth.permissions import PermissionDenied
from portfolio.auth.roles import Action
from portfolio.dashboard.queries import landsdele
from portfolio.i18n import format_date, t
from portfolio.scenarios import service
from portfolio.scenarios.errors import ScenarioRefused
from portfolio.scenarios.views import (
    comparison,
    comparison_tables,
    describe_all,
    inclusion_table,
    pushes_table,
    scenarios_table,
)
from portfolio.snapshots.freeze import list_snapshots
from ui.auth import current_user
from ui.language import seeded
from ui.render import literal
from ui.state import cached_query, get_engine


def _save_form(lang: str, whatif: tuple[str, int] | None) -> None:
    snapshots = cached_query(list_snapshots)
    if not snapshots:
        st.info(t("scenario.panel.no_snapshot", lang))
        return
    regions = {ld.key: ld.name for ld in cached_query(landsdele)}
    with st.form("scenario_save", clear_on_submit=False):
        name = st.text_input(t("scenario.panel.name", lang), max_chars=service.MAX_NAME, key="w_scenario_name")
        labels = {s.id: f"{s.label} ({format_date(s.as_of, lang, 'short')})" for s in snapshots}
        snapshot = st.selectbox(t("scenario.panel.snapshot", lang), list(labels), format_func=labels.__getitem__,
                                key=seeded("w_scenario_snapshot", snapshots[0].id, list(labels)))
        left, right = st.columns(2)
        region = left.selectbox(t("scenario.panel.inclusion", lang), ["", *regions],
                                format_func=lambda k: regions.get(k) or t("scenario.panel.inclusion_none", lang),
                                key=seeded("w_scenario_landsdel", "", ["", *regions]))
        percent = right.number_input(t("scenario.panel.percent", lang), min_value=service.MIN_PERCENT,
                                     max_value=service.MAX_PERCENT, value=0, step=5, key="w_scenario_percent")
        if not st.form_submit_button(t("scenario.panel.save", lang), type="primary"):
            return
    slips = [whatif] if whatif and whatif[1] > 0 else []
    changes = [(region, int(percent))] if region else []
    try:
        scenario_id = service.save_scenario(get_engine(), name=name, actor=current_user().username,
                                            component_slips=slips, inclusion_changes=changes, snapshot_id=snapshot)
    except (ScenarioRefused, PermissionDenied) as refused:
        st.error(literal(refused.message(lang)))  # the message may quote what was typed
        return
    st.success(literal(t("scenario.panel.saved", lang, name=" ".join(name.split()), id=scenario_id)))


def _one(lang: str, scenario_id: int) -> None:
    info, result = cached_query(service.scenario_result, scenario_id)
    st.text(f"{info.name}: {describe_all(info, lang, result)}")
    if result.pushes:
        st.dataframe(pushes_table(result, lang), hide_index=True)
    st.dataframe(inclusion_table(result, lang), hide_index=True)


def render_scenario_panel(*, lang: str, whatif: tuple[str, int] | None) -> None:
    """``whatif``: the component and weeks chosen in the page's what-if (None: no component to slip)."""
    st.header(t("scenario.panel.title", lang))
    st.caption(t("scenario.panel.caption", lang))
    account = current_user()
    if account.may(Action.MANAGE_MEETINGS):
        _save_form(lang, whatif)
    else:
        st.caption(t("scenario.panel.who", lang))
    saved = cached_query(service.list_scenarios)
    if not saved:
        st.info(t("scenario.panel.none", lang))
        return
    st.dataframe(scenarios_table(saved, lang, cached_query(service.subject_names)), hide_index=True)
    st.subheader(t("scenario.panel.compare", lang))
    names = {s.id: f"{s.id} · {s.name}" for s in saved}
    if len(saved) < 2:
        st.caption(t("scenario.panel.need_two", lang))
        _one(lang, saved[0].id)
        return
    left, right = st.columns(2)
    first = left.selectbox(t("scenario.panel.first", lang), list(names), format_func=names.__getitem__,
                           key=seeded("w_scenario_a", saved[1].id, list(names)))
    second = right.selectbox(t("scenario.panel.second", lang), list(names), format_func=names.__getitem__,
                             key=seeded("w_scenario_b", saved[0].id, list(names)))
    if first == second:
        st.info(t("scenario.error.same", lang))
        _one(lang, first)
        return
    data = comparison(cached_query(service.scenario_result, first), cached_query(service.scenario_result, second))
    milestones, inclusion = comparison_tables(data, lang)
    st.text(t("scenario.panel.milestones", lang))
    if milestones.empty:
        st.caption(t("scenario.pack.no_pushes", lang))
    else:
        st.dataframe(milestones, hide_index=True)
    st.text(t("scenario.panel.full", lang))
    st.dataframe(inclusion, hide_index=True)
