"""Snapshots (/snapshots): freeze the portfolio for a meeting, compare two (siden sidst), download the annex."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from portfolio.auth.roles import Action
from portfolio.i18n import format_date, t
from portfolio.snapshots import freeze, service
from portfolio.snapshots.pdf import find_soffice
from portfolio.snapshots.tables import diff_frames, snapshot_frame
from portfolio.snapshots.view import counts_text, diff_caption
from ui.auth import current_user
from ui.roles import explain_not_allowed, role_allows
from ui.sidebar import draw_sidebar
from ui.snapshot_downloads import deferred
from ui.state import cached_query, get_engine, run_write, show_notice
from ui.tables import dated_table

selection = draw_sidebar()
lang = selection.lang
engine = get_engine()


def _actor() -> str:
    return current_user().username  # the login gate's account


def _create() -> None:
    info = run_write(lambda: freeze.create_snapshot(engine, label=st.session_state.get("snap_label", ""),
                                                    as_of=st.session_state.get("snap_as_of"), actor=_actor()),
                     lang=lang, notice="snap_notice",  # refused e.g. when not the secretariat
                     success=lambda info: t("snapshot.page.created", lang, id=info.id))
    if info is not None:
        st.session_state["snap_label"] = ""
        st.session_state["snap_focus"] = info.id  # compare and download the new snapshot, not the ones chosen before


st.title(t("snapshot.page.title", lang))
st.caption(t("snapshot.page.intro", lang))

st.header(t("snapshot.page.create", lang))
account = current_user()
if role_allows(account, Action.CREATE_SNAPSHOT):
    with st.form("snap_create", clear_on_submit=False):
        cols = st.columns([3, 1])
        cols[0].text_input(t("snapshot.page.label", lang), key="snap_label", max_chars=freeze.MAX_LABEL)
        cols[1].date_input(t("snapshot.page.as_of", lang), key="snap_as_of", format="DD.MM.YYYY",
                           value=cached_query(freeze.default_as_of) or dt.date.today(), max_value=dt.date.today())
        st.form_submit_button(t("snapshot.page.create_button", lang), on_click=_create, type="primary")
else:
    explain_not_allowed(account, Action.CREATE_SNAPSHOT, lang)
show_notice("snap_notice")

snapshots = cached_query(freeze.list_snapshots)
st.header(t("snapshot.page.list", lang))
if not snapshots:
    st.info(t("snapshot.page.none", lang))
    st.stop()
dated_table(snapshot_frame(snapshots, lang))
ids = [s.id for s in snapshots]
names = {s.id: f"{s.id} · {format_date(s.as_of, lang, 'short')} · {s.label}" for s in snapshots}
focus = st.session_state.pop("snap_focus", None)
if focus in ids:  # just frozen: the new snapshot against the one before it, and its pack in the download box
    st.session_state["snap_newer"] = st.session_state["snap_export"] = focus
    st.session_state["snap_older"] = ids[min(ids.index(focus) + 1, len(ids) - 1)]

st.header(t("snapshot.page.compare", lang))
cols = st.columns(2)
newer = cols[1].selectbox(t("snapshot.page.newer", lang), ids, format_func=names.get, key="snap_newer")
older = cols[0].selectbox(t("snapshot.page.older", lang), ids, format_func=names.get, key="snap_older",
                          index=min(1, len(ids) - 1))
if older == newer:
    st.info(t("snapshot.page.same", lang))
else:
    diff = cached_query(service.compare, older, newer)
    st.text(diff_caption(diff, lang))
    st.text(counts_text(diff, lang))
    for key, frame in diff_frames(diff, lang).items():
        with st.expander(f"{t(key, lang)} ({len(frame)})", expanded=key == "snapshot.diff.slipped"):
            dated_table(frame)

st.header(t("snapshot.page.downloads", lang))
chosen = st.selectbox(t("snapshot.page.export_of", lang), ids, format_func=names.get, key="snap_export")
actor = _actor()
info = next(s for s in snapshots if s.id == chosen)
if chosen != ids[0]:
    st.warning(t("snapshot.page.not_newest", lang, newest=names[ids[0]]))

no_pdf = find_soffice() is None
for col, fmt in zip(st.columns(4), service.FORMATS, strict=True):
    col.download_button(t("snapshot.page.download", lang, format=t(f"snapshot.page.format.{fmt}", lang)),
                        data=deferred(chosen, fmt, actor=actor, lang=lang),
                        file_name=service.file_name(info.id, info.as_of.isoformat(), fmt, info.label),
                        mime=service.MIME[fmt], key=f"snap_dl_{fmt}", on_click="ignore",
                        disabled=fmt == "pdf" and no_pdf, icon=":material/download:")
if no_pdf:
    st.caption(t("snapshot.error.no_soffice", lang))
