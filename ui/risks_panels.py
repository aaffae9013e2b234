"""The risk page's parts (pages/risks.py): the filters, the heat map and list, a risk's history with its edit form,
the form for a new risk, and the lit warning lamps on the overview.

Drawn from the read model (``portfolio.risks.views.risk_page``); every write goes through ``ui.state.run_write``
into ``portfolio.risks.service``. Titles and texts come from users: shown in dataframes or through ``literal``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from portfolio.auth.permissions import Action
from portfolio.i18n import t
from portfolio.meetings.organisations import match_organisation
from portfolio.risks import service, views
from portfolio.risks.service import RiskChange
from ui.auth import current_user
from ui.chart import show_chart
from ui.language import seeded
from ui.render import literal
from ui.state import cached_query, get_engine, run_write

NOTICE = "rk_notice"
SCALE = [1, 2, 3, 4, 5]
STATUSES = ["open", "closed", "accepted"]
STRATEGIES = ["", "avoid", "reduce", "transfer", "accept"]


def _write(action: Callable[[], Any], success: str, lang: str) -> None:
    run_write(action, lang=lang, notice=NOTICE, success=lambda result: success.format(result=result))


def _may_edit(owner_key: str, component: str | None) -> bool:
    account = current_user()
    ref = match_organisation(owner_key)
    landsdel = ref.landsdel_key if ref else None
    fut = bool(component) or owner_key == service.FUT_OWNER
    return account.may(Action.EDIT_RISK, landsdel_key=landsdel) or (fut and account.may(Action.EDIT_FUT_RISK))


def owner_names(page: views.RiskPage, lang: str) -> dict[str, str]:
    return {key: (en if lang == "en" else da) for key, da, en in page.owners}


def filtered_rows(page: views.RiskPage, lang: str) -> list[dict[str, Any]]:
    """The four filters (landsdel, component, owner, lit only) and the rows they leave."""
    names = owner_names(page, lang)
    all_label = t("risk.page.all", lang)
    filters = st.columns(4)
    landsdele = [None, *[k for k, _ in page.landsdele]]
    components = [None, *[c for c, _ in page.components]]
    owners = [None, *names]
    landsdel = filters[0].selectbox(t("risk.page.filter_landsdel", lang), landsdele,
                                    key=seeded("rk_landsdel", None, landsdele), placeholder=all_label,
                                    format_func=lambda k: dict(page.landsdele).get(k, all_label))
    component = filters[1].selectbox(t("risk.page.filter_component", lang), components,
                                     key=seeded("rk_component", None, components), placeholder=all_label,
                                     format_func=lambda c: dict(page.components).get(c, all_label))
    owner = filters[2].selectbox(t("risk.page.filter_owner", lang), owners, key=seeded("rk_owner", None, owners),
                                 placeholder=all_label,
                                 format_func=lambda o: names.get(o, all_label))
    lit_only = filters[3].toggle(t("risk.page.filter_lit", lang), key="rk_lit")
    return views.filter_rows(page.rows, landsdel=landsdel, component=component, owner=owner, lit_only=lit_only)


def heat_map_and_list(rows: list[dict[str, Any]], lang: str) -> None:
    show_chart(views.heat_map_figure(rows, lang), lang, key="rk_heat")
    st.header(t("risk.page.list", lang))
    st.dataframe(views.risk_table(rows, lang), hide_index=True, width="stretch")


def history_and_edit(page: views.RiskPage, lang: str) -> None:
    """Choose a risk: its versions, and the edit form where the account may edit it."""
    st.header(t("risk.page.history", lang))
    titles = {r["id"]: f"{r['id']} · {r['title']}" for r in page.rows}
    chosen = st.selectbox(t("risk.page.choose", lang), list(titles), key=seeded("rk_chosen", next(iter(titles)),
                                                                             list(titles)), format_func=titles.get)
    if chosen is None:
        return
    st.dataframe(views.history_table(cached_query(views.risk_history, chosen), lang), hide_index=True,
                 width="stretch")
    current = next(r for r in page.rows if r["id"] == chosen)
    if _may_edit(current["owner"], current["component"]):
        _edit_form(chosen, current, lang)
    else:
        st.caption(t("risk.page.may_not_edit", lang))


def _edit_form(chosen: int, current: dict[str, Any], lang: str) -> None:
    with st.form("rk_edit"):
        st.markdown(f"**{t('risk.page.edit', lang)}**")
        cols = st.columns(3)
        # Keyed per risk: choosing another risk starts from its values.
        probability = cols[0].selectbox(t("risk.heat.probability", lang), SCALE,
                                        key=seeded(f"rk_e_p_{chosen}", current["probability"], SCALE))
        consequence = cols[1].selectbox(t("risk.heat.consequence", lang), SCALE,
                                        key=seeded(f"rk_e_c_{chosen}", current["consequence"], SCALE))
        status = cols[2].selectbox(t("risk.field.status", lang), STATUSES,
                                   key=seeded(f"rk_e_status_{chosen}", current["status"], STATUSES),
                                   format_func=lambda s: t(f"risk.status.{s}", lang))
        decision = st.text_input(t("risk.field.decision", lang), key="rk_e_decision",
                                 help=t("risk.page.decision_help", lang))
        note = st.text_input(t("risk.label.note", lang), key="rk_e_note")
        if st.form_submit_button(t("risk.page.save", lang)):
            change = RiskChange(
                probability=probability if probability != current["probability"] else None,
                consequence=consequence if consequence != current["consequence"] else None,
                status=status if status != current["status"] else None,
                decision=decision if decision.strip() else None)
            actor = current_user().username
            _write(lambda: service.update_risk(get_engine(), chosen, change, actor=actor, note=note),
                   t("risk.page.saved", lang, version="{result}"), lang)
            st.rerun()


def add_section(page: views.RiskPage, lang: str) -> None:
    """The form for a new risk, for an account that may write some risk; else one sentence why not."""
    account = current_user()
    may_add = account.may(Action.EDIT_RISK) or account.may(Action.EDIT_FUT_RISK) or any(
        account.may(Action.EDIT_RISK, landsdel_key=k) for k, _ in page.landsdele)
    if not may_add:
        st.caption(t("risk.page.read_only", lang))
        return
    names = owner_names(page, lang)
    landsdele = ["", *[k for k, _ in page.landsdele]]
    components = ["", *[c for c, _ in page.components]]
    with st.expander(t("risk.page.add", lang)), st.form("rk_add"):
        title = st.text_input(t("risk.label.title", lang), key="rk_a_title")
        description = st.text_area(t("risk.label.description", lang), key="rk_a_description")
        cols = st.columns(3)
        probability = cols[0].selectbox(t("risk.heat.probability", lang), SCALE, key=seeded("rk_a_p", 3, SCALE))
        consequence = cols[1].selectbox(t("risk.heat.consequence", lang), SCALE, key=seeded("rk_a_c", 3, SCALE))
        strategy = cols[2].selectbox(t("risk.field.strategy", lang), STRATEGIES,
                                     key=seeded("rk_a_strategy", "", STRATEGIES),
                                     format_func=lambda s: t(f"risk.strategy.{s}", lang) if s else "–")
        cols = st.columns(3)
        new_owner = cols[0].selectbox(t("risk.field.owner", lang), list(names),
                                      key=seeded("rk_a_owner", next(iter(names)), list(names)),
                                      format_func=names.get)
        new_landsdel = cols[1].selectbox(t("risk.field.landsdel", lang), landsdele,
                                         key=seeded("rk_a_landsdel", "", landsdele),
                                         format_func=lambda k: dict(page.landsdele).get(k, "–"))
        new_component = cols[2].selectbox(t("risk.field.component", lang), components,
                                          key=seeded("rk_a_component", "", components),
                                          format_func=lambda c: dict(page.components).get(c, "–"))
        cols = st.columns(2)
        signal = cols[0].text_input(t("risk.field.signal", lang), key="rk_a_signal",
                                    help=t("risk.page.signal_help", lang))
        threshold = cols[1].text_input(t("risk.field.threshold", lang), key="rk_a_threshold")
        if st.form_submit_button(t("risk.page.create", lang)):
            change = RiskChange(title=title, description=description, probability=probability,
                                consequence=consequence, owner=new_owner, landsdel=new_landsdel or None,
                                component=new_component or None, strategy=strategy or None,
                                signal=signal or None, threshold=threshold or None)
            _write(lambda: service.add_risk(get_engine(), change, actor=account.username, raised_on=page.as_of),
                   t("risk.page.added", lang, id="{result}"), lang)
            st.rerun()


def lit_lamps(as_of: dt.date | None, lang: str, landsdele: Sequence[str] | None = None) -> None:
    """The overview's warnings: one per lit lamp (title and why, as plain text); nothing when none is lit."""
    lamps = cached_query(views.lit_lamps, as_of, tuple(landsdele) if landsdele is not None else None)
    if not lamps:
        return
    st.header(t("risk.overview.title", lang))
    for lamp in lamps:
        why = lamp["why_en" if lang == "en" else "why_da"]
        st.warning(literal(f"{lamp['title']} ({lamp['score']}): {why}"), icon=":material/emergency_home:")
    st.page_link("pages/risks.py", label=t("risk.overview.more", lang), icon=":material/warning:")
