"""A scenario's result, computed from a frozen snapshot's payload: pure functions, plain values in and out.

The rules are the dashboard's, called rather than repeated:

- Component slips: the knock-on rule of :mod:`portfolio.knock_on` (``compare``), with every slipped component's
  pilot and production forecasts moved N weeks (``ComponentDates.shifted``) against the forecasts frozen in the
  snapshot. The milestones pushed are those whose pushed date moves later, with how many days.
- Inclusion: the forecast of full inclusion of :func:`portfolio.metrics.inclusion_forecast` (the mean monthly net
  growth of the last six months, with its band), per programme and landsdel. A rate change of N % scales every
  monthly growth by (1 + N/100) while the latest count stays as reported, so the forecast's rate, its band and
  thus the date of full inclusion follow from the same function. −100 % stops growth: no date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from portfolio.dashboard.inclusion import FORECAST_WINDOW
from portfolio.domain import MilestoneHealth, Phase
from portfolio.knock_on import ComponentDates, PlanMilestone, ScenarioPush, compare, is_about_pilot
from portfolio.metrics import InclusionForecast, inclusion_forecast

COMPONENT_SLIP = "component_slip"
INCLUSION_RATE = "inclusion_rate"
KINDS = (COMPONENT_SLIP, INCLUSION_RATE)


@dataclass(frozen=True)
class Assumption:
    kind: str  # COMPONENT_SLIP (subject: component code, amount: weeks) or INCLUSION_RATE (landsdel key, per cent)
    subject: str
    amount: int

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "amount": self.amount}


@dataclass(frozen=True)
class MilestonePush:
    programme: str
    push: ScenarioPush


@dataclass(frozen=True)
class InclusionOutlook:
    programme: str
    landsdel: str
    landsdel_name: str
    before: InclusionForecast
    after: InclusionForecast
    percent: int | None  # the assumed change of the rate (None: no assumption for this landsdel)

    @property
    def moved_days(self) -> int | None:
        """Days the date of full inclusion moves (positive: later); None when either date is unknown."""
        if self.before.full_date is None or self.after.full_date is None:
            return None
        return (self.after.full_date - self.before.full_date).days


@dataclass(frozen=True)
class ScenarioResult:
    as_of: dt.date
    pushes: tuple[MilestonePush, ...]
    inclusion: tuple[InclusionOutlook, ...]
    landsdel_names: dict[str, str]
    component_names: dict[str, str]

    @property
    def max_extra_days(self) -> int:
        return max((p.push.extra_days for p in self.pushes), default=0)


def _date(value: dict[str, Any] | None) -> dt.date | None:
    return dt.date.fromisoformat(value["date"]) if value else None


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def plan_milestones(entry: dict[str, Any]) -> list[PlanMilestone]:
    """A frozen landsdel entry's milestones in the knock-on rule's terms (date: forecast, else baseline)."""
    out = []
    for m in entry["milestones"]:
        out.append(PlanMilestone(
            landsdel=entry["key"], code=m["code"], title=m["title"], due=_date(m["forecast"]) or _date(m["baseline"]),
            done=m.get("health") == MilestoneHealth.DONE.value,
            components=tuple(d["component"] for d in m["depends_on"] if d.get("component")),
            predecessors=tuple(d["milestone"] for d in m["depends_on"] if d.get("milestone")),
            about_pilot=is_about_pilot(m.get("category", ""), m["title"])))
    return out


def component_dates(payload: dict[str, Any]) -> dict[str, ComponentDates]:
    """The components' forecasts as frozen (their latest status entry by the snapshot's date)."""
    out = {}
    for c in payload["fut"]:
        current = c.get("current") or {}
        phase = Phase(current["phase"]) if current.get("phase") else None
        out[c["code"]] = ComponentDates(c["code"], c["name"], phase, _iso(current.get("pilot_forecast")),
                                        _iso(current.get("production_forecast")))
    return out


def slipped(components: Mapping[str, ComponentDates], slips: Mapping[str, int]) -> dict[str, ComponentDates]:
    """The components with each slipped one's forecasts moved its weeks."""
    return {code: (dates.shifted(7 * slips[code]) if code in slips else dates) for code, dates in components.items()}


def scaled_growth(active_by_month: Sequence[tuple[dt.date, int]], factor: float) -> list[tuple[dt.date, float]]:
    """The same months with every monthly growth multiplied by ``factor``, the latest count unchanged."""
    ordered = sorted(active_by_month)
    if not ordered:
        return []
    last = ordered[-1][1]
    return [(month, last - factor * (last - count)) for month, count in ordered]


def _active(entry: dict[str, Any]) -> list[tuple[dt.date, int]]:
    return [(dt.date.fromisoformat(m["month"]), m["active_citizens"]) for m in entry["inclusion_summary"]["monthly"]]


def compute(payload: dict[str, Any], assumptions: Sequence[Assumption]) -> ScenarioResult:
    """The milestones pushed and the forecast of full inclusion per programme and landsdel under the assumptions."""
    slips = {a.subject: a.amount for a in assumptions if a.kind == COMPONENT_SLIP}
    rates = {a.subject: a.amount for a in assumptions if a.kind == INCLUSION_RATE}
    before = component_dates(payload)
    after = slipped(before, slips)
    pushes: list[MilestonePush] = []
    outlook: list[InclusionOutlook] = []
    for programme in payload["programmes"]:
        milestones = [m for entry in programme["landsdele"] for m in plan_milestones(entry)]
        if slips:
            pushes += [MilestonePush(programme["code"], p) for p in compare(milestones, before, after)]
        for entry in programme["landsdele"]:
            active = _active(entry)
            if not active:
                continue
            size = entry["inclusion_summary"]["target_group_size"]
            now = inclusion_forecast(active, size, FORECAST_WINDOW)
            percent = rates.get(entry["key"])
            then = now if percent is None else inclusion_forecast(
                scaled_growth(active, 1 + percent / 100), size, FORECAST_WINDOW)  # type: ignore[arg-type]
            outlook.append(InclusionOutlook(programme["code"], entry["key"], entry["name"], now, then, percent))
    pushes.sort(key=lambda p: (-p.push.extra_days, p.programme, p.push.landsdel, p.push.code))
    return ScenarioResult(
        as_of=dt.date.fromisoformat(payload["as_of"]), pushes=tuple(pushes), inclusion=tuple(outlook),
        landsdel_names={ld["key"]: ld["name"] for ld in payload["landsdele"]},
        component_names={c["code"]: c["name"] for c in payload["fut"]})
