"""Small rendering helpers shared by pages. User-typed text is always shown as plain text."""

from __future__ import annotations

import streamlit as st

from portfolio.i18n import t


def demo_banner(is_demo: bool, lang: str) -> None:
    if is_demo:
        st.warning(t("app.demo_banner", lang), icon=":material/science:")


def plain(text: str) -> None:
    """Text from a spreadsheet or a feed: never interpreted as Markdown or HTML."""
    st.text(text)
