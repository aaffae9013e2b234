"""Warning lamps: a risk bound to a signal lights by itself when the signal crosses its threshold as of a date.

Every signal is read from what the tool already computes, not derived again: FUT staleness from
``feed/staleness.py``, component forecasts from ``queries.component_states`` and
``queries.previous_component_forecasts`` (moved days by ``metrics.change_days``), key milestone slip from
``queries.open_key_milestones`` measured by ``metrics.effective_slip_days``, inclusion and the derived RAG from
``overview.portfolio_overview`` (the same tiles the overview draws). A landsdel signal lights when it crosses in
any regional programme; the reason names the programme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from portfolio.dashboard import queries
from portfolio.domain import Rag
from portfolio.feed.staleness import stale_components
from portfolio.i18n import t
from portfolio.metrics import change_days, effective_slip_days
from portfolio.risks.domain import RiskStatus, SignalKind


@dataclass(frozen=True)
class Lamp:
    """Whether the lamp is lit, and why (a message key and its values; ``text(lang)`` renders it)."""

    lit: bool
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    bound: bool = True

    def text(self, lang: str) -> str:
        values = {k: (t(v, lang) if isinstance(v, str) and v.startswith("risk.") else v)
                  for k, v in self.values.items()}
        return t(self.key, lang, **values)


UNBOUND = Lamp(False, "risk.lamp.none", bound=False)


class Signals:
    """The signals of one date, each read once however many risks are bound to it."""

    def __init__(self, session: Session, as_of: dt.date) -> None:
        self.session, self.as_of = session, as_of

    @cached_property
    def components(self) -> dict[str, queries.ComponentState]:
        return {c.code: c for c in queries.component_states(self.session, self.as_of)}

    @cached_property
    def previous_forecasts(self) -> dict[str, queries.PreviousForecast]:
        return queries.previous_component_forecasts(self.session, self.as_of)

    @cached_property
    def programmes(self) -> list[queries.ProgrammeRef]:
        return queries.regional_programmes(self.session)

    @cached_property
    def landsdel_names(self) -> dict[str, str]:
        return {ld.key: ld.name for ld in queries.landsdele(self.session)}

    @cached_property
    def overviews(self) -> list[Any]:
        from portfolio.dashboard.overview import portfolio_overview

        found = [portfolio_overview(self.session, p.code, self.as_of) for p in self.programmes]
        return [o for o in found if o is not None]

    @cached_property
    def key_slips(self) -> dict[str, list[tuple[str, str, int]]]:
        """Per landsdel: (programme, milestone code, days) of its open key milestones, as of the date."""
        slips: dict[str, list[tuple[str, str, int]]] = {}
        for programme in self.programmes:
            plans = {p.id: p for p in queries.latest_plans(self.session, programme.code, self.as_of)}
            for row in queries.open_key_milestones(self.session, list(plans), self.as_of):
                days = effective_slip_days(baseline=row.baseline_date, forecast=row.forecast_date, as_of=self.as_of)
                if days is not None:
                    slips.setdefault(plans[row.plan_id].landsdel_key, []).append((programme.code, row.code, days))
        return slips

    def stale_days(self, code: str, threshold: int) -> Lamp:
        name = self.components[code].name if code in self.components else code
        stale = {s.code: s for s in stale_components(self.session, self.as_of, threshold)}
        if code in stale:
            entry = stale[code]
            if entry.last_status_date is None:
                return Lamp(True, "risk.lamp.fut_never", {"component": name})
            return Lamp(True, "risk.lamp.fut_stale", {"component": name, "days": entry.days_since,
                                                      "threshold": threshold})
        last = self.components.get(code)
        days = (self.as_of - last.status_date).days if last and last.status_date else 0
        return Lamp(False, "risk.lamp.fut_fresh", {"component": name, "days": days, "threshold": threshold})

    def forecast_moved(self, code: str, threshold: int) -> Lamp:
        state, previous = self.components.get(code), self.previous_forecasts.get(code)
        name = state.name if state else code
        if state is None or previous is None:
            return Lamp(False, "risk.lamp.no_data", {"date": self.as_of.isoformat()})
        moves = [(which, days) for which, days in (
            ("risk.lamp.which.pilot", change_days(previous.pilot_forecast, state.pilot_forecast)),
            ("risk.lamp.which.production", change_days(previous.production_forecast, state.production_forecast)),
        ) if days is not None]
        if not moves:
            return Lamp(False, "risk.lamp.no_data", {"date": self.as_of.isoformat()})
        which, days = max(moves, key=lambda m: m[1])
        if days >= threshold and days > 0:
            return Lamp(True, "risk.lamp.fut_slip", {"component": name, "which": which, "days": days,
                                                     "previous": previous.status_date.isoformat(),
                                                     "threshold": threshold})
        return Lamp(False, "risk.lamp.fut_no_slip", {"component": name, "days": days, "threshold": threshold})

    def milestone_slip(self, arg: str, threshold: int) -> Lamp:
        key, _, milestone = arg.partition("/")
        rows = [r for r in self.key_slips.get(key, []) if not milestone or r[1] == milestone]
        name = self.landsdel_names.get(key, key)
        if not rows:
            return Lamp(False, "risk.lamp.no_data", {"date": self.as_of.isoformat()})
        programme, code, days = max(rows, key=lambda r: r[2])
        if days >= threshold and days > 0:
            return Lamp(True, "risk.lamp.slip", {"landsdel": name, "programme": programme, "milestone": code,
                                                 "days": days, "threshold": threshold})
        return Lamp(False, "risk.lamp.no_slip", {"landsdel": name, "days": days, "threshold": threshold})

    def _tiles(self, key: str) -> Iterable[tuple[str, Any]]:
        for overview in self.overviews:
            for tile in overview.tiles:
                if tile.key == key:
                    yield overview.programme.code, tile

    def inclusion_gap(self, key: str, threshold: int) -> Lamp:
        name = self.landsdel_names.get(key, key)
        worst: tuple[int, str, Any] | None = None
        for programme, tile in self._tiles(key):
            ratio = tile.inclusion.share_of_expected
            if ratio is None:
                continue
            gap = max(0, round((1 - ratio) * 100))
            if worst is None or gap > worst[0]:
                worst = (gap, programme, tile)
        if worst is None:
            return Lamp(False, "risk.lamp.no_data", {"date": self.as_of.isoformat()})
        gap, programme, tile = worst
        if gap >= threshold and gap > 0:
            return Lamp(True, "risk.lamp.inclusion", {"landsdel": name, "programme": programme,
                                                      "active": tile.inclusion.active_citizens,
                                                      "expected": tile.inclusion.expected_now, "gap": gap,
                                                      "threshold": threshold})
        return Lamp(False, "risk.lamp.inclusion_ok", {"landsdel": name, "gap": gap, "threshold": threshold})

    def rag_red(self, key: str) -> Lamp:
        name = self.landsdel_names.get(key, key)
        seen = False
        for programme, tile in self._tiles(key):
            if tile.derived is None:
                continue
            seen = True
            if tile.derived.rag is Rag.RED:
                return Lamp(True, "risk.lamp.rag_red", {"landsdel": name, "programme": programme})
        if not seen:
            return Lamp(False, "risk.lamp.no_data", {"date": self.as_of.isoformat()})
        return Lamp(False, "risk.lamp.rag_not_red", {"landsdel": name})

    def lamp(self, kind: str | None, arg: str | None, threshold: int | None, status: RiskStatus) -> Lamp:
        if not kind or not arg:
            return UNBOUND
        if status is not RiskStatus.OPEN:
            return Lamp(False, "risk.lamp.inactive", {"status": f"risk.status.{status.value}"})
        signal, limit = SignalKind(kind), threshold or 0
        if signal is SignalKind.FUT_STALE:
            return self.stale_days(arg, limit)
        if signal is SignalKind.FUT_SLIP:
            return self.forecast_moved(arg, limit)
        if signal is SignalKind.MILESTONE_SLIP:
            return self.milestone_slip(arg, limit)
        if signal is SignalKind.INCLUSION:
            return self.inclusion_gap(arg, limit)
        return self.rag_red(arg)
