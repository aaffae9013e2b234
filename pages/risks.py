"""Risks (/risks): the 5×5 heat map, the list with warning lamps, filters, a risk's history, and editing for the
secretariat, the owner organisation's landsdel and the FUT reporter (FUT risks). Every write goes through
portfolio.risks.service (via ui.state.run_write); the lamps are computed in portfolio.risks.lamps; the parts are
drawn by ui/risks_panels.py."""

from __future__ import annotations

import streamlit as st

from portfolio.i18n import format_date, t
from portfolio.inventory import is_demo_store
from portfolio.risks import views
from ui import risks_panels
from ui.render import demo_banner
from ui.sidebar import draw_sidebar
from ui.state import cached_query, show_notice

selection = draw_sidebar()
lang = selection.lang

demo_banner(cached_query(is_demo_store), lang)
st.title(t("risk.page.title", lang))
st.caption(t("risk.page.intro", lang))
show_notice(risks_panels.NOTICE)

page = cached_query(views.risk_page, selection.as_of)
st.caption(t("risk.page.as_of", lang, date=format_date(page.as_of, lang)))
rows = risks_panels.filtered_rows(page, lang)

if not page.rows:
    st.info(t("risk.page.empty", lang))
else:
    risks_panels.heat_map_and_list(rows, lang)
    risks_panels.history_and_edit(page, lang)

risks_panels.add_section(page, lang)
