"""Entry point: `streamlit run app.py`.

The pages are registered before the login gate, so a shared link (e.g. /milestones?landsdele=syd) still leads to
its page once the user has logged in; while nobody is logged in the navigation is hidden and only the login is
drawn. Each page draws the shared sidebar.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from portfolio.auth.roles import Action
from portfolio.i18n import t
from ui.auth import logged_in_account, require_login
from ui.language import current_language
from ui.page_language import follow_language

# The favicon is our own file, served by the app: a ":material/…" page icon is fetched from a third-party font
# host by every browser (#13). The icons inside the pages use the font Streamlit itself serves.
FAVICON = Path(__file__).parent / "ui" / "assets" / "favicon.png"
st.set_page_config(page_title="Telemedicin-portefølje", page_icon=str(FAVICON), layout="wide")
lang = current_language()
follow_language(lang)  # <html lang> follows the chosen language (#19)
account = logged_in_account()

pages = [
    st.Page("pages/overview.py", title=t("nav.overview", lang), url_path="overview", default=True,
            icon=":material/dashboard:"),
    st.Page("pages/milestones.py", title=t("dash.nav.milestones", lang), url_path="milestones", icon=":material/flag:"),
    st.Page("pages/inclusion.py", title=t("dash.nav.inclusion", lang), url_path="inclusion",
            icon=":material/trending_up:"),
    st.Page("pages/infrastructure.py", title=t("dash.nav.infrastructure", lang), url_path="infrastructure",
            icon=":material/hub:"),
    st.Page("pages/import_plan.py", title=t("dash.nav.import", lang), url_path="import", icon=":material/upload_file:"),
    st.Page("pages/snapshots.py", title=t("dash.nav.snapshots", lang), url_path="snapshots",
            icon=":material/photo_camera:"),
    st.Page("pages/meetings.py", title=t("meeting.nav", lang), url_path="meetings", icon=":material/groups:"),
    st.Page("pages/risks.py", title=t("risk.nav", lang), url_path="risks", icon=":material/warning:"),
]
# Listed for admins only (and, before login, so that a link to it survives the login); the page refuses others.
if account is None or account.may(Action.VIEW_AUDIT):
    pages.append(st.Page("pages/audit.py", title=t("nav.audit", lang), url_path="audit", icon=":material/history:"))
navigation = st.navigation(pages, position="sidebar" if account else "hidden")
require_login(lang)  # nobody logged in: the login form is drawn and the run stops here
navigation.run()
