"""Wide tables that keep their key columns in sight: the identifying columns pinned at the left, titles wide."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from portfolio.i18n import t

PINNED = ("dash.col.landsdel", "dash.col.code")
WIDE = ("dash.col.title",)


def key_table(frame: pd.DataFrame, lang: str) -> None:
    """``st.dataframe`` with the landsdel and milestone ID pinned while scrolling, and the title column wide."""
    config: dict[str, object] = {}
    for key in PINNED:
        name = t(key, lang)
        if name in frame.columns:
            config[name] = st.column_config.TextColumn(pinned=True)
    for key in WIDE:
        name = t(key, lang)
        if name in frame.columns:
            config[name] = st.column_config.TextColumn(width="large")
    st.dataframe(frame, hide_index=True, column_config=config)
