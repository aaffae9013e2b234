"""Synthetic portfolio data at a chosen scale, for benchmarks and load tests.

Scale 1 is national size: 5 landsdele, 2 programmes, 98 municipalities, 24 monthly plan
versions of 200 milestones per landsdel and programme, 10 years of monthly inclusion per
municipality. Scale N multiplies the programmes (and so the plan versions): N = 100 is
about 4.8 million milestone rows and 2.4 million inclusion rows.

Rows go in through portfolio.bulk (COPY on PostgreSQL), a landsdel and programme at a time, so memory stays
flat whatever the scale. Deterministic for a given scale and seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, insert, literal, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.audit import sha256
from portfolio.bulk import bulk_insert
from portfolio.catalogue import load_catalogue, read_catalogue
from portfolio.db import unit_of_work
from portfolio.domain import DatePrecision, MilestoneStatus, Phase, ProgrammeKind, Rag
from portfolio.inventory import holds_portfolio_data
from portfolio.models import (
    ComponentStatus,
    InclusionCount,
    Landsdel,
    Milestone,
    MilestoneDependency,
    Municipality,
    PlanVersion,
    Programme,
    TargetPoint,
    TargetSet,
)
from portfolio.months import add_months, end_of_month

VERSIONS = 24
MILESTONES = 200
INCLUSION_MONTHS = 120
FIRST_SUBMISSION = dt.date(2023, 1, 5)
FIRST_INCLUSION_MONTH = dt.date(2015, 1, 1)
GENERATOR_ACTOR = "generator"
GENERATE_ACTION = "generate"
CATEGORIES = ("Organisering", "Aftaler", "Service og logistik", "Infrastruktur", "Uddannelse", "Pilot", "Inklusion")


@dataclass(frozen=True)
class GenerateResult:
    scale: int
    programmes: int
    plan_versions: int
    milestones: int
    inclusion_rows: int


class StoreNotEmpty(Exception):
    """The generator only fills a store that holds no portfolio data."""


def _programmes(session: Session, scale: int) -> list[Programme]:
    existing = list(session.scalars(select(Programme).where(Programme.kind == ProgrammeKind.REGIONAL)
                                    .order_by(Programme.sort_order)))
    for number in range(len(existing) + 1, 2 * scale + 1):
        programme = Programme(code=f"SYN{number:03d}", name_da=f"Syntetisk program {number}",
                              name_en=f"Synthetic programme {number}", kind=ProgrammeKind.REGIONAL,
                              sort_order=number)
        session.add(programme)
        existing.append(programme)
    session.flush()
    return existing[: 2 * scale]


def _components(session: Session) -> list[int]:
    ids = []
    catalogue, _ = load_catalogue(session)  # the national catalogue, loaded by `portfolio init`
    for spec in read_catalogue():
        component = catalogue[spec.code]
        ids.append(component.id)
        for step, phase in enumerate(Phase):
            day = dt.date(2022, 1 + 3 * step, 1)
            session.execute(insert(ComponentStatus).values(
                component_id=component.id, status_date=day, phase=phase, rag=Rag.GREEN, note="",
                source="generator", content_hash=sha256(f"{spec.code}{day}".encode()),
                recorded_at=dt.datetime(2022, 1, 1), recorded_by=GENERATOR_ACTOR))
    return ids


def _plan_rows(rng: random.Random, landsdel_id: int, programme_id: int, tag: str) -> Iterator[dict]:
    for version in range(VERSIONS):
        submitted = add_months(FIRST_SUBMISSION, version).replace(day=5)
        yield {
            "landsdel_id": landsdel_id, "programme_id": programme_id, "version_no": version + 1,
            "submitted_on": submitted, "source_file": f"generated_{tag}_{version + 1:02d}.xlsx",
            "checksum": sha256(f"{tag}|{version}".encode()), "imported_at": dt.datetime.combine(submitted, dt.time(9)),
            "imported_by": GENERATOR_ACTOR, "reported_rag": rng.choice(list(Rag)), "note": "",
        }


def _milestone_rows(rng: random.Random, plan_ids: list[int]) -> list[dict]:
    baselines = [end_of_month(2023 + i // 60, 1 + (i // 5) % 12) for i in range(MILESTONES)]
    slips = [0] * MILESTONES
    rows, done_at = [], [None] * MILESTONES
    for version, plan_id in enumerate(plan_ids):
        submitted = add_months(FIRST_SUBMISSION, version).replace(day=5)
        for i in range(MILESTONES):
            if done_at[i] is None and rng.random() < 0.08:
                slips[i] += rng.choice((31, 30, 61))
            forecast = baselines[i] + dt.timedelta(days=slips[i])
            if done_at[i] is None and forecast < submitted and rng.random() < 0.7:
                done_at[i] = forecast
            actual = done_at[i]
            status = (MilestoneStatus.DONE if actual else MilestoneStatus.RED if slips[i] > 120
                      else MilestoneStatus.AMBER if slips[i] else MilestoneStatus.GREEN)
            rows.append({
                "plan_version_id": plan_id, "code": f"M{i + 1:03d}", "title": f"Milepæl {i + 1}",
                "category": CATEGORIES[i % len(CATEGORIES)], "owner": "", "is_key": i % 10 == 0, "sort_order": i,
                "baseline_date": baselines[i], "baseline_precision": DatePrecision.MONTH, "baseline_text": "",
                "forecast_date": forecast, "forecast_precision": DatePrecision.DAY, "forecast_text": "",
                "actual_date": actual, "actual_precision": DatePrecision.DAY if actual else None,
                "actual_text": "", "status": status, "comment": "",
            })
    return rows


def _inclusion_rows(rng: random.Random, plan_ids: list[int], landsdel_id: int, programme_id: int,
                    municipality_codes: list[int]) -> Iterator[dict]:
    # The first submission reports the history up to its month; each later one adds a month.
    months_in_first = INCLUSION_MONTHS - VERSIONS + 1
    for code in municipality_codes:
        active, rate = rng.randint(0, 40), rng.uniform(0.5, 6)
        for offset in range(INCLUSION_MONTHS):
            new = int(rate * rng.uniform(0.5, 1.5))
            dropouts = int(active * 0.012)
            active += new - dropouts
            version = max(0, offset - months_in_first + 1)
            yield {"plan_version_id": plan_ids[version], "landsdel_id": landsdel_id, "programme_id": programme_id,
                   "municipality_code": code, "month": add_months(FIRST_INCLUSION_MONTH, offset),
                   "new_inclusions": new, "active_citizens": active, "dropouts": dropouts}


def _insert_dependencies(session: Session, plan_ids: list[int], component_ids: list[int]) -> None:
    """Every 20th milestone hangs on a FUT component; inserted set-wise, so no milestone ids travel back."""
    for i in range(3, MILESTONES, 20):
        session.execute(insert(MilestoneDependency).from_select(
            ["milestone_id", "component_id"],
            select(Milestone.id, literal(component_ids[i % len(component_ids)]))
            .where(Milestone.plan_version_id.in_(plan_ids), Milestone.code == f"M{i + 1:03d}"),
        ))


def generate(engine: Engine, *, scale: int, actor: str, seed: int = 1,
             progress: Callable[[int, int], None] | None = None) -> GenerateResult:
    """Fill an empty store with synthetic data at ``scale`` in one transaction; raises StoreNotEmpty otherwise."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    totals = {"plans": 0, "milestones": 0, "inclusion": 0}
    with unit_of_work(engine) as session:
        if holds_portfolio_data(session):
            raise StoreNotEmpty
        programmes = _programmes(session, scale)
        component_ids = _components(session)
        landsdele = list(session.scalars(select(Landsdel).order_by(Landsdel.sort_order)))
        steps = len(programmes) * len(landsdele)
        for step, (programme, landsdel) in enumerate(((p, ld) for p in programmes for ld in landsdele), start=1):
            counts = _fill(session, programme, landsdel, component_ids, seed)
            for key, value in counts.items():
                totals[key] += value
            if progress:
                progress(step, steps)
        audit.record(session, actor=actor, action=GENERATE_ACTION, target=f"scale {scale}",
                     detail={"scale": scale, "seed": seed, **totals})
    return GenerateResult(scale, len(programmes), totals["plans"], totals["milestones"], totals["inclusion"])


def _fill(session: Session, programme: Programme, landsdel: Landsdel, component_ids: list[int],
          seed: int) -> dict[str, int]:
    rng = random.Random(f"{seed}|{programme.code}|{landsdel.key}")
    tag = f"{programme.code}_{landsdel.key}"
    plan_ids = list(session.scalars(insert(PlanVersion).returning(PlanVersion.id, sort_by_parameter_order=True),
                                    list(_plan_rows(rng, landsdel.id, programme.id, tag))))
    milestones = _milestone_rows(rng, plan_ids)
    bulk_insert(session.connection(), Milestone.__table__, milestones)  # COPY on PostgreSQL
    _insert_dependencies(session, plan_ids, component_ids)
    codes = list(session.scalars(select(Municipality.code).where(Municipality.landsdel_id == landsdel.id)))
    inclusion = list(_inclusion_rows(rng, plan_ids, landsdel.id, programme.id, codes))
    bulk_insert(session.connection(), InclusionCount.__table__, inclusion)
    target = TargetSet(landsdel_id=landsdel.id, programme_id=programme.id, target_group_size=2000,
                       effective_from=FIRST_SUBMISSION, plan_version_id=plan_ids[0], source="generator",
                       recorded_by=GENERATOR_ACTOR)
    target.points = [TargetPoint(due_date=dt.date(2025, 12, 31), target_count=1000),
                     TargetPoint(due_date=dt.date(2027, 12, 31), target_count=2000)]
    session.add(target)
    session.flush()
    return {"plans": len(plan_ids), "milestones": len(milestones), "inclusion": len(inclusion)}
