"""Audit log (/audit, admins only): who did what and when, with filters and a CSV/Excel export (itself audited)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from portfolio.auth.audit_labels import action_label, detail_text
from portfolio.auth.audit_log import (
    COLUMNS,
    AuditFilter,
    audit_choices,
    export_audit_log,
    read_audit_log,
    record_audit_export,
)
from portfolio.auth.permissions import PermissionDenied
from portfolio.i18n import t
from ui.auth import current_user
from ui.sidebar import draw_sidebar
from ui.state import cached_query, get_engine

user = current_user()  # first: without a login only the login is drawn
lang = draw_sidebar().lang
engine = get_engine()
st.title(t("audit.title", lang))

try:
    actors, actions = cached_query(audit_choices, viewer=user.username)
except PermissionDenied as denied:
    st.error(denied.message(lang))
    st.stop()

st.caption(t("audit.intro", lang))
groups = sorted({a.split(".")[0] + "." for a in actions if "." in a})
cols = st.columns([2, 2, 1, 1, 2])
actor = cols[0].selectbox(t("audit.filter.actor", lang), [None, *actors], key="audit_actor",
                          format_func=lambda v: "–" if v is None else v)
action = cols[1].selectbox(t("audit.filter.action", lang), [None, *groups, *actions], key="audit_action",
                           format_func=lambda v: "–" if v is None else action_label(v, lang))
since = cols[2].date_input(t("audit.filter.from", lang), value=None, key="audit_from", format="DD.MM.YYYY")
until = cols[3].date_input(t("audit.filter.to", lang), value=None, key="audit_to", format="DD.MM.YYYY")
text = cols[4].text_input(t("audit.filter.text", lang), key="audit_text")
filters = AuditFilter(actor=actor, action=action, since=since if isinstance(since, dt.date) else None,
                      until=until if isinstance(until, dt.date) else None, text=text)

found = cached_query(read_audit_log, viewer=user.username, filters=filters)
headers = {c: t(f"audit.col.{c}", lang) for c in COLUMNS}
st.caption(t("audit.count", lang, shown=len(found.rows), total=found.total))
if not found.rows:
    st.info(t("audit.empty", lang))
else:
    # A dataframe shows every value as plain text: nothing a user typed is rendered as Markdown or HTML.
    shown = [{**row, "action": action_label(row["action"], lang), "detail": detail_text(row["detail"], lang)}
             for row in found.rows]
    st.dataframe(pd.DataFrame(shown, columns=list(COLUMNS)).rename(columns=headers), hide_index=True,
                 width="stretch",
                 column_config={headers["at"]: st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm"),
                                headers["detail"]: st.column_config.TextColumn(width="large")})

left, right = st.columns(2)
for col, fmt in ((left, "csv"), (right, "xlsx")):
    export = export_audit_log(engine, viewer=user.username, filters=filters, fmt=fmt, headers=headers)
    col.download_button(t(f"audit.export_{fmt}", lang), data=export.data, file_name=export.name, mime=export.mime,
                        key=f"audit_export_{fmt}", on_click=record_audit_export,
                        kwargs={"engine": engine, "viewer": user.username, "export": export, "filters": filters})
