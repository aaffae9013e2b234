"""Entry point: `streamlit run app.py`. Registers the pages; each page draws the shared sidebar."""

from __future__ import annotations

import streamlit as st

import portfolio.dashboard_messages  # noqa: F401 - the dashboard pages' titles
from portfolio.i18n import t
from ui.sidebar import current_language

st.set_page_config(page_title="Telemedicin-portefølje", page_icon="📊", layout="wide")
lang = current_language()

pages = [
    st.Page("pages/overview.py", title=t("nav.overview", lang), url_path="overview", default=True, icon="🗺️"),
    st.Page("pages/milestones.py", title=t("dash.nav.milestones", lang), url_path="milestones", icon="📅"),
    st.Page("pages/inclusion.py", title=t("dash.nav.inclusion", lang), url_path="inclusion", icon="📈"),
    st.Page("pages/infrastructure.py", title=t("dash.nav.infrastructure", lang), url_path="infrastructure",
            icon="🏗️"),
    st.Page("pages/import_plan.py", title="Import", url_path="import", icon="📥"),
    st.Page("pages/snapshots.py", title="Snapshots", url_path="snapshots", icon="🗂️"),
]
st.navigation(pages).run()
