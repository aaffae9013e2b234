"""Freeze the portfolio as of a date into one self-contained, versioned JSON payload.

The payload holds everything the diffs and exports need (they read nothing else), so a
snapshot says the same thing whatever is imported later. It is built from the as-of
queries: per regional programme and landsdel the latest plan version submitted by then
(with its milestones and dependencies), the inclusion figures in force per municipality
and month, the target set in force; the FUT components and their status history; risks
and the national projects' status.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, require
from portfolio.baselines.reads import measured_baselines
from portfolio.dashboard import queries
from portfolio.db import unit_of_work
from portfolio.domain import MilestoneHealth, MilestoneStatus
from portfolio.health import milestone_health
from portfolio.inventory import is_demo_store
from portfolio.metrics import expected_target, next_target, share
from portfolio.models import TARGET_WIDTH, AuditEvent, PlanVersion, Snapshot
from portfolio.personal_data import find_cpr
from portfolio.rag import RagRules, load_rules, plan_rag, red_components
from portfolio.risks.freeze import frozen_risk_log
from portfolio.snapshots import messages as _messages  # noqa: F401 - registers the texts
from portfolio.snapshots import reads
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.view import measured_baseline
from portfolio.text import clip

SCHEMA_VERSION = 1
MAX_LABEL = 200


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    label: str
    as_of: dt.date
    created_at: dt.datetime
    created_by: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "as_of": self.as_of.isoformat(),
                "created_at": self.created_at.isoformat(timespec="seconds"), "created_by": self.created_by}


@dataclass(frozen=True)
class FrozenSnapshot:
    info: SnapshotInfo
    payload: dict[str, Any]

    @property
    def previous_id(self) -> int | None:
        return self.payload.get("previous_snapshot_id")


def canonical_json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# --- building the payload --------------------------------------------------------------------------


def _health(milestone: dict[str, Any], as_of: dt.date) -> str:
    def date(part: str) -> dt.date | None:
        value = milestone[part]
        return dt.date.fromisoformat(value["date"]) if value else None

    status = MilestoneStatus(milestone["status"]) if milestone["status"] else None
    return milestone_health(status=status, baseline=date("baseline"), forecast=date("forecast"),
                            actual=date("actual"), as_of=as_of).value


def _inclusion_summary(rows: list[list[Any]], target: dict[str, Any] | None, as_of: dt.date) -> dict[str, Any]:
    monthly: dict[str, list[int]] = {}
    for month, _code, new, active, dropouts in rows:
        total = monthly.setdefault(month, [0, 0, 0])
        total[0] += new
        total[1] += active
        total[2] += dropouts
    months = sorted(monthly)
    points = [(dt.date.fromisoformat(p["due_date"]), p["target_count"]) for p in target["points"]] if target else []
    upcoming = next_target(points, as_of)
    return {
        "monthly": [{"month": m, "new_inclusions": monthly[m][0], "active_citizens": monthly[m][1],
                     "dropouts": monthly[m][2]} for m in months],
        "latest_month": months[-1] if months else None,
        "active_citizens": monthly[months[-1]][1] if months else 0,
        "cumulative_included": sum(v[0] for v in monthly.values()),
        "dropouts": sum(v[2] for v in monthly.values()),
        "target_group_size": target["target_group_size"] if target else None,
        "expected_now": expected_target(points, as_of),
        "next_target": {"due_date": upcoming[0].isoformat(), "target_count": upcoming[1]} if upcoming else None,
    }


def _day(part: dict[str, Any] | None) -> dt.date | None:
    return dt.date.fromisoformat(part["date"]) if part else None


def _derive(entry: dict[str, Any], red: dict[str, str], as_of: dt.date, rules: RagRules) -> None:
    """The derived RAG of portfolio.rag (the overview's, from the same inputs) from the frozen figures, next to
    the landsdel's reported one."""
    plan = entry["plan"]
    if plan is None:
        return
    open_ones = [m for m in entry["milestones"] if m["health"] != MilestoneHealth.DONE.value]
    summary = entry["inclusion_summary"]
    derived = plan_rag(
        open_key_milestones=[(m["code"], measured_baseline(m), _day(m["forecast"]))
                             for m in open_ones if m["is_key"] and m["baseline"]],
        open_component_links=[(m["code"], d["component"]) for m in open_ones for d in m["depends_on"]
                              if d.get("component")],
        red=red, inclusion_share=share(summary["active_citizens"], summary["expected_now"]), as_of=as_of,
        rules=rules)
    plan["derived_rag"] = derived.rag.value
    plan["derived_rag_reasons"] = {"da": derived.text("da"), "en": derived.text("en")}


def _programme(session: Session, programme: queries.ProgrammeRef, landsdele: list[queries.LandsdelRef],
               as_of: dt.date, codes: set[int]) -> dict[str, Any]:
    plans = {p.landsdel_key: p for p in queries.latest_plans(session, programme.code, as_of)}
    milestones = reads.milestones_of(session, [p.id for p in plans.values()])
    # the derived RAG's slip is measured against the approved baseline, else the first submission's (baselines/)
    approved = measured_baselines(session, [p.id for p in plans.values()], as_of)
    inclusion = reads.inclusion_rows(session, programme.code, as_of)
    targets = queries.current_targets(session, programme.code, as_of)
    entries = []
    for landsdel in landsdele:
        plan = plans.get(landsdel.key)
        checksum = None
        target = targets.get(landsdel.key)
        target_json = None if target is None else {
            "target_group_size": target.target_group_size, "effective_from": target.effective_from.isoformat(),
            "source": target.source,
            "points": [{"due_date": due.isoformat(), "target_count": count} for due, count in target.points],
        }
        plan_json = None
        plan_milestones: list[dict[str, Any]] = []
        if plan is not None:
            checksum = session.scalar(select(PlanVersion.checksum).where(PlanVersion.id == plan.id))
            plan_json = {"id": plan.id, "version_no": plan.version_no, "submitted_on": plan.submitted_on.isoformat(),
                         "source_file": plan.source_file, "checksum": checksum, "imported_by": plan.imported_by,
                         "reported_rag": plan.reported_rag.value if plan.reported_rag else None,
                         "derived_rag": None}
            plan_milestones = milestones[plan.id]
            for milestone in plan_milestones:
                milestone["health"] = _health(milestone, as_of)
                moved = approved.get((plan.id, milestone["code"]))
                if moved is not None and moved.isoformat() != (milestone["baseline"] or {}).get("date"):
                    milestone["approved_baseline"] = moved.isoformat()
        rows = inclusion.get(landsdel.key, [])
        codes.update(r[1] for r in rows if r[1] is not None)
        health = dict.fromkeys((h.value for h in MilestoneHealth), 0)
        for milestone in plan_milestones:
            health[milestone["health"]] += 1
        entries.append({
            "key": landsdel.key, "name": landsdel.name, "plan": plan_json, "milestones": plan_milestones,
            "health": health,
            "inclusion": {"columns": list(reads.INCLUSION_COLUMNS), "rows": rows},
            "inclusion_summary": _inclusion_summary(rows, target_json, as_of),
            "targets": target_json,
        })
    return {"code": programme.code, "name_da": programme.name_da, "name_en": programme.name_en,
            "landsdele": entries}


def build_payload(session: Session, *, label: str, as_of: dt.date,
                  previous_snapshot_id: int | None = None) -> dict[str, Any]:
    """The state as of ``as_of``, as plain JSON-ready data (reads only)."""
    landsdele = queries.landsdele(session)
    codes: set[int] = set()
    programmes = [_programme(session, p, landsdele, as_of, codes) for p in queries.regional_programmes(session)]
    fut = reads.component_history(session, as_of)
    red = red_components((c["code"], c["name"], c["current"]["rag"] if c["current"] else None) for c in fut)
    rules = load_rules()
    for programme in programmes:
        for entry in programme["landsdele"]:
            _derive(entry, red, as_of, rules)
    projects = [{"code": p.code, "name_da": p.name_da, "name_en": p.name_en, "reported_on": p.reported_on.isoformat(),
                 "rag": p.rag.value if p.rag else None, "state": p.state.value, "enrolled": p.enrolled,
                 "note": p.note or "", "source": p.source}
                for p in queries.national_project_states(session, as_of)]
    return {
        "schema_version": SCHEMA_VERSION,
        "label": label,
        "as_of": as_of.isoformat(),
        "previous_snapshot_id": previous_snapshot_id,
        "demo": is_demo_store(session),
        "landsdele": [{"key": ld.key, "name": ld.name} for ld in landsdele],
        "programmes": programmes,
        "municipalities": reads.municipality_names(session, codes),
        "fut": fut,
        "risks": reads.risks_as_of(session, as_of),
        "risk_log": frozen_risk_log(session, as_of),  # the risk log's scores, status and lamps (#17)
        "national_projects": projects,
    }


# --- the use cases ----------------------------------------------------------------------------------


def _clean_label(label: str) -> str:
    text = " ".join((label or "").split())
    if not text:
        raise SnapshotRefused("snapshot.error.label_empty")
    if len(text) > MAX_LABEL:
        raise SnapshotRefused("snapshot.error.label_long", limit=MAX_LABEL)
    if find_cpr(text):
        raise SnapshotRefused("snapshot.error.label_cpr")
    return text


def _previous_id(session: Session, as_of: dt.date) -> int | None:
    return session.scalar(select(Snapshot.id).where(Snapshot.as_of <= as_of)
                          .order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1))


def default_as_of(session: Session) -> dt.date | None:
    return queries.latest_data_date(session)


def create_snapshot(engine: Engine, *, label: str, actor: str, as_of: dt.date | None = None,
                    today: dt.date | None = None) -> SnapshotInfo:
    """Freeze the state as of ``as_of`` (default: the newest date anything was reported) and store it, audited."""
    text = _clean_label(label)
    today = today or dt.date.today()
    require(engine, actor, Action.CREATE_SNAPSHOT, target=clip(text, TARGET_WIDTH))
    with unit_of_work(engine) as session:
        chosen = as_of or default_as_of(session)
        if chosen is None:
            raise SnapshotRefused("snapshot.error.no_data")
        if chosen > today:
            raise SnapshotRefused("snapshot.error.future", as_of=chosen.isoformat(), today=today.isoformat())
        payload = build_payload(session, label=text, as_of=chosen, previous_snapshot_id=_previous_id(session, chosen))
        snapshot = Snapshot(label=text, as_of=chosen, created_by=clip(actor, Snapshot.created_by.type.length),
                            payload=payload)
        session.add(snapshot)
        session.flush()
        audit.record(session, actor=actor, action="snapshot.create",
                     target=clip(f"snapshot {snapshot.id}: {text}", AuditEvent.target.type.length),
                     checksum=audit.sha256(canonical_json(payload)),
                     detail={"snapshot_id": snapshot.id, "as_of": chosen.isoformat(),
                             "previous_snapshot_id": payload["previous_snapshot_id"]})
        return _info(snapshot)


def _info(row: Any) -> SnapshotInfo:
    return SnapshotInfo(id=row.id, label=row.label, as_of=row.as_of, created_at=row.created_at,
                        created_by=row.created_by)


def list_snapshots(session: Session) -> list[SnapshotInfo]:
    """All snapshots, newest "as of" first (payloads are not loaded)."""
    rows = session.execute(select(Snapshot.id, Snapshot.label, Snapshot.as_of, Snapshot.created_at,
                                  Snapshot.created_by).order_by(Snapshot.as_of.desc(), Snapshot.id.desc()))
    return [_info(row) for row in rows]


def load_snapshot(session: Session, snapshot_id: int) -> FrozenSnapshot:
    row = session.get(Snapshot, snapshot_id)
    if row is None:
        raise SnapshotRefused("snapshot.error.unknown", id=snapshot_id)
    payload = row.payload
    if payload.get("schema_version") != SCHEMA_VERSION:
        raise SnapshotRefused("snapshot.error.schema", id=snapshot_id, version=payload.get("schema_version"))
    return FrozenSnapshot(_info(row), payload)
