"""The portfolio overview: per landsdel, the latest plan's milestones and inclusion against target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from portfolio import queries
from portfolio.domain import MilestoneHealth, Rag
from portfolio.inventory import holds_portfolio_data, is_demo_store
from portfolio.metrics import expected_target, next_target, rag_rollup, share
from portfolio.milestone_views import derived_rags, load_plan_context
from portfolio.rag import DerivedRag, RagRules


@dataclass(frozen=True)
class InclusionStatus:
    active_citizens: int
    cumulative_included: int
    dropouts: int
    latest_month: dt.date | None
    target_group_size: int | None
    expected_now: int | None  # target count due by the reporting date, on the line between target points
    next_target: tuple[dt.date, int] | None

    @property
    def share_of_group(self) -> float | None:
        return share(self.active_citizens, self.target_group_size)

    @property
    def share_of_expected(self) -> float | None:
        return share(self.active_citizens, self.expected_now)


@dataclass(frozen=True)
class LandsdelTile:
    key: str
    name: str
    plan: queries.PlanRef | None
    health: dict[MilestoneHealth, int]
    next_milestone: queries.NextMilestone | None
    inclusion: InclusionStatus
    derived: DerivedRag | None = None  # the rules' RAG (portfolio/rag.py); None without a plan

    @property
    def disagrees(self) -> bool:
        """The landsdel's own RAG and the rules' RAG differ."""
        return bool(self.plan and self.derived and self.derived.disagrees_with(self.plan.reported_rag))


@dataclass(frozen=True)
class Overview:
    programme: queries.ProgrammeRef
    as_of: dt.date
    tiles: list[LandsdelTile]
    national: InclusionStatus
    national_health: dict[MilestoneHealth, int]
    components: list[queries.ComponentState]
    national_projects: list[queries.ProjectStatusRef]
    is_demo: bool
    store_has_data: bool
    programmes: list[queries.ProgrammeRef] = field(default_factory=list)
    rules: RagRules = field(default_factory=RagRules)

    @property
    def national_derived(self) -> Rag | None:
        """The worst derived RAG of the landsdele shown."""
        return rag_rollup(tile.derived.rag if tile.derived else None for tile in self.tiles)

    @property
    def has_data(self) -> bool:
        return any(tile.plan for tile in self.tiles) or any(t.inclusion.latest_month for t in self.tiles)


def _inclusion(frame, target: queries.TargetRef | None, as_of: dt.date) -> InclusionStatus:  # type: ignore[no-untyped-def]
    points = target.points if target else ()
    if frame.empty:
        latest_month, active = None, 0
    else:
        latest_month = frame["month"].max()
        active = int(frame.loc[frame["month"] == latest_month, "active_citizens"].sum())
    return InclusionStatus(
        active_citizens=active,
        cumulative_included=int(frame["new_inclusions"].sum()) if not frame.empty else 0,
        dropouts=int(frame["dropouts"].sum()) if not frame.empty else 0,
        latest_month=latest_month,
        target_group_size=target.target_group_size if target else None,
        expected_now=expected_target(points, as_of),
        next_target=next_target(points, as_of),
    )


def _sum_inclusion(parts: Sequence[InclusionStatus]) -> InclusionStatus:
    def total(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    months = [p.latest_month for p in parts if p.latest_month]
    return InclusionStatus(
        active_citizens=sum(p.active_citizens for p in parts),
        cumulative_included=sum(p.cumulative_included for p in parts),
        dropouts=sum(p.dropouts for p in parts),
        latest_month=max(months) if months else None,
        target_group_size=total([p.target_group_size for p in parts]),
        expected_now=total([p.expected_now for p in parts]),
        next_target=None,
    )


def portfolio_overview(session: Session, programme_code: str | None = None, as_of: dt.date | None = None,
                       landsdel_keys: Sequence[str] | None = None, rules: RagRules | None = None) -> Overview | None:
    """Everything the overview page shows, in one call. None when the store has no programme at all."""
    scope = queries.resolve_scope(session, programme_code, as_of, landsdel_keys)
    if scope is None:
        return None
    programme, programmes, as_of, chosen = scope.programme, scope.programmes, scope.as_of, scope.landsdele
    rules = rules or RagRules()
    context = load_plan_context(session, programme.code, as_of, [ld.key for ld in chosen])
    plans = context.plans
    plan_ids = [p.id for p in plans.values()]
    health = queries.health_counts(session, plan_ids, as_of)
    upcoming = queries.next_milestones(session, plan_ids, as_of)
    monthly = queries.inclusion_by_month(session, programme.code, as_of)
    targets = queries.current_targets(session, programme.code, as_of)
    tiles = []
    for landsdel in chosen:
        plan = plans.get(landsdel.key)
        tiles.append(LandsdelTile(
            key=landsdel.key, name=landsdel.name, plan=plan,
            health=health[plan.id] if plan else dict.fromkeys(MilestoneHealth, 0),
            next_milestone=upcoming.get(plan.id) if plan else None,
            inclusion=_inclusion(monthly[monthly["landsdel"] == landsdel.key], targets.get(landsdel.key), as_of),
        ))
    derived = derived_rags(context, {tile.key: tile.inclusion.share_of_expected for tile in tiles}, rules)
    tiles = [replace(tile, derived=derived.get(tile.key)) for tile in tiles]
    national_health = {h: sum(t.health[h] for t in tiles) for h in MilestoneHealth}
    return Overview(
        programme=programme, as_of=as_of, tiles=tiles, national=_sum_inclusion([t.inclusion for t in tiles]),
        national_health=national_health, components=queries.component_states(session, as_of),
        national_projects=queries.national_project_states(session, as_of), is_demo=is_demo_store(session),
        store_has_data=holds_portfolio_data(session),
        programmes=programmes, rules=rules,
    )
