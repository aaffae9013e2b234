"""How a scenario reads: its assumptions in words, its result as JSON and as tables, two scenarios side by side.

Shared by the CLI, the infrastructure page's panel, the meetings page and the pack. Tables hold plain strings in
the users' formats (user text is never Markdown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

import portfolio.dashboard.messages  # noqa: F401 - the shared column names (dash.col.*)
from portfolio.i18n import format_date, format_number, t
from portfolio.scenarios import messages as _messages  # noqa: F401 - registers the texts
from portfolio.scenarios.compute import COMPONENT_SLIP, Assumption, InclusionOutlook, ScenarioResult
from portfolio.scenarios.service import ScenarioInfo, options_of_meeting, scenario_result


def _d(day: dt.date | None, lang: str) -> str:
    return format_date(day, lang, "short") if day else t("scenario.cli.never", lang)


def _signed(value: int, lang: str) -> str:
    return ("+" if value > 0 else "") + format_number(value, lang)


def describe(assumption: Assumption, lang: str, components: Mapping[str, str] | None = None,
             landsdele: Mapping[str, str] | None = None) -> str:
    if assumption.kind == COMPONENT_SLIP:
        name = (components or {}).get(assumption.subject, assumption.subject)
        return t("scenario.assume.component_slip", lang, name=name, amount=format_number(assumption.amount, lang))
    name = (landsdele or {}).get(assumption.subject, assumption.subject)
    return t("scenario.assume.inclusion_rate", lang, name=name, amount=_signed(assumption.amount, lang))


def describe_all(info: ScenarioInfo, lang: str, result: ScenarioResult | None = None,
                 names: tuple[Mapping[str, str], Mapping[str, str]] | None = None) -> str:
    """The assumptions in words; names from the result (as frozen) or ``names`` (components, landsdele)."""
    components, landsdele = (result.component_names, result.landsdel_names) if result else (names or (None, None))
    return "; ".join(describe(a, lang, components, landsdele) for a in info.assumptions)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def result_json(info: ScenarioInfo, result: ScenarioResult) -> dict[str, Any]:
    return {
        **info.as_json(),
        "milestones_pushed": [{"programme": p.programme, "landsdel": p.push.landsdel, "code": p.push.code,
                               "title": p.push.title, "planned": _iso(p.push.planned), "before": _iso(p.push.before),
                               "after": _iso(p.push.after), "extra_days": p.push.extra_days}
                              for p in result.pushes],
        "full_inclusion": [{"programme": o.programme, "landsdel": o.landsdel, "percent": o.percent,
                            "before": _iso(o.before.full_date), "after": _iso(o.after.full_date),
                            "moved_days": o.moved_days} for o in result.inclusion],
    }


def scenarios_table(scenarios: Sequence[ScenarioInfo], lang: str,
                    names: tuple[Mapping[str, str], Mapping[str, str]] | None = None) -> pd.DataFrame:
    return pd.DataFrame([{
        t("scenario.col.id", lang): str(s.id), t("scenario.col.name", lang): s.name,
        t("scenario.col.assumptions", lang): describe_all(s, lang, names=names),
        t("scenario.col.snapshot", lang): f"{s.snapshot_label} ({format_date(s.as_of, lang, 'short')})",
        t("scenario.col.created", lang): format_date(s.created_at.date(), lang, "short"),
        t("scenario.col.by", lang): s.created_by,
    } for s in scenarios])


def pushes_table(result: ScenarioResult, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("scenario.col.programme", lang): p.programme,
        t("scenario.col.landsdel", lang): result.landsdel_names.get(p.push.landsdel, p.push.landsdel),
        t("dash.col.code", lang): p.push.code, t("dash.col.title", lang): p.push.title,
        t("dash.col.before", lang): _d(p.push.before, lang), t("dash.col.after", lang): _d(p.push.after, lang),
        t("dash.col.extra_days", lang): format_number(p.push.extra_days, lang),
    } for p in result.pushes])


def _moved(outlook: InclusionOutlook, lang: str) -> str:
    return _signed(outlook.moved_days, lang) if outlook.moved_days else ""


def inclusion_table(result: ScenarioResult, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("scenario.col.programme", lang): o.programme, t("scenario.col.landsdel", lang): o.landsdel_name,
        t("scenario.col.now", lang): _d(o.before.full_date, lang),
        t("scenario.panel.full", lang): _d(o.after.full_date, lang),
        t("scenario.col.days", lang): _moved(o, lang),
    } for o in result.inclusion])


# --- two scenarios side by side ---------------------------------------------------------------------------------


def comparison(first: tuple[ScenarioInfo, ScenarioResult], second: tuple[ScenarioInfo, ScenarioResult]
               ) -> dict[str, Any]:
    """The milestones either scenario pushes, and every landsdel's date of full inclusion, under A and under B."""
    (a_info, a), (b_info, b) = first, second
    a_push = {(p.programme, p.push.landsdel, p.push.code): p.push for p in a.pushes}
    b_push = {(p.programme, p.push.landsdel, p.push.code): p.push for p in b.pushes}
    milestones = []
    for key in sorted(set(a_push) | set(b_push)):
        one, two = a_push.get(key), b_push.get(key)
        title = (one or two).title  # type: ignore[union-attr]
        milestones.append({"programme": key[0], "landsdel": key[1], "code": key[2], "title": title,
                           "a_after": _iso(one.after) if one else None, "a_days": one.extra_days if one else 0,
                           "b_after": _iso(two.after) if two else None, "b_days": two.extra_days if two else 0})
    milestones.sort(key=lambda m: (-max(m["a_days"], m["b_days"]), m["programme"], m["landsdel"], m["code"]))
    b_incl = {(o.programme, o.landsdel): o for o in b.inclusion}
    inclusion = []
    for o in a.inclusion:
        other = b_incl.get((o.programme, o.landsdel))
        inclusion.append({"programme": o.programme, "landsdel": o.landsdel, "name": o.landsdel_name,
                          "now": _iso(o.before.full_date), "a": _iso(o.after.full_date),
                          "b": _iso(other.after.full_date) if other else None})
    return {"a": result_json(a_info, a), "b": result_json(b_info, b), "milestones": milestones,
            "full_inclusion": inclusion}


def comparison_tables(data: dict[str, Any], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    a, b = f"A: {data['a']['name']}", f"B: {data['b']['name']}"

    def day(value: str | None) -> str:
        return _d(dt.date.fromisoformat(value), lang) if value else "–"

    def shift(value: str | None, days: int) -> str:
        return f"{day(value)} ({_signed(days, lang)})" if value else "–"

    names = {o["landsdel"]: o["name"] for o in data["full_inclusion"]}
    milestones = pd.DataFrame([{
        t("scenario.col.programme", lang): m["programme"], t("scenario.col.landsdel", lang):
            names.get(m["landsdel"], m["landsdel"]),
        t("dash.col.code", lang): m["code"], t("dash.col.title", lang): m["title"],
        a: shift(m["a_after"], m["a_days"]), b: shift(m["b_after"], m["b_days"]),
    } for m in data["milestones"]])
    inclusion = pd.DataFrame([{
        t("scenario.col.programme", lang): o["programme"], t("scenario.col.landsdel", lang): o["name"],
        t("scenario.col.now", lang): day(o["now"]) if o["now"] else t("scenario.cli.never", lang),
        a: day(o["a"]) if o["a"] else t("scenario.cli.never", lang),
        b: day(o["b"]) if o["b"] else t("scenario.cli.never", lang),
    } for o in data["full_inclusion"]])
    return milestones, inclusion


# --- decision options on a meeting's (B) items -------------------------------------------------------------------


def option_line(info: ScenarioInfo, result: ScenarioResult, lang: str) -> str:
    return t("scenario.option.line", lang, id=info.id, name=info.name, assumptions=describe_all(info, lang, result),
             pushed=t("scenario.cli.pushed", lang, n=len(result.pushes), days=result.max_extra_days))


def meeting_options(session: Session, meeting_id: int) -> dict[int, list[dict[str, Any]]]:
    """Per agenda item number, the scenarios offered on it, as plain data with a line in each language (the
    minutes freeze it at approval as they are)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for number, scenarios in options_of_meeting(session, meeting_id).items():
        for info in scenarios:
            result = scenario_result(session, info.id)[1]
            out.setdefault(number, []).append({"id": info.id, "name": info.name, "da": option_line(info, result, "da"),
                                               "en": option_line(info, result, "en")})
    return out


def option_texts(item: dict[str, Any], lang: str) -> list[str]:
    """The lines of an agenda item's decision options (from the minutes' content)."""
    return [o["en" if lang == "en" else "da"] for o in item.get("options") or []]
