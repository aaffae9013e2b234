"""Overview (/): per landsdel, the latest plan's milestones and inclusion against target.

The drawing is in ui/overview_panels.py: a page script is compiled again for every AppTest run (and every
fresh session's first run), a module only once per process.
"""

from __future__ import annotations

import streamlit as st

from portfolio.dashboard.overview import portfolio_overview
from portfolio.i18n import t
from portfolio.rag import RagRules, RagRulesError, load_rules
from ui import overview_panels, risks_panels
from ui.render import literal, page_heading
from ui.sidebar import draw_sidebar
from ui.state import cached_query

selection = draw_sidebar()
lang = selection.lang
try:
    rules = load_rules()
except RagRulesError as error:
    st.error(literal(t("dash.rules_error", lang, error=str(error))))
    rules = RagRules()
overview = cached_query(portfolio_overview, selection.programme, selection.as_of, selection.landsdele, rules)

page_heading(overview, lang=lang, empty_title="app.title", title="overview.title", caption="overview.as_of")
overview_panels.national_figures(overview, lang)
overview_panels.landsdel_tiles(overview, lang)
risks_panels.lit_lamps(overview.as_of if overview else selection.as_of, lang, selection.landsdele)  # portfolio/risks
overview_panels.charts(overview, lang, shown=(selection, rules))
overview_panels.fut_strip(overview, lang)
overview_panels.national_projects(overview, lang)
