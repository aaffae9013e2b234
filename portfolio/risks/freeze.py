"""The risk log as a snapshot freezes it: each risk's newest version at freezing (raised by the snapshot's date),
its score, status and lamp as of that date, so that the pack says the same thing whatever is recorded later.

:func:`frozen_risk_log` is called by portfolio.snapshots.freeze.build_payload (key ``risk_log``);
:func:`changes_between` compares two frozen logs: the risks new, closed, accepted or re-scored since the previous
snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from portfolio.risks import reads
from portfolio.risks.domain import RiskStatus


def frozen_risk_log(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    """Plain, JSON-ready rows (highest score first, lit lamps first), as :func:`reads.risk_rows` gives them."""
    return [{
        "id": row.id, "version": row.version.version_no, "title": row.version.title,
        "owner": row.version.owner.key, "landsdel": row.version.landsdel_key, "component": row.version.component_code,
        "probability": row.version.probability, "consequence": row.version.consequence, "score": row.score,
        "residual_score": row.version.residual_score, "status": row.version.status.value,
        "decision": row.version.decision, "lit": row.lamp.lit,
        "why_da": row.lamp.text("da") if row.lamp.lit else "", "why_en": row.lamp.text("en") if row.lamp.lit else "",
    } for row in reads.risk_rows(session, as_of)]


def changes_between(before: list[dict[str, Any]], after: list[dict[str, Any]], as_of: dt.date
                    ) -> list[dict[str, Any]]:
    """The risks of ``after`` that are new, closed or accepted, or re-scored against ``before`` (frozen logs)."""
    previous = {row["id"]: row for row in before}
    changes = []
    for row in sorted(after, key=lambda r: r["id"]):
        old = previous.get(row["id"])
        if old is None:
            kind = "new"
        elif row["status"] != old["status"] and row["status"] != RiskStatus.OPEN.value:
            kind = row["status"]  # closed / accepted
        elif row["score"] != old["score"]:
            kind = "rescored"
        else:
            continue
        changes.append({"id": row["id"], "title": row["title"], "change": kind, "score": row["score"],
                        "before": old["score"] if old is not None else None, "decision": row["decision"],
                        "date": as_of.isoformat()})
    return changes
