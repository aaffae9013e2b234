"""The lit warning lamps on the overview (portfolio/risks/lamps.py computes them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from portfolio.i18n import t
from portfolio.risks import views
from ui.render import literal
from ui.state import cached_query


def lit_lamps(as_of: dt.date | None, lang: str, landsdele: Sequence[str] | None = None) -> None:
    """One warning per lit lamp (title and why, as plain text); nothing when none is lit."""
    lamps = cached_query(views.lit_lamps, as_of, tuple(landsdele) if landsdele is not None else None)
    if not lamps:
        return
    st.header(t("risk.overview.title", lang))
    for lamp in lamps:
        why = lamp["why_en" if lang == "en" else "why_da"]
        st.warning(literal(f"{lamp['title']} ({lamp['score']}): {why}"), icon=":material/emergency_home:")
    st.page_link("pages/risks.py", label=t("risk.overview.more", lang), icon=":material/warning:")
