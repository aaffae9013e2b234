"""Small helpers the exports and the page share: payload values as dates, labels and rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from portfolio.domain import ComponentKind, MilestoneHealth, MilestoneStatus, Phase, ProjectState, Rag, RiskState
from portfolio.i18n import format_date, label, rag_badge, t
from portfolio.snapshots.diff import SnapshotDiff, due


def date_of(value: str | dict[str, Any] | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("date")
        if value is None:
            return None
    return dt.date.fromisoformat(value)


def text_of(part: dict[str, Any] | None) -> str:
    return (part or {}).get("text") or ""


def rag_text(value: str | None, lang: str) -> str:
    return rag_badge(Rag(value), lang) if value else "–"


def rag_word(value: str | None, lang: str) -> str:
    return label(Rag(value), lang) if value else ""


def phase_text(value: str | None, lang: str) -> str:
    return label(Phase(value), lang) if value else ""


def status_text(value: str | None, lang: str) -> str:
    return label(MilestoneStatus(value), lang) if value else ""


def health_text(value: str | None, lang: str) -> str:
    return label(MilestoneHealth(value), lang) if value else ""


def kind_text(value: str | None, lang: str) -> str:
    return label(ComponentKind(value), lang) if value else ""


def state_text(value: str | None, lang: str, *, risk: bool = False) -> str:
    if not value:
        return ""
    if risk:
        return {"open": ("Åben", "Open"), "closed": ("Lukket", "Closed")}[RiskState(value).value][lang == "en"]
    return label(ProjectState(value), lang)


def short_programme(code: str, payload: dict[str, Any], lang: str) -> str:
    """"KOL" / "Hjertesvigt": the short name people use."""
    names = {"KOL": ("KOL", "COPD"), "HJERTESVIGT": ("Hjertesvigt", "Heart failure")}
    return names.get(code, (code, code))[lang == "en"]


def depends_text(milestone: dict[str, Any]) -> str:
    return "; ".join(d.get("milestone") or d.get("name") or d.get("component", "") for d in milestone["depends_on"])


def measured_baseline(milestone: dict[str, Any]) -> dt.date | None:
    """The baseline slip is measured against: the approved one when the frozen milestone carries it (a landsdel
    moved its baseline without approval, portfolio/baselines), else the submitted one."""
    approved = milestone.get("approved_baseline")
    return dt.date.fromisoformat(approved) if approved else date_of(milestone.get("baseline"))


def slip_from_baseline(milestone: dict[str, Any]) -> int | None:
    baseline = measured_baseline(milestone)
    when = date_of(milestone.get("actual")) or date_of(due(milestone))
    return (when - baseline).days if baseline and when else None


def entries(payload: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(programme, landsdel entry) pairs in programme and landsdel order."""
    for programme in payload["programmes"]:
        for entry in programme["landsdele"]:
            yield programme, entry


def has_content(entry: dict[str, Any]) -> bool:
    return bool(entry["plan"] or entry["inclusion"]["rows"] or entry["targets"])


def as_of_text(payload: dict[str, Any], lang: str) -> str:
    return t("snapshot.export.as_of", lang, as_of=format_date(date_of(payload["as_of"]), lang))


def diff_caption(diff: SnapshotDiff, lang: str) -> str:
    return t("snapshot.diff.between", lang, older=diff.older.label,
             older_as_of=format_date(date_of(diff.older.as_of), lang), newer=diff.newer.label,
             newer_as_of=format_date(date_of(diff.newer.as_of), lang))


def counts_text(diff: SnapshotDiff, lang: str) -> str:
    counts = diff.counts()
    return t("snapshot.export.counts", lang, slipped=counts["slipped"], completed=counts["completed"],
             new=counts["new"], removed=counts["removed"], rag=counts["rag_changes"], fut=counts["fut_changes"])


def milestone_change_rows(diff: SnapshotDiff, lang: str) -> list[dict[str, Any]]:
    """One row per milestone change, for tables: kind, programme, landsdel, code, title, before, after, days."""
    rows: list[dict[str, Any]] = []
    for kind, moves in (("slipped", diff.slipped), ("moved_earlier", diff.moved_earlier)):
        for m in moves:
            rows.append({"kind": t(f"snapshot.export.kind.{kind}", lang), "programme": m.programme,
                         "landsdel": m.landsdel, "code": m.code, "title": m.title, "before": date_of(m.before),
                         "after": date_of(m.after), "days": m.days})
    for kind, items in (("completed", diff.completed), ("new", diff.new), ("removed", diff.removed)):
        for i in items:
            rows.append({"kind": t(f"snapshot.export.kind.{kind}", lang), "programme": i.programme,
                         "landsdel": i.landsdel, "code": i.code, "title": i.title,
                         "before": date_of(i.date) if kind == "removed" else None,
                         "after": None if kind == "removed" else date_of(i.date), "days": None})
    return rows
