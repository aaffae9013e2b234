"""What a FUT delay does to the landsdele: regional milestones pushed by the components they hang on.

The rule (documented in docs/rag-rules.md and the pages' help text):

- A milestone that hangs on a component (``MilestoneDependency.component_id``) cannot land before
  the component is ready. "Ready" is the component's latest **production forecast**; for a milestone
  about a pilot (category or title mentions "pilot") its **pilot forecast**, falling back to the
  production forecast. A component already in production (or in pilot, for a pilot milestone) is ready.
- A milestone's date is its forecast (else its baseline). It is pushed to the latest ready date of
  its components, and to the pushed date of any milestone of the same plan it depends on
  (finish-to-start, no lag) — only pushes carry over, not differences already in the plan.
- Done milestones are not pushed.

All functions are pure: plain values in, plain values out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from portfolio.domain import Phase


@dataclass(frozen=True)
class PlanMilestone:
    landsdel: str
    code: str
    title: str
    due: dt.date | None  # forecast, else baseline
    done: bool
    components: tuple[str, ...] = ()  # component codes it hangs on
    predecessors: tuple[str, ...] = ()  # milestone codes of the same plan it hangs on
    about_pilot: bool = False


@dataclass(frozen=True)
class ComponentDates:
    code: str
    name: str
    phase: Phase | None
    pilot_forecast: dt.date | None
    production_forecast: dt.date | None

    def ready(self, about_pilot: bool) -> dt.date | None:
        """When the component is ready for a milestone (None: ready already, or no forecast known)."""
        if self.phase is Phase.PRODUCTION:
            return None
        if about_pilot:
            if self.phase is Phase.PILOT:
                return None
            return self.pilot_forecast or self.production_forecast
        return self.production_forecast

    def shifted(self, days: int) -> ComponentDates:
        def move(day: dt.date | None) -> dt.date | None:
            return day + dt.timedelta(days=days) if day else None

        return replace(self, pilot_forecast=move(self.pilot_forecast),
                       production_forecast=move(self.production_forecast))


@dataclass(frozen=True)
class Push:
    landsdel: str
    code: str
    title: str
    due: dt.date
    pushed_to: dt.date
    causes: tuple[str, ...]  # component codes and milestone codes that push it

    @property
    def days(self) -> int:
        return (self.pushed_to - self.due).days


def is_about_pilot(category: str, title: str) -> bool:
    return "pilot" in category.lower() or "pilot" in title.lower()


Key = tuple[str, str]  # (landsdel, milestone code)


def _component_pushes(milestone: PlanMilestone, due: dt.date,
                      components: Mapping[str, ComponentDates]) -> list[tuple[str, dt.date]]:
    """The components the milestone hangs on that will be ready only after its due date, with that date."""
    pushes = []
    for code in milestone.components:
        component = components.get(code)
        ready = component.ready(milestone.about_pilot) if component else None
        if ready and ready > due:
            pushes.append((code, ready))
    return pushes


def _predecessor_pushes(milestone: PlanMilestone, due: dt.date, by_key: Mapping[Key, PlanMilestone],
                        dates: Mapping[Key, dt.date]) -> list[tuple[str, dt.date]]:
    """The predecessors pushed past their own due date and past the milestone's, with their pushed date."""
    pushes = []
    for code in milestone.predecessors:
        before = by_key.get((milestone.landsdel, code))
        if before is None or before.due is None:
            continue
        moved = dates[(milestone.landsdel, code)]
        if moved > before.due and moved > due:
            pushes.append((code, moved))
    return pushes


def propagate(milestones: Sequence[PlanMilestone], components: Mapping[str, ComponentDates]
              ) -> dict[Key, tuple[dt.date, tuple[str, ...]]]:
    """Each dated milestone's date once pushed by its components and pushed predecessors, with the causes.

    Dates only ever move later and each is one of finitely many dates (a due date or a ready date),
    so repeating the step until nothing changes ends, cycles in a plan included.
    """
    by_key = {(m.landsdel, m.code): m for m in milestones if m.due is not None}
    dates: dict[Key, dt.date] = {key: m.due for key, m in by_key.items()}  # type: ignore[misc]
    causes: dict[Key, tuple[str, ...]] = dict.fromkeys(by_key, ())

    def step(key: Key) -> tuple[dt.date, tuple[str, ...]]:
        milestone = by_key[key]
        due = milestone.due
        assert due is not None
        if milestone.done:
            return due, ()
        pushes = [*_component_pushes(milestone, due, components), *_predecessor_pushes(milestone, due, by_key, dates)]
        return max([due, *(when for _, when in pushes)]), tuple(code for code, _ in pushes)

    for _ in range(len(by_key) + 1):
        changed = False
        for key in by_key:
            date, why = step(key)
            if date != dates[key] or why != causes[key]:
                dates[key], causes[key], changed = date, why, True
        if not changed:
            break
    return {key: (dates[key], causes[key]) for key in by_key}


def knock_on(milestones: Sequence[PlanMilestone], components: Mapping[str, ComponentDates]) -> list[Push]:
    """The milestones the components' current forecasts push later than planned, most days first."""
    dates = propagate(milestones, components)
    pushes = []
    for milestone in milestones:
        moved = dates.get((milestone.landsdel, milestone.code))
        if milestone.due and moved and moved[0] > milestone.due:
            pushes.append(Push(milestone.landsdel, milestone.code, milestone.title, milestone.due, moved[0], moved[1]))
    return sorted(pushes, key=lambda p: (-p.days, p.landsdel, p.code))


@dataclass(frozen=True)
class ScenarioPush:
    landsdel: str
    code: str
    title: str
    planned: dt.date  # the plan's own date
    before: dt.date  # with the components' current forecasts
    after: dt.date  # with the component slipped

    @property
    def extra_days(self) -> int:
        return (self.after - self.before).days

    @property
    def days_from_plan(self) -> int:
        return (self.after - self.planned).days


def compare(milestones: Sequence[PlanMilestone], before: Mapping[str, ComponentDates],
            after: Mapping[str, ComponentDates]) -> list[ScenarioPush]:
    """The milestones whose pushed date is later with the ``after`` forecasts than with ``before``."""
    then, now = propagate(milestones, before), propagate(milestones, after)
    moves = []
    for milestone in milestones:
        key = (milestone.landsdel, milestone.code)
        if milestone.due and key in then and key in now and now[key][0] > then[key][0]:
            moves.append(ScenarioPush(milestone.landsdel, milestone.code, milestone.title, milestone.due,
                                      then[key][0], now[key][0]))
    return sorted(moves, key=lambda m: (-m.extra_days, m.landsdel, m.code))


def what_if(milestones: Sequence[PlanMilestone], components: Mapping[str, ComponentDates],
            component_code: str, weeks: int) -> list[ScenarioPush]:
    """The milestones that move further if ``component_code``'s forecasts slip ``weeks`` weeks."""
    if component_code not in components or weeks <= 0:
        return []
    scenario = {**components, component_code: components[component_code].shifted(7 * weeks)}
    return compare(milestones, components, scenario)


def most_moving_component(milestones: Sequence[PlanMilestone], components: Mapping[str, ComponentDates],
                          codes: Sequence[str], weeks: int) -> str | None:
    """The component whose slip of ``weeks`` weeks moves the most milestones (then: the furthest); where a
    "what if" should start, rather than on a component already in production that moves nothing."""
    best: tuple[int, int] | None = None
    chosen = None
    for code in codes:
        pushes = what_if(milestones, components, code, weeks)
        score = (len(pushes), max((p.extra_days for p in pushes), default=0))
        if best is None or score > best:
            best, chosen = score, code
    return chosen
