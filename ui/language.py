"""The language choice and the widget state a page keeps in the URL (so a view can be shared as a link).

A value lives in the URL query string and is mirrored in the session state, so it survives switching pages (the
page links drop the query string). The login screen (ui/auth.py) and the shared sidebar (ui/sidebar.py) draw the
same language switch from here.
"""

from __future__ import annotations

import streamlit as st

from portfolio.i18n import LANGUAGES, t

_MIRROR = "_selection_"
LANGUAGE_KEY = "w_lang"  # the language switch's widget key, on the login screen and in the sidebar
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def remembered(name: str, default: object, many: bool = False) -> object:
    """The value the URL (or else this session) remembers under ``name``."""
    if name in st.query_params:
        return st.query_params.get_all(name) if many else st.query_params[name]
    return st.session_state.get(_MIRROR + name, default)


def remember(name: str, value: object) -> None:
    """Keep ``value`` in the URL and in the session."""
    st.session_state[_MIRROR + name] = value
    if isinstance(value, list | tuple):
        st.query_params[name] = list(value)
    elif value is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = str(value)


def current_language() -> str:
    # A language just chosen is in the radio's state when the rerun starts, before the radio is drawn: app.py's
    # navigation titles and <html lang> (#19) follow it in that same run, not one run later.
    chosen = st.session_state.get(LANGUAGE_KEY)
    lang = chosen if chosen in LANGUAGES else remembered("lang", "da")
    return lang if lang in LANGUAGES else "da"


def seed_widget(key: str, value: object, valid: list) -> None:
    """Seed a widget's state (the widget itself gets no default, so the two never disagree)."""
    current = st.session_state.get(key, value)
    if isinstance(current, list):
        current = [v for v in current if v in valid]
    elif current not in valid:
        current = valid[0] if valid else None
    st.session_state[key] = current


def seeded(key: str, default: object, valid: list | None = None) -> str:
    """Seed a widget's state each run and return its key, for a widget given no default of its own: the frontend
    then shows the value in the current language after a language switch. A value not among ``valid`` becomes
    ``default`` (None: the placeholder), or the first valid one when ``default`` is not valid either."""
    current = st.session_state.get(key, default)
    if valid is not None and current not in valid:
        current = default if default is None or default in valid else (valid[0] if valid else None)
    st.session_state[key] = current
    return key


def language_switch(lang: str) -> str:
    """The language radio (in the sidebar), remembered in the URL; returns the chosen language."""
    seed_widget(LANGUAGE_KEY, lang, list(LANGUAGES))
    with st.sidebar:
        chosen = st.radio(t("sidebar.language", lang), LANGUAGES, key=LANGUAGE_KEY, horizontal=True,
                          format_func=LANGUAGE_NAMES.__getitem__)
    remember("lang", chosen)
    return chosen


def url_choice(name: str, key: str, valid: list[str]) -> None:
    """Seed a page's multi-choice filter from the URL the first time it is drawn."""
    if key not in st.session_state:
        st.session_state[key] = [v for v in st.query_params.get_all(name) if v in valid]


def keep_in_url(name: str, values: list[str]) -> None:
    """A page filter's choice into the URL (none chosen: left out)."""
    if values:
        st.query_params[name] = values
    else:
        st.query_params.pop(name, None)
