"""Small rendering helpers shared by pages. User-typed text is always shown as plain text."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from portfolio.i18n import format_date, t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Streamlit's Markdown turns bare URLs, www. names and e-mail addresses into links after parsing, escapes or not.
# An invisible zero-width space after the scheme, the "www" or the "@" keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<![\w])(https?|ftp|mailto|xmpp|www)(?=[:.])|(?<=@)")
_ZERO_WIDTH_SPACE = "\u200b"


def literal(text: object) -> str:
    """THE helper for text from users and files (file names, headers, account names, labels, messages that quote
    them) in any element that renders Markdown (labels, st.caption, st.error, …): shown exactly as typed, never as
    a link, an image, emphasis or HTML. Prefer st.text / st.dataframe, which need nothing; Plotly text goes
    through portfolio.dashboard.charts.base.esc."""
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + _ZERO_WIDTH_SPACE, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


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
