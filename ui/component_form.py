"""The secretariat's form for adding a FUT component (drawn for admins; the service checks anyway)."""

from __future__ import annotations

import streamlit as st

from portfolio.auth.permissions import PermissionDenied
from portfolio.components import ComponentRefused, add_component
from portfolio.domain import ComponentKind
from portfolio.i18n import label, register_messages, t
from ui.render import literal
from ui.state import get_engine

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
        try:
            added = add_component(get_engine(), actor=actor, code=code, name=name, kind=kind, description=description)
        except (ComponentRefused, PermissionDenied) as refused:
            st.error(literal(refused.message(lang)))  # the message quotes what was typed
            return
        st.cache_data.clear()
        st.success(literal(t("component.added", lang, name=added.name, code=added.code)))
