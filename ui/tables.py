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


def dated_table(frame: pd.DataFrame) -> None:
    """``st.dataframe`` with date and time columns shown Danish style (08.09.2022), the way users write them."""
    import datetime as dt

    config: dict[str, object] = {}
    for column in frame.columns:
        sample = next((v for v in frame[column] if v is not None and v == v), None)
        if isinstance(sample, dt.datetime | pd.Timestamp):
            config[column] = st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm")
        elif isinstance(sample, dt.date):
            config[column] = st.column_config.DateColumn(format="DD.MM.YYYY")
    st.dataframe(frame, hide_index=True, column_config=config)
