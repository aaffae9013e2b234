"""Entry point: `streamlit run app.py`. Login first (nothing is drawn before it), then the pages; each page draws
the shared sidebar."""

from __future__ import annotations

import streamlit as st

import portfolio.dashboard_messages  # noqa: F401 - the dashboard pages' titles
from portfolio.auth.roles import Action
from portfolio.i18n import t
from ui.auth import require_login
from ui.sidebar import current_language

st.set_page_config(page_title="Telemedicin-portefølje", page_icon="📊", layout="wide")
lang = current_language()
user = require_login(lang)  # no one logged in: the login is drawn and the run stops here

pages = [
    st.Page("pages/overview.py", title=t("nav.overview", lang), url_path="overview", default=True, icon="🗺️"),
    st.Page("pages/milestones.py", title=t("dash.nav.milestones", lang), url_path="milestones", icon="📅"),
    st.Page("pages/inclusion.py", title=t("dash.nav.inclusion", lang), url_path="inclusion", icon="📈"),
    st.Page("pages/infrastructure.py", title=t("dash.nav.infrastructure", lang), url_path="infrastructure",
            icon="🏗️"),
    st.Page("pages/import_plan.py", title="Import", url_path="import", icon="📥"),
    st.Page("pages/snapshots.py", title="Snapshots", url_path="snapshots", icon="🗂️"),
]
if user.may(Action.VIEW_AUDIT):  # listed for admins only; the page itself refuses others too
    pages.append(st.Page("pages/audit.py", title=t("nav.audit", lang), url_path="audit", icon="📜"))
st.navigation(pages).run()
