"""Tolerances per dimension and the exceptions (breaches) as of a date.

Thresholds come from ``data/tolerances.toml`` (the environment variable ``TOLERANCES_PATH`` names another file;
explained in docs/risk-log.md). Three dimensions, each per landsdel and regional programme:

- time: the largest slip of an open key milestone (``metrics.effective_slip_days`` on
  ``queries.open_key_milestones``, the same measure as the derived RAG);
- inclusion: active citizens as a share of the target due by the date (the overview's ``share_of_expected``);
- fut: how far the production forecast of a FUT component the plan's open milestones depend on has moved since
  the component's first forecast (``metrics.change_days``).

Yellow at or past the yellow threshold; red beyond the red one. Red is a breach of tolerance: the next meeting's
draft agenda proposes a (B) item for the landsdel and programme with the three tracks to decide between.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.config import env
from portfolio.dashboard import queries
from portfolio.domain import Rag
from portfolio.i18n import format_date, format_share, t
from portfolio.metrics import change_days
from portfolio.models import Component, ComponentStatus
from portfolio.risks.lamps import Signals

if TYPE_CHECKING:
    from portfolio.meetings.service import Proposal

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "tolerances.toml"
ENV_VAR = "TOLERANCES_PATH"
DIMENSIONS = ("time", "inclusion", "fut")


class TolerancesError(ValueError):
    """The tolerances file cannot be read or holds thresholds that contradict each other."""


@dataclass(frozen=True)
class Tolerances:
    time_yellow_days: int = 30
    time_red_beyond_days: int = 90
    inclusion_yellow_below_share: float = 0.90
    inclusion_red_below_share: float = 0.75
    fut_yellow_days: int = 30
    fut_red_beyond_days: int = 90
    source: str = "defaults"

    def __post_init__(self) -> None:
        if not 0 <= self.time_yellow_days <= self.time_red_beyond_days:
            raise TolerancesError("time: 0 ≤ yellow_days ≤ red_beyond_days must hold")
        if not 0 <= self.fut_yellow_days <= self.fut_red_beyond_days:
            raise TolerancesError("fut: 0 ≤ yellow_days ≤ red_beyond_days must hold")
        if not 0 <= self.inclusion_red_below_share <= self.inclusion_yellow_below_share <= 1:
            raise TolerancesError("inclusion: 0 ≤ red_below_share ≤ yellow_below_share ≤ 1 must hold")


_KEYS = {
    ("time", "yellow_days"): "time_yellow_days", ("time", "red_beyond_days"): "time_red_beyond_days",
    ("inclusion", "yellow_below_share"): "inclusion_yellow_below_share",
    ("inclusion", "red_below_share"): "inclusion_red_below_share",
    ("fut", "yellow_days"): "fut_yellow_days", ("fut", "red_beyond_days"): "fut_red_beyond_days",
}


def tolerances_from_toml(text: str, source: str = "toml") -> Tolerances:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TolerancesError(f"{source}: {error}") from error
    values: dict[str, Any] = {}
    for section, table in data.items():
        if section not in DIMENSIONS or not isinstance(table, dict):
            raise TolerancesError(f"{source}: unknown section [{section}]")
        for key, value in table.items():
            name = _KEYS.get((section, key))
            if name is None:
                raise TolerancesError(f"{source}: unknown setting {section}.{key}")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TolerancesError(f"{source}: {section}.{key} must be a number")
            if name.endswith("_days"):
                if not isinstance(value, int):
                    raise TolerancesError(f"{source}: {section}.{key} must be a whole number of days")
            else:
                value = float(value)
            values[name] = value
    try:
        return Tolerances(**values, source=source)
    except TolerancesError as error:
        raise TolerancesError(f"{source}: {error}") from error


def load_tolerances(path: str | Path | None = None) -> Tolerances:
    """The tolerances in force: ``path``, else $TOLERANCES_PATH, else data/tolerances.toml, else the defaults."""
    chosen = Path(path or env(ENV_VAR) or DEFAULT_PATH)
    if not chosen.exists():
        if path or env(ENV_VAR):
            raise TolerancesError(f"{chosen}: no such tolerances file")
        return Tolerances()
    return tolerances_from_toml(chosen.read_text(encoding="utf-8"), source=str(chosen))


@dataclass(frozen=True)
class Breach:
    landsdel_key: str
    landsdel: str
    programme: str
    dimension: str  # "time" | "inclusion" | "fut"
    level: Rag  # AMBER (yellow) or RED (beyond tolerance)
    value: float  # days, or a share 0–1
    threshold: float  # the threshold crossed (yellow's or red's)
    subject: str  # the milestone or component that gives the value

    def text(self, lang: str) -> str:
        shown = format_share(self.value, lang) if self.dimension == "inclusion" else self.value
        limit = format_share(self.threshold, lang) if self.dimension == "inclusion" else self.threshold
        return t(f"risk.breach.{self.dimension}", lang, subject=self.subject, value=shown, threshold=limit,
                 level=t(f"risk.level.{self.level.value}", lang))

    def as_json(self) -> dict[str, Any]:
        return {"landsdel": self.landsdel_key, "programme": self.programme, "dimension": self.dimension,
                "level": "yellow" if self.level is Rag.AMBER else "red", "value": self.value,
                "threshold": self.threshold, "subject": self.subject}


def _level(value: float, yellow: float, red_beyond: float) -> tuple[Rag, float] | None:
    if value > red_beyond:
        return Rag.RED, red_beyond
    if value >= yellow and value > 0:
        return Rag.AMBER, yellow
    return None


def forecast_moves(session: Session, as_of: dt.date) -> dict[str, int]:
    """Per FUT component: days its production forecast (newest by the date) moved since its first forecast."""
    first_day = (select(ComponentStatus.component_id, func.min(ComponentStatus.status_date).label("day"))
                 .where(ComponentStatus.status_date <= as_of, ComponentStatus.production_forecast.is_not(None))
                 .group_by(ComponentStatus.component_id).subquery())
    rows = session.execute(
        select(Component.code, ComponentStatus.production_forecast)
        .join(first_day, (first_day.c.component_id == ComponentStatus.component_id)
              & (first_day.c.day == ComponentStatus.status_date))
        .join(Component, Component.id == ComponentStatus.component_id)
        .order_by(ComponentStatus.id)).all()
    first = {}
    for code, forecast in rows:
        first.setdefault(code, forecast)
    moves = {}
    for state in queries.component_states(session, as_of):
        days = change_days(first.get(state.code), state.production_forecast)
        if days is not None:
            moves[state.code] = days
    return moves


def breaches(session: Session, as_of: dt.date, tolerances: Tolerances | None = None) -> list[Breach]:  # noqa: C901 - one flat check per tolerance dimension
    """Every yellow and red breach as of the date, per landsdel and regional programme, in landsdel order."""
    tol = tolerances or load_tolerances()
    signals = Signals(session, as_of)
    names = signals.landsdel_names
    found: list[Breach] = []
    for landsdel_key, rows in signals.key_slips.items():
        for programme in {p for p, _, _ in rows}:
            code, days = max(((c, d) for p, c, d in rows if p == programme), key=lambda r: r[1])
            level = _level(days, tol.time_yellow_days, tol.time_red_beyond_days)
            if level:
                found.append(Breach(landsdel_key, names.get(landsdel_key, landsdel_key), programme, "time",
                                    level[0], days, level[1], code))
    for overview in signals.overviews:
        for tile in overview.tiles:
            share = tile.inclusion.share_of_expected
            if share is None:
                continue
            # A share below the threshold: measured as the shortfall so that "beyond" reads the same way.
            if share < tol.inclusion_red_below_share:
                level = (Rag.RED, tol.inclusion_red_below_share)
            elif share < tol.inclusion_yellow_below_share:
                level = (Rag.AMBER, tol.inclusion_yellow_below_share)
            else:
                continue
            found.append(Breach(tile.key, tile.name, overview.programme.code, "inclusion", level[0], round(share, 3),
                                level[1], str(tile.inclusion.expected_now or "")))
    moves = {code: days for code, days in forecast_moves(session, as_of).items()
             if _level(days, tol.fut_yellow_days, tol.fut_red_beyond_days)}
    if moves:
        names_by_code = {c.code: c.name for c in signals.components.values()}
        for programme in signals.programmes:
            plans = {p.id: p for p in queries.latest_plans(session, programme.code, as_of)}
            worst: dict[str, tuple[int, str]] = {}
            for link in queries.open_component_links(session, list(plans), as_of, list(moves)):
                key = plans[link.plan_id].landsdel_key
                days = moves[link.component_code]
                if key not in worst or days > worst[key][0]:
                    worst[key] = (days, link.component_code)
            for key, (days, code) in worst.items():
                level = _level(days, tol.fut_yellow_days, tol.fut_red_beyond_days)
                assert level is not None
                found.append(Breach(key, names.get(key, key), programme.code, "fut", level[0], days, level[1],
                                    names_by_code.get(code, code)))
    order = {key: n for n, key in enumerate(names)}
    programme_order = {p.code: n for n, p in enumerate(signals.programmes)}
    return sorted(found, key=lambda b: (order.get(b.landsdel_key, 99), programme_order.get(b.programme, 99),
                                        DIMENSIONS.index(b.dimension)))


def exception_proposals(session: Session, payload: dict[str, Any], lang: str) -> list[Proposal]:
    """The (B) items for the next meeting's draft agenda: one per landsdel and programme beyond tolerance (red) as
    of the snapshot's date, with the breaches and the three tracks. Called from portfolio/meetings/agenda.py."""
    from portfolio.meetings.domain import ItemKind, ItemOrigin
    from portfolio.meetings.service import Proposal

    as_of = dt.date.fromisoformat(payload["as_of"])
    groups: dict[tuple[str, str, str], list[Breach]] = {}
    for breach in breaches(session, as_of):
        if breach.level is Rag.RED:
            groups.setdefault((breach.landsdel_key, breach.landsdel, breach.programme), []).append(breach)
    return [Proposal(t("risk.exception.title", lang, landsdel=name, programme=programme), ItemKind.B,
                     t("risk.exception.reason", lang, date=format_date(as_of, lang),
                       breaches="; ".join(b.text(lang) for b in found), tracks=t("risk.exception.tracks", lang)),
                     ItemOrigin.PROPOSED, presenter=key,
                     subjects=({"type": "landsdel", "key": key, "label": name},),
                     key=f"tolerance.{programme}.{key}")
            for (key, name, programme), found in groups.items()]
