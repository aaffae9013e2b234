"""Benchmark (c)'s yardstick: the least a Streamlit page can do with data, one Plotly chart from a CSV."""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

frame = pd.read_csv(Path(__file__).resolve().parent / "work" / "minimal.csv")
st.plotly_chart(px.line(frame, x="month", y="active_citizens", color="landsdel"))
