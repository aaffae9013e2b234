"""The page's ``lang`` attribute follows the chosen language (issue #19, WCAG 2.1 3.1.1), so screen readers read
Danish as Danish.

Two parts: the web middleware (ui/web.py, :class:`PageLanguageMiddleware`) serves index.html with ``<html lang>``
from the ``lang`` query parameter (Danish unless ``lang=en``), right from the first paint and after a reload; the
script below sets it again when the app draws a page (Streamlit's own start-up code sets ``lang`` too). A switch of
language within a session was not seen to change the attribute in Chromium until the next load
(docs/accessibility.md). Only the two known codes are ever written.
"""

from __future__ import annotations

import streamlit as st

LANGUAGE_CODES = {"da": "da", "en": "en"}


def follow_language(lang: str) -> None:
    code = LANGUAGE_CODES.get(lang, "da")
    st.html(f"<script>document.documentElement.lang = '{code}';</script>", width="content",
            unsafe_allow_javascript=True)
