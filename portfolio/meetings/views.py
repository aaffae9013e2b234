"""Tables of the /meetings page as plain pandas frames (headers in the user's language), from the read models."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from portfolio.i18n import format_date, t
from portfolio.meetings.reads import ActionRow, MeetingRow, org_name
from portfolio.scenarios.views import option_texts


def _day(value: str | dt.date | None, lang: str) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, lang, "short") if value else "–"


def meetings_frame(rows: list[MeetingRow], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("meeting.col.id", lang): r.id, t("meeting.col.date", lang): _day(r.date, lang),
        t("meeting.col.title", lang): r.title,
        t("meeting.col.status", lang): t(f"meeting.status.{r.status.value}", lang),
        t("meeting.col.snapshot", lang): str(r.snapshot_id or ""), t("meeting.col.items", lang): r.items,
        t("meeting.col.open_actions", lang): r.open_actions} for r in rows])


def items_frame(content: dict[str, Any], lang: str) -> pd.DataFrame:
    rows = []
    for item in content["items"]:
        conclusion = item.get("conclusion") or {}
        rows.append({
            t("meeting.col.number", lang): item["number"], t("meeting.col.kind", lang): f"({item['kind']})",
            t("meeting.col.title", lang): item["title"],
            t("meeting.col.presenter", lang): org_name(item.get("presenter"), lang),
            t("meeting.col.outcome", lang): t(f"meeting.outcome.{conclusion['outcome']}", lang)
            if conclusion.get("outcome") else "",
            t("meeting.col.conclusion", lang): conclusion.get("text", ""),
            t("meeting.col.reason", lang): item.get("reason", ""),
            **({t("scenario.col.options", lang): "\n".join(option_texts(item, lang))}
               if any(i.get("options") for i in content["items"]) else {}),
        })
    return pd.DataFrame(rows)


def item_actions_frame(content: dict[str, Any], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("meeting.col.id", lang): a["id"], t("meeting.col.item", lang): item["number"],
        t("meeting.col.action", lang): a["text"], t("meeting.col.owner", lang): org_name(a["owner"], lang),
        t("meeting.col.due", lang): _day(a["due"], lang)} for item in content["items"] for a in item["actions"]])


def followups_frame(content: dict[str, Any], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("meeting.col.id", lang): a["id"], t("meeting.col.meeting", lang): _day(a["meeting_date"], lang),
        t("meeting.col.action", lang): a["text"], t("meeting.col.owner", lang): org_name(a["owner"], lang),
        t("meeting.col.due", lang): _day(a["due"], lang),
        t("meeting.col.status", lang): t(f"meeting.action_status.{a['status']}", lang),
        t("meeting.col.overdue", lang): t("meeting.overdue", lang) if a["overdue"] else "",
        t("meeting.col.note", lang): a.get("note", "")} for a in content["followups"]])


def actions_frame(rows: list[ActionRow], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("meeting.col.id", lang): r.id, t("meeting.col.meeting", lang): _day(r.meeting_date, lang),
        t("meeting.col.item", lang): r.item_number, t("meeting.col.action", lang): r.text,
        t("meeting.col.owner", lang): org_name(r.owner, lang), t("meeting.col.due", lang): _day(r.due, lang),
        t("meeting.col.status", lang): t(f"meeting.action_status.{r.status.value}", lang),
        t("meeting.col.overdue", lang): t("meeting.overdue", lang) if r.overdue else "",
        t("meeting.col.note", lang): r.note} for r in rows])
