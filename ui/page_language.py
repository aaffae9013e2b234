"""The page's ``lang`` attribute follows the chosen language (issue #19, WCAG 2.1 3.1.1), so screen readers read
Danish as Danish.

Two parts: the web middleware (ui/web.py, :class:`PageLanguageMiddleware`) serves index.html with ``<html lang>``
from the ``lang`` query parameter (Danish unless ``lang=en``), right from the first paint and after a reload; the
script below sets it in every run, so a switch of language within a session changes it at once: app.py reads the
language before the sidebar's radio is drawn, and ui.sidebar.current_language takes a just-changed radio's value
(tests/browser/test_keyboard_browser.py::test_html_lang_follows_a_language_switch_at_once). The script is inline and
same-origin (no file from another origin). Only the two known codes are ever written.
"""

from __future__ import annotations

import streamlit as st

LANGUAGE_CODES = {"da": "da", "en": "en"}


def follow_language(lang: str) -> None:
    code = LANGUAGE_CODES.get(lang, "da")
    st.html(f"<script>document.documentElement.lang = '{code}';</script>", width="content",
            unsafe_allow_javascript=True)
