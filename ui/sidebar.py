"""The sidebar every page shares: language, programme, landsdele and "as of" date.

The selection lives in the URL query string (so a view can be shared as a link) and is
mirrored in session state, so it survives switching pages (ui/language.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from portfolio.dashboard import queries
from portfolio.i18n import format_date, t
from ui.auth import current_user, sidebar_account
from ui.language import current_language, language_switch, remember, remembered, seed_widget
from ui.state import cached_query


@dataclass(frozen=True)
class Selection:
    lang: str
    programme: str | None
    landsdele: tuple[str, ...]
    as_of: dt.date | None


def draw_sidebar() -> Selection:
    # Every page starts here. The login is checked here too (a page file must never show data without it),
    # whichever way it is run: no login, no page.
    account = current_user()
    lang = current_language()
    with st.sidebar:
        lang = language_switch(lang)

        # The programme is known before its selectbox is drawn (a changed widget's value is in the session
        # state when the rerun starts), so the sidebar's data is one cached call: one data-version check per run.
        choices = cached_query(queries.sidebar_choices,
                               st.session_state.get("w_programme", remembered("programme", None)))
        codes = [p.code for p in choices.programmes]
        names = {p.code: p.name(lang) for p in choices.programmes}
        programme = None
        if codes:
            seed_widget("w_programme", choices.programme, codes)
            programme = st.selectbox(t("sidebar.programme", lang), codes, key="w_programme",
                                     format_func=lambda code: names[code])
        remember("programme", programme)

        keys = [ld.key for ld in choices.landsdele]
        label_of = {ld.key: ld.name for ld in choices.landsdele}
        seed_widget("w_landsdele", list(remembered("landsdele", keys, many=True)), keys)
        chosen = st.multiselect(t("sidebar.landsdele", lang), keys, key="w_landsdele",
                                placeholder=t("sidebar.choose", lang), format_func=lambda key: label_of[key])
        remember("landsdele", chosen)

        options = [day.isoformat() for day in choices.as_of_dates]
        as_of = None
        if options:
            seed_widget("w_as_of", remembered("as_of", options[0]), options)
            picked = st.selectbox(t("sidebar.as_of", lang), options, key="w_as_of",
                                  format_func=lambda iso: format_date(dt.date.fromisoformat(iso), lang))
            as_of = dt.date.fromisoformat(picked)
            remember("as_of", picked)
    sidebar_account(lang, account)
    return Selection(lang=lang, programme=programme, landsdele=tuple(chosen), as_of=as_of)
