"""Small rendering helpers shared by pages. User-typed text is always shown as plain text."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from portfolio.i18n import format_date, t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def literal(text: str) -> str:
    """Text for a Markdown-rendering element (labels, st.error, …) that shows exactly as typed, links and all."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def demo_banner(is_demo: bool, lang: str) -> None:
    if is_demo:
        st.warning(t("app.demo_banner", lang), icon=":material/science:")


def plain(text: str) -> None:
    """Text from a spreadsheet or a feed: never interpreted as Markdown or HTML."""
    st.text(text)


def page_heading(view: Any, *, lang: str, empty_title: str, title: str, caption: str) -> None:
    """How every dashboard page starts: the demo banner, the title (message ``title`` with the programme) and the
    caption (``caption`` with the date). An empty store, or a selection with no data, gets its message instead and
    the run stops there."""
    if view is None or not view.store_has_data:
        st.title(t(empty_title, lang))
        st.info(t("empty.store", lang))
        st.stop()
    demo_banner(view.is_demo, lang)
    st.title(t(title, lang, programme=view.programme.name(lang)))
    st.caption(t(caption, lang, as_of=format_date(view.as_of, lang)))
    if not view.has_data:
        st.info(t("empty.selection", lang, as_of=format_date(view.as_of, lang)))
        st.stop()
