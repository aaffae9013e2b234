"""What the risk log shows: each risk's current version with its lamp as of a date, and a risk's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portfolio.dashboard import queries
from portfolio.risks.domain import RiskStatus
from portfolio.risks.errors import RiskRefused
from portfolio.risks.lamps import Lamp, Signals
from portfolio.risks.models import RiskVersion


@dataclass(frozen=True)
class RiskRow:
    id: int
    version: RiskVersion
    lamp: Lamp

    @property
    def score(self) -> int:
        return self.version.score

    def as_json(self, lang: str) -> dict[str, Any]:
        v = self.version
        return {
            "id": self.id, "version": v.version_no, "title": v.title, "description": v.description,
            "category": v.category, "owner": v.owner.key, "landsdel": v.landsdel_key, "component": v.component_code,
            "probability": v.probability, "consequence": v.consequence, "score": v.score,
            "strategy": v.strategy.value if v.strategy else None, "mitigations": v.mitigations,
            "residual_probability": v.residual_probability, "residual_consequence": v.residual_consequence,
            "residual_score": v.residual_score, "status": v.status.value, "decision": v.decision,
            "signal": v.signal, "threshold": v.threshold, "raised_on": v.raised_on.isoformat(),
            "lit": self.lamp.lit, "why": self.lamp.text(lang) if self.lamp.bound else None,
            "recorded_at": v.recorded_at.isoformat(timespec="seconds"), "recorded_by": v.recorded_by,
        }


def default_as_of(session: Session) -> dt.date:
    return queries.latest_data_date(session) or dt.date.today()


def current_versions(session: Session) -> list[RiskVersion]:
    newest = (select(RiskVersion.risk_id, func.max(RiskVersion.version_no).label("no"))
              .group_by(RiskVersion.risk_id).subquery())
    return list(session.scalars(
        select(RiskVersion)
        .join(newest, (newest.c.risk_id == RiskVersion.risk_id) & (newest.c.no == RiskVersion.version_no))
        .options(selectinload(RiskVersion.owner))
        .order_by(RiskVersion.risk_id)))


def risk_rows(session: Session, as_of: dt.date | None = None, *, lit_only: bool = False,
              landsdel: str | None = None, component: str | None = None, owner: str | None = None,
              statuses: Sequence[RiskStatus] | None = None) -> list[RiskRow]:
    """Risks raised by ``as_of`` (current version), each with its lamp as of that date; highest score first."""
    as_of = as_of or default_as_of(session)
    signals = Signals(session, as_of)
    rows = []
    for version in current_versions(session):
        if version.raised_on > as_of:
            continue
        if landsdel and version.landsdel_key != landsdel:
            continue
        if component and version.component_code != component:
            continue
        if owner and version.owner.key != owner:
            continue
        if statuses is not None and version.status not in statuses:
            continue
        lamp = signals.lamp(version.signal_kind, version.signal_arg, version.threshold, version.status)
        if lit_only and not lamp.lit:
            continue
        rows.append(RiskRow(version.risk_id, version, lamp))
    return sorted(rows, key=lambda r: (-int(r.lamp.lit), -r.score, r.id))


def history(session: Session, risk_id: int) -> list[RiskVersion]:
    versions = list(session.scalars(select(RiskVersion).where(RiskVersion.risk_id == risk_id)
                                    .options(selectinload(RiskVersion.owner)).order_by(RiskVersion.version_no)))
    if not versions:
        raise RiskRefused("risk.error.unknown", id=risk_id)
    return versions
