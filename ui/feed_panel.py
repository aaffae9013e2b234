"""The FUT status feed on the infrastructure page: upload, pull now, stale warning, history.

Writes happen only in button callbacks, and clear the data caches afterwards. Text from
feeds and files (notes, file names, component names) is shown as plain text or in
dataframes, never as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from portfolio.db import read_session
from portfolio.feed.fetch import redact_url
from portfolio.feed.history import component_history
from portfolio.feed.parse import Problem
from portfolio.feed.service import FeedResult, feed_source_state, ingest_feed, pull_feed
from portfolio.feed.settings import FeedSettings
from portfolio.feed.staleness import stale_components
from portfolio.i18n import format_date, label, rag_badge, t
from portfolio.outcome import REJECTED, UNCHANGED
from ui.render import literal
from ui.uploads import uploader

UPLOAD_TYPES = ["json", "csv", "xlsx", "xlsm", "xls", "ods"]


# --- callbacks (the only place that writes) ---------------------------------------------


def _import_upload(engine: Engine, actor: str, settings: FeedSettings, key: str) -> None:
    uploaded = st.session_state.get(f"{key}_upload")
    if uploaded is None:
        st.session_state[f"{key}_result"] = FeedResult(REJECTED, 0, [Problem.of("feed.panel.no_file")], "")
        return
    if uploaded.size > settings.max_bytes:
        problem = Problem.of("feed.error.file_too_large", path=uploaded.name, limit=settings.max_bytes)
        st.session_state[f"{key}_result"] = FeedResult(REJECTED, 0, [problem], uploaded.name)
        return
    result = ingest_feed(engine, uploaded.getvalue(), uploaded.name, actor=actor, content_type=uploaded.type or None)
    st.session_state[f"{key}_result"] = result
    st.cache_data.clear()


def _pull(engine: Engine, actor: str, settings: FeedSettings, key: str) -> None:
    if not settings.url:
        return
    result = pull_feed(engine, settings.url, actor=actor, settings=settings)
    st.session_state[f"{key}_result"] = result
    st.cache_data.clear()


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


def _stale_warning(engine: Engine, *, lang: str, as_of: dt.date, days: int) -> None:
    with read_session(engine) as session:
        stale = stale_components(session, as_of, days)
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
    engine: Engine,
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
    _stale_warning(engine, lang=lang, as_of=as_of, days=settings.stale_days)

    result = st.session_state.pop(f"{key}_result", None)
    if result is not None:
        _show_result(result, lang)

    upload_col, pull_col = st.columns(2)
    with upload_col:
        uploader(t("feed.panel.upload", lang), UPLOAD_TYPES, lang=lang, key=f"{key}_upload",
                 max_mb=max(1, settings.max_bytes // (1024 * 1024)))
        st.button(t("feed.panel.import", lang), key=f"{key}_import", on_click=_import_upload,
                  args=(engine, actor, settings, key))
    with pull_col:
        if settings.url:
            st.text(t("feed.panel.pull_from", lang, url=redact_url(settings.url)))
            state = feed_source_state(engine, redact_url(settings.url))
            if state is not None and state.last_fetched_at is not None:
                st.text(t("feed.panel.last_pull", lang, at=state.last_fetched_at.strftime("%Y-%m-%d %H:%M UTC"),
                          outcome=state.last_outcome))
            st.button(t("feed.panel.pull", lang), key=f"{key}_pull", on_click=_pull,
                      args=(engine, actor, settings, key), type="primary")
        else:
            st.info(t("feed.panel.no_url", lang))


def history_frame(engine: Engine, *, lang: str, as_of: dt.date | None = None) -> pd.DataFrame:
    """Each component's status history as a table: components in their order, newest entry first."""
    with read_session(engine) as session:
        rows = component_history(session, as_of)
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.component_code, []).append(row)
    columns = ["component", "date", "phase", "rag", "note", "pilot_forecast", "production_forecast", "source",
               "recorded_at"]

    def short(day: dt.date | None) -> str:
        return format_date(day, lang, "short") if day else ""

    records = [
        {
            "component": row.component_name,
            "date": short(row.status_date),
            "phase": label(row.phase, lang),
            "rag": rag_badge(row.rag, lang),
            "note": row.note,
            "pilot_forecast": short(row.pilot_forecast),
            "production_forecast": short(row.production_forecast),
            "source": row.source,
            "recorded_at": row.recorded_at.strftime("%Y-%m-%d %H:%M"),
        }
        for group in groups.values()
        for row in reversed(group)
    ]
    frame = pd.DataFrame(records, columns=columns)
    return frame.rename(columns={c: t(f"feed.col.{c}", lang) for c in columns})


def render_component_history(engine: Engine, *, lang: str, as_of: dt.date | None = None) -> None:
    st.header(t("feed.history.title", lang))
    frame = history_frame(engine, lang=lang, as_of=as_of)
    if frame.empty:
        st.info(t("feed.history.empty", lang))
        return
    st.dataframe(frame, hide_index=True)
