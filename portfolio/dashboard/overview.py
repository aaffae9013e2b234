"""The portfolio overview: per landsdel, the latest plan's milestones and inclusion against target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from portfolio.dashboard import queries
from portfolio.domain import MilestoneHealth, Rag
from portfolio.inventory import holds_portfolio_data, is_demo_store
from portfolio.metrics import expected_target, next_target, rag_rollup, share
from portfolio.rag import DerivedRag, RagRules, plan_rag, red_components


@dataclass(frozen=True)
class InclusionStatus:
    active_citizens: int  # in the latest reported month
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


def _inclusion(now: tuple[dt.date, int] | None, target: queries.TargetRef | None, as_of: dt.date) -> InclusionStatus:
    points = target.points if target else ()
    latest_month, active = now if now else (None, 0)
    return InclusionStatus(
        active_citizens=active,
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
        latest_month=max(months) if months else None,
        target_group_size=total([p.target_group_size for p in parts]),
        expected_now=total([p.expected_now for p in parts]),
        next_target=None,
    )


def _derived_rags(session: Session, plans: dict[str, queries.PlanRef], as_of: dt.date,
                  components: Sequence[queries.ComponentState], shares: dict[str, float | None],
                  rules: RagRules) -> dict[str, DerivedRag]:
    """The derived RAG of every landsdel with a plan (rules in portfolio/rag.py). Only what the rules read is
    fetched: the open key milestones, and the open milestones that hang on a red component."""
    plan_ids = [plan.id for plan in plans.values()]
    red = red_components((c.code, c.name, c.rag) for c in components)
    key_milestones: dict[int, list[tuple[str, dt.date, dt.date | None]]] = {plan_id: [] for plan_id in plan_ids}
    for row in queries.open_key_milestones(session, plan_ids, as_of):
        key_milestones[row.plan_id].append((row.code, row.baseline_date, row.forecast_date))
    links: dict[int, list[tuple[str, str]]] = {plan_id: [] for plan_id in plan_ids}
    for link in queries.open_component_links(session, plan_ids, as_of, list(red)):
        if link.component_code:
            links[link.plan_id].append((link.milestone_code, link.component_code))
    return {key: plan_rag(open_key_milestones=key_milestones[plan.id], open_component_links=links[plan.id], red=red,
                          inclusion_share=shares.get(key), as_of=as_of, rules=rules)
            for key, plan in plans.items()}


def portfolio_overview(session: Session, programme_code: str | None = None, as_of: dt.date | None = None,
                       landsdel_keys: Sequence[str] | None = None, rules: RagRules | None = None) -> Overview | None:
    """Everything the overview page shows, in one call. None when the store has no programme at all."""
    scope = queries.resolve_scope(session, programme_code, as_of, landsdel_keys)
    if scope is None:
        return None
    programme, programmes, as_of, chosen = scope.programme, scope.programmes, scope.as_of, scope.landsdele
    rules = rules or RagRules()
    keys = [ld.key for ld in chosen]
    plans = {p.landsdel_key: p for p in queries.latest_plans(session, programme.code, as_of, keys)}
    plan_ids = [p.id for p in plans.values()]
    health = queries.health_counts(session, plan_ids, as_of)
    upcoming = queries.next_milestones(session, plan_ids, as_of)
    now = queries.inclusion_now(session, programme.code, as_of, keys)
    targets = queries.current_targets(session, programme.code, as_of)
    components = queries.component_states(session, as_of)
    tiles = []
    for landsdel in chosen:
        plan = plans.get(landsdel.key)
        tiles.append(LandsdelTile(
            key=landsdel.key, name=landsdel.name, plan=plan,
            health=health[plan.id] if plan else dict.fromkeys(MilestoneHealth, 0),
            next_milestone=upcoming.get(plan.id) if plan else None,
            inclusion=_inclusion(now.get(landsdel.key), targets.get(landsdel.key), as_of),
        ))
    derived = _derived_rags(session, plans, as_of, components,
                            {tile.key: tile.inclusion.share_of_expected for tile in tiles}, rules)
    tiles = [replace(tile, derived=derived.get(tile.key)) for tile in tiles]
    national_health = {h: sum(t.health[h] for t in tiles) for h in MilestoneHealth}
    return Overview(
        programme=programme, as_of=as_of, tiles=tiles, national=_sum_inclusion([t.inclusion for t in tiles]),
        national_health=national_health, components=components,
        national_projects=queries.national_project_states(session, as_of), is_demo=is_demo_store(session),
        # A plan or a reported component already read answers it (holds_portfolio_data asks for the same).
        store_has_data=bool(plans or any(c.phase for c in components)) or holds_portfolio_data(session),
        programmes=programmes, rules=rules,
    )
