"""The FUT status feed on the infrastructure page: upload, pull now, stale warning.

Writes happen only in button callbacks, through ``ui.state.run_write`` (the next read sees the new data
version). Text from feeds and files (notes, file names, component names) is shown as plain text or in
dataframes, never as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from portfolio.feed.fetch import redact_url
from portfolio.feed.parse import Problem
from portfolio.feed.service import FeedResult, feed_source_state, ingest_feed, pull_feed
from portfolio.feed.settings import FeedSettings
from portfolio.feed.staleness import stale_components
from portfolio.i18n import format_date, t
from portfolio.outcome import REJECTED, UNCHANGED
from ui.render import literal
from ui.state import cached_query, get_engine, run_write, show_notice
from ui.uploads import uploader

UPLOAD_TYPES = ["json", "csv", "xlsx", "xlsm", "xls", "ods"]


# --- callbacks (the only place that writes) ---------------------------------------------


def _import_upload(actor: str, settings: FeedSettings, key: str, lang: str) -> None:
    uploaded = st.session_state.get(f"{key}_upload")
    if uploaded is None:
        st.session_state[f"{key}_result"] = FeedResult(REJECTED, 0, [Problem.of("feed.panel.no_file")], "")
        return
    if uploaded.size > settings.max_bytes:
        problem = Problem.of("feed.error.file_too_large", path=uploaded.name, limit=settings.max_bytes)
        st.session_state[f"{key}_result"] = FeedResult(REJECTED, 0, [problem], uploaded.name)
        return
    st.session_state[f"{key}_result"] = run_write(
        lambda: ingest_feed(get_engine(), uploaded.getvalue(), uploaded.name, actor=actor,
                            content_type=uploaded.type or None), lang=lang, notice=f"{key}_notice")


def _pull(actor: str, settings: FeedSettings, key: str, lang: str) -> None:
    if not settings.url:
        return
    st.session_state[f"{key}_result"] = run_write(
        lambda: pull_feed(get_engine(), settings.url, actor=actor, settings=settings), lang=lang,
        notice=f"{key}_notice")


# --- rendering ------------------------------------------------------------------------------


def _show_result(result: FeedResult, lang: str) -> None:
    summary = literal(result.summary(lang))
    if result.status == REJECTED:
        st.error(summary)
        rows = [{t("feed.col.entry", lang): "" if p.entry is None else str(p.entry),
                 t("feed.col.field", lang): p.field or "",
                 t("feed.col.problem", lang): p.message(lang)} for p in result.errors]
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    elif result.status == UNCHANGED:
        st.info(summary)
    else:
        st.success(summary)


def _stale_warning(*, lang: str, as_of: dt.date, days: int) -> None:
    stale = cached_query(stale_components, as_of, days)
    if not stale:
        st.caption(t("feed.panel.all_fresh", lang, days=days))
        return
    st.warning(literal(t("feed.panel.stale", lang, days=days, as_of=format_date(as_of, lang))), icon="⚠️")
    lines = [
        t("feed.panel.stale_never", lang, name=c.name) if c.last_status_date is None
        else t("feed.panel.stale_since", lang, name=c.name, date=format_date(c.last_status_date, lang),
               days=c.days_since)
        for c in stale
    ]
    st.text("\n".join(f"• {line}" for line in lines))


def render_feed_panel(
    *,
    lang: str,
    actor: str,
    as_of: dt.date,
    settings: FeedSettings | None = None,
    key: str = "fut_feed",
) -> None:
    """Upload a feed, pull the configured one, and warn about components not reported lately."""
    settings = settings or FeedSettings.from_env()
    st.header(t("feed.panel.title", lang))
    _stale_warning(lang=lang, as_of=as_of, days=settings.stale_days)

    show_notice(f"{key}_notice")  # a refusal the services raise (they report most problems in the result)
    result = st.session_state.pop(f"{key}_result", None)
    if result is not None:
        _show_result(result, lang)

    upload_col, pull_col = st.columns(2)
    with upload_col:
        uploader(t("feed.panel.upload", lang), UPLOAD_TYPES, lang=lang, key=f"{key}_upload",
                 max_mb=max(1, settings.max_bytes // (1024 * 1024)))
        st.button(t("feed.panel.import", lang), key=f"{key}_import", on_click=_import_upload,
                  args=(actor, settings, key, lang))
    with pull_col:
        if settings.url:
            st.text(t("feed.panel.pull_from", lang, url=redact_url(settings.url)))
            state = feed_source_state(get_engine(), redact_url(settings.url))
            if state is not None and state.last_fetched_at is not None:
                st.text(t("feed.panel.last_pull", lang, at=state.last_fetched_at.strftime("%Y-%m-%d %H:%M UTC"),
                          outcome=state.last_outcome))
            st.button(t("feed.panel.pull", lang), key=f"{key}_pull", on_click=_pull,
                      args=(actor, settings, key, lang), type="primary")
        else:
            st.info(t("feed.panel.no_url", lang))
