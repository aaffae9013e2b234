"""Snapshots (/snapshots): freeze the portfolio for a meeting, compare two (siden sidst), download the annex."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from portfolio.auth.permissions import PermissionDenied
from portfolio.i18n import format_date, t
from portfolio.snapshots import freeze, service
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.pdf import find_soffice
from portfolio.snapshots.tables import diff_frames, snapshot_frame
from portfolio.snapshots.view import counts_text, diff_caption
from ui.auth import current_user
from ui.render import literal
from ui.sidebar import draw_sidebar
from ui.state import cached_query, get_engine

selection = draw_sidebar()
lang = selection.lang
engine = get_engine()


def _actor() -> str:
    return current_user().username  # the login gate's account


def _create() -> None:
    try:
        info = freeze.create_snapshot(engine, label=st.session_state.get("snap_label", ""),
                                      as_of=st.session_state.get("snap_as_of"), actor=_actor())
    except (SnapshotRefused, PermissionDenied) as refused:  # e.g. only the secretariat freezes snapshots
        st.session_state["snap_notice"] = ("error", refused.message(lang))
        return
    st.session_state["snap_notice"] = ("success", t("snapshot.page.created", lang, id=info.id))
    st.session_state["snap_label"] = ""
    st.cache_data.clear()


st.title(t("snapshot.page.title", lang))
st.caption(t("snapshot.page.intro", lang))

st.header(t("snapshot.page.create", lang))
with st.form("snap_create", clear_on_submit=False):
    cols = st.columns([3, 1])
    cols[0].text_input(t("snapshot.page.label", lang), key="snap_label", max_chars=freeze.MAX_LABEL)
    cols[1].date_input(t("snapshot.page.as_of", lang), key="snap_as_of", format="DD.MM.YYYY",
                       value=cached_query(freeze.default_as_of) or dt.date.today(), max_value=dt.date.today())
    st.form_submit_button(t("snapshot.page.create_button", lang), on_click=_create, type="primary")
notice = st.session_state.pop("snap_notice", None)
if notice:
    (st.success if notice[0] == "success" else st.error)(literal(notice[1]))

snapshots = cached_query(freeze.list_snapshots)
st.header(t("snapshot.page.list", lang))
if not snapshots:
    st.info(t("snapshot.page.none", lang))
    st.stop()
st.dataframe(snapshot_frame(snapshots, lang), hide_index=True)
ids = [s.id for s in snapshots]
names = {s.id: f"{s.id} · {format_date(s.as_of, lang, 'short')} · {s.label}" for s in snapshots}

st.header(t("snapshot.page.compare", lang))
cols = st.columns(2)
newer = cols[1].selectbox(t("snapshot.page.newer", lang), ids, format_func=names.get, key="snap_newer")
older = cols[0].selectbox(t("snapshot.page.older", lang), ids, format_func=names.get, key="snap_older",
                          index=min(1, len(ids) - 1))
diff = cached_query(service.compare, older, newer)
st.text(diff_caption(diff, lang))
st.text(counts_text(diff, lang))
for key, frame in diff_frames(diff, lang).items():
    with st.expander(f"{t(key, lang)} ({len(frame)})", expanded=key == "snapshot.diff.slipped"):
        st.dataframe(frame, hide_index=True)

st.header(t("snapshot.page.downloads", lang))
chosen = st.selectbox(t("snapshot.page.export_of", lang), ids, format_func=names.get, key="snap_export")
actor = _actor()
info = next(s for s in snapshots if s.id == chosen)


def _deferred(fmt: str):  # type: ignore[no-untyped-def]
    """Made when clicked, on its own thread; the button shows that it is working until the file is ready."""
    return lambda: service.export_snapshot(engine, chosen, fmt, actor=actor, lang=lang).data


no_pdf = find_soffice() is None
for col, fmt in zip(st.columns(4), service.FORMATS, strict=True):
    col.download_button(t("snapshot.page.download", lang, format=t(f"snapshot.page.format.{fmt}", lang)),
                        data=_deferred(fmt), file_name=service.file_name(info.id, info.as_of.isoformat(), fmt),
                        mime=service.MIME[fmt], key=f"snap_dl_{fmt}", on_click="ignore",
                        disabled=fmt == "pdf" and no_pdf, icon=":material/download:")
if no_pdf:
    st.caption(t("snapshot.error.no_soffice", lang))
