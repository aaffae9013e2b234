"""Meetings (/meetings): the list, one meeting (agenda, conclusions, actions, minutes), the fast "mødeafvikling"
entry for the secretariat, and the actions board across meetings. Every write goes through portfolio.meetings (via
ui.state.run_write); the parts are drawn by ui/meetings_panels.py."""

from __future__ import annotations

import streamlit as st

from portfolio.auth.permissions import Action
from portfolio.i18n import t
from portfolio.inventory import is_demo_store
from portfolio.meetings import reads
from ui import meetings_panels
from ui.auth import current_user
from ui.render import demo_banner
from ui.sidebar import draw_sidebar
from ui.state import cached_query, show_notice

selection = draw_sidebar()
lang = selection.lang
account = current_user()
page = meetings_panels.Page(lang=lang, account=account, may_write=account.may(Action.MANAGE_MEETINGS))

demo_banner(cached_query(is_demo_store), lang)
st.title(t("meeting.page.title", lang))
st.caption(t("meeting.page.intro", lang))
show_notice(meetings_panels.NOTICE)
if not page.may_write:
    st.caption(t("meeting.page.read_only", lang))

meetings = cached_query(reads.list_meetings)
meeting_id = meetings_panels.choose_meeting(meetings, lang)
tab_list, tab_meeting, tab_run, tab_board = st.tabs([
    t("meeting.page.tab_list", lang), t("meeting.page.tab_meeting", lang), t("meeting.page.tab_run", lang),
    t("meeting.page.tab_board", lang)])

with tab_list:
    meetings_panels.meeting_list(page, meetings)

if meeting_id is None:
    st.stop()

shown = meetings_panels.shown_meeting(page, meeting_id, cached_query(reads.minutes, meeting_id))
with tab_meeting:
    meetings_panels.meeting_tab(page, shown)
with tab_run:
    meetings_panels.run_tab(page, shown)
with tab_board:
    meetings_panels.actions_board(page, shown.org_names, selection.as_of)
