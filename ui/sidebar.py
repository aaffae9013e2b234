"""The sidebar every page shares: language, programme, landsdele and "as of" date.

The selection lives in the URL query string (so a view can be shared as a link) and is
mirrored in session state, so it survives switching pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from portfolio.dashboard import queries
from portfolio.i18n import LANGUAGES, format_date, t
from ui.auth import current_user, sidebar_account
from ui.state import cached_query

_MIRROR = "_selection_"


@dataclass(frozen=True)
class Selection:
    lang: str
    programme: str | None
    landsdele: tuple[str, ...]
    as_of: dt.date | None


def _remembered(name: str, default: object, many: bool = False) -> object:
    if name in st.query_params:
        return st.query_params.get_all(name) if many else st.query_params[name]
    return st.session_state.get(_MIRROR + name, default)


def _remember(name: str, value: object) -> None:
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
    chosen = st.session_state.get("w_lang")
    lang = chosen if chosen in LANGUAGES else _remembered("lang", "da")
    return lang if lang in LANGUAGES else "da"


def _widget(key: str, remembered: object, valid: list) -> None:
    """Seed a widget's state (the widget itself gets no default, so the two never disagree)."""
    current = st.session_state.get(key, remembered)
    if isinstance(current, list):
        current = [v for v in current if v in valid]
    elif current not in valid:
        current = valid[0] if valid else None
    st.session_state[key] = current


def draw_sidebar() -> Selection:
    # Every page starts here. The login is checked here too (a page file must never show data without it),
    # whichever way it is run: no login, no page.
    account = current_user()
    lang = current_language()
    with st.sidebar:
        _widget("w_lang", lang, list(LANGUAGES))
        lang = st.radio(t("sidebar.language", lang), LANGUAGES, key="w_lang", horizontal=True,
                        format_func=lambda code: {"da": "Dansk", "en": "English"}[code])
        _remember("lang", lang)

        # The programme is known before its selectbox is drawn (a changed widget's value is in the session
        # state when the rerun starts), so the sidebar's data is one cached call: one data-version check per run.
        choices = cached_query(queries.sidebar_choices,
                               st.session_state.get("w_programme", _remembered("programme", None)))
        codes = [p.code for p in choices.programmes]
        names = {p.code: p.name(lang) for p in choices.programmes}
        programme = None
        if codes:
            _widget("w_programme", choices.programme, codes)
            programme = st.selectbox(t("sidebar.programme", lang), codes, key="w_programme",
                                     format_func=lambda code: names[code])
        _remember("programme", programme)

        keys = [ld.key for ld in choices.landsdele]
        label_of = {ld.key: ld.name for ld in choices.landsdele}
        _widget("w_landsdele", list(_remembered("landsdele", keys, many=True)), keys)
        chosen = st.multiselect(t("sidebar.landsdele", lang), keys, key="w_landsdele",
                                placeholder=t("sidebar.choose", lang), format_func=lambda key: label_of[key])
        _remember("landsdele", chosen)

        options = [day.isoformat() for day in choices.as_of_dates]
        as_of = None
        if options:
            _widget("w_as_of", _remembered("as_of", options[0]), options)
            picked = st.selectbox(t("sidebar.as_of", lang), options, key="w_as_of",
                                  format_func=lambda iso: format_date(dt.date.fromisoformat(iso), lang))
            as_of = dt.date.fromisoformat(picked)
            _remember("as_of", picked)
    sidebar_account(lang, account)
    return Selection(lang=lang, programme=programme, landsdele=tuple(chosen), as_of=as_of)
