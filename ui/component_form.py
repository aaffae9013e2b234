"""The secretariat's form for adding a FUT component (drawn for admins; the service checks anyway)."""

from __future__ import annotations

import streamlit as st

from portfolio.components import add_component
from portfolio.domain import ComponentKind
from portfolio.i18n import label, register_messages, t
from ui.state import get_engine, run_write, show_notice

NOTICE = "component_notice"
register_messages({
    "component.form.title": ("Tilføj en FUT-komponent", "Add a FUT component"),
    "component.form.code": ("Kode (fx KL_GATEWAY)", "Code (e.g. KL_GATEWAY)"),
    "component.form.name": ("Navn", "Name"),
    "component.form.kind": ("Type", "Kind"),
    "component.form.description": ("Beskrivelse", "Description"),
    "component.form.submit": ("Tilføj", "Add"),
})


def render_component_form(*, lang: str, actor: str) -> None:
    with st.expander(t("component.form.title", lang)), st.form("component_add", clear_on_submit=True):
        code = st.text_input(t("component.form.code", lang), max_chars=40)
        name = st.text_input(t("component.form.name", lang), max_chars=120)
        kind = st.selectbox(t("component.form.kind", lang), list(ComponentKind), format_func=lambda k: label(k, lang))
        description = st.text_input(t("component.form.description", lang))
        if not st.form_submit_button(t("component.form.submit", lang)):
            return
        run_write(lambda: add_component(get_engine(), actor=actor, code=code, name=name, kind=kind,
                                        description=description),
                  lang=lang, notice=NOTICE, success=lambda added: t("component.added", lang, name=added.name,
                                                                    code=added.code))
        show_notice(NOTICE)  # plain text: the message quotes what was typed
