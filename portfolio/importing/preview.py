# ruff: noqa: E501 - message texts read best unbroken
"""The changes an import would make, as rows for the import page: in the user's language, dates as dates.

``change_rows(diff, lang)`` turns a ``PlanDiff`` into plain rows (what, which, change, before, after, days
slipped); nothing here renders HTML or Markdown, and the values from the file stay plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel.dates import format_date as babel_date

from portfolio.domain import DatePrecision, MilestoneStatus, Rag
from portfolio.glossary import FIELD_MESSAGES  # noqa: F401 - the fields' names: one word per concept
from portfolio.i18n import format_date, format_number, label, rag_badge, register_messages, t
from portfolio.importing.dates import ParsedDate
from portfolio.importing.diff import InclusionChange, MilestoneChange, PlanDiff
from portfolio.importing.service import ImportResult

register_messages({
    "import.what.milestone": ("Milepæl", "Milestone"),
    "import.what.inclusion": ("Inklusion", "Inclusion"),
    "import.what.target": ("Mål", "Target"),
    "import.what.plan": ("Planen", "The plan"),
    "import.change.new": ("Ny", "New"),
    "import.change.removed": ("Fjernet", "Removed"),
    "import.change.changed": ("Ændret", "Changed"),
    "import.change.added": ("Tilføjet", "Added"),
    "import.change.other": ("Rækkefølge eller datoernes skrivemåde er ændret", "Order or the way dates are written changed"),
    "import.inclusion.counts": ("{new} nye, {active} aktive, {dropouts} frafald", "{new} new, {active} active, {dropouts} drop-outs"),
    "import.inclusion.whole": ("hele landsdelen", "the whole landsdel"),
    "import.col.what": ("Hvad", "What"),
    "import.col.which": ("Hvilken", "Which"),
    "import.col.name": ("Titel", "Title"),
    "import.yes": ("ja", "yes"),
    "import.no": ("nej", "no"),
    "import.precision.week": ("uge {week} {year}", "week {week} {year}"),
    "import.precision.quarter": ("{quarter}. kvartal {year}", "Q{quarter} {year}"),
    "import.precision.half": ("{half}. halvår {year}", "H{half} {year}"),
})

_STATUS = {MilestoneStatus.GREEN: Rag.GREEN, MilestoneStatus.AMBER: Rag.AMBER, MilestoneStatus.RED: Rag.RED}


def show_date(value: ParsedDate | dt.date | None, lang: str) -> str:
    """A planned date as a date, as precise as it was written: "31. marts 2023", "marts 2023", "2. kvartal 2023"."""
    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return format_date(value, lang)
    day, precision = value.date, value.precision
    locale = "en_GB" if lang == "en" else "da_DK"
    if precision is DatePrecision.MONTH:
        return babel_date(day, format="MMMM y", locale=locale)
    if precision is DatePrecision.QUARTER:
        return t("import.precision.quarter", lang, quarter=(day.month - 1) // 3 + 1, year=day.year)
    if precision is DatePrecision.HALF:
        return t("import.precision.half", lang, half=1 if day.month <= 6 else 2, year=day.year)
    if precision is DatePrecision.YEAR:
        return str(day.year)
    if precision is DatePrecision.WEEK:
        year, week, _ = day.isocalendar()
        return t("import.precision.week", lang, week=week, year=year)
    return format_date(day, lang)


def show_value(value: Any, lang: str, names: dict[str, str] | None = None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, ParsedDate | dt.date):
        return show_date(value, lang)
    if isinstance(value, MilestoneStatus):
        return rag_badge(_STATUS[value], lang) if value in _STATUS else label(value, lang)
    if isinstance(value, Rag):
        return rag_badge(value, lang)
    if isinstance(value, bool):
        return t("import.yes" if value else "import.no", lang)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, list):  # resolved dependencies: "component:KAM", "milestone:1.2"
        return ", ".join((names or {}).get(item.split(":", 1)[1], item.split(":", 1)[1]) for item in value)
    return str(value)


def _counts(counts: tuple[int, int, int] | None, lang: str) -> str:
    if counts is None:
        return "–"
    new, active, dropouts = (format_number(n, lang) for n in counts)
    return t("import.inclusion.counts", lang, new=new, active=active, dropouts=dropouts)


def _month(change: InclusionChange, lang: str) -> str:
    month = babel_date(change.month, format="MMMM y", locale="en_GB" if lang == "en" else "da_DK")
    return f"{change.municipality or t('import.inclusion.whole', lang)}, {month}"


def _field_changes(m: MilestoneChange) -> list[tuple[str, Any, Any, int | None]]:
    """(field, before, after, days slipped): the slip belongs to the date it is measured on, the actual date, else
    the forecast, else the baseline."""
    changed = [name for name, _, _ in m.fields]
    slip_field = next((name for name in ("actual", "forecast", "baseline") if name in changed), None)
    return [(name, before, after, m.days_slipped if name == slip_field else None) for name, before, after in m.fields]


def _days(days: int | None, lang: str) -> str:
    return format_number(days, lang) if days is not None else ""


def _change_kind(before: object, after: object) -> str:
    if before is None:
        return "import.change.added"
    return "import.change.removed" if after is None else "import.change.changed"


def _milestone_changes(diff: PlanDiff, lang: str, component_names: dict[str, str] | None,
                       add: Callable[..., None]) -> None:
    for m in diff.new:
        add("milestone", m.code, m.title, t("import.change.new", lang))
    for m in diff.changed:
        for name, before, after, days in _field_changes(m):
            add("milestone", m.code, m.title, f"{t('import.change.changed', lang)}: {t(f'import.field.{name}', lang)}",
                show_value(before, lang, component_names), show_value(after, lang, component_names), days)
    for m in diff.removed:
        add("milestone", m.code, m.title, t("import.change.removed", lang))


def change_rows(diff: PlanDiff | None, lang: str, component_names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One row per change; a field that changed is one row of its own, with its name in the user's language."""
    if diff is None:
        return []
    cols = {k: t(f"import.col.{k}", lang) for k in ("what", "which", "name", "change", "before", "after")}
    slipped = t("import.page.slipped", lang)
    rows: list[dict[str, Any]] = []

    def add(what: str, which: str, title: str, change: str, before: str = "", after: str = "",
            days: int | None = None) -> None:
        rows.append({cols["what"]: t(f"import.what.{what}", lang), cols["which"]: which, cols["name"]: title,
                     cols["change"]: change, cols["before"]: before, cols["after"]: after,
                     slipped: _days(days, lang)})

    _milestone_changes(diff, lang, component_names, add)
    for change in diff.inclusion:
        kind = "import.change.added" if change.before is None else "import.change.changed"
        add("inclusion", _month(change, lang), "", t(kind, lang), _counts(change.before, lang),
            _counts(change.after, lang))
    for due, before, after in diff.targets:
        add("target", show_date(due, lang), "", t(_change_kind(before, after), lang), show_value(before, lang),
            show_value(after, lang))
    for name, before, after in diff.plan_fields:
        add("plan", t(f"import.field.{name}", lang), "", t("import.change.changed", lang), show_value(before, lang),
            show_value(after, lang))
    if diff.other:
        add("plan", "", "", t("import.change.other", lang))
    return rows


def baseline_flag_rows(result: ImportResult, lang: str) -> list[dict[str, Any]]:
    """The submission's milestones whose baseline differs from the approved baseline ("baseline ændret uden
    godkendelse"): the milestones and days, from portfolio/baselines."""
    from portfolio.baselines.reads import change_rows as baseline_rows

    return baseline_rows(result.baseline_changes, lang)
