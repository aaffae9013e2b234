"""The read side's queries, split by subject; aggregation happens in SQL, results are plain dataclasses or
DataFrames.

- :mod:`.scope`: landsdele, regional programmes, the newest reported date, the sidebar's choices, ``resolve_scope``
- :mod:`.plans`: the plans in force by a date, their milestones, health counts, dependencies and trend
- :mod:`.inclusion`: inclusion figures in force and targets
- :mod:`.fut`: FUT component status, the national projects' status, open risks
- :mod:`.sql`: the SQL building blocks they share

The names are re-exported here, so a read model writes ``queries.latest_plans(...)`` without caring which
subject module holds it.
"""

from portfolio.dashboard.queries.fut import (
    ComponentState,
    PreviousForecast,
    ProjectStatusRef,
    RiskRef,
    component_states,
    national_project_states,
    open_risks,
    previous_component_forecasts,
    risks_raised_by,
)
from portfolio.dashboard.queries.inclusion import (
    TargetRef,
    current_inclusion_rows,
    current_targets,
    inclusion_by_month,
    inclusion_by_municipality,
    inclusion_now,
    inclusion_sources,
)
from portfolio.dashboard.queries.plans import (
    DependencyLink,
    MilestoneRow,
    NextMilestone,
    OpenKeyMilestone,
    PlanRef,
    TrendPoint,
    dependency_links,
    health_counts,
    latest_plans,
    milestone_trend,
    next_milestones,
    open_component_links,
    open_key_milestones,
    plan_milestones,
    previous_plans,
)
from portfolio.dashboard.queries.scope import (
    LandsdelRef,
    ProgrammeRef,
    SidebarChoices,
    ViewScope,
    landsdele,
    latest_data_date,
    regional_programmes,
    resolve_scope,
    sidebar_choices,
)

__all__ = [
    "ComponentState", "DependencyLink", "LandsdelRef", "MilestoneRow", "NextMilestone", "OpenKeyMilestone", "PlanRef",
    "PreviousForecast", "ProgrammeRef", "ProjectStatusRef", "RiskRef", "SidebarChoices", "TargetRef", "TrendPoint",
    "ViewScope", "component_states", "current_inclusion_rows", "current_targets", "dependency_links",
    "health_counts", "inclusion_by_month", "inclusion_by_municipality", "inclusion_now", "inclusion_sources",
    "landsdele", "latest_data_date", "latest_plans", "milestone_trend", "national_project_states",
    "next_milestones", "open_component_links", "open_key_milestones", "open_risks", "plan_milestones",
    "previous_component_forecasts", "previous_plans", "regional_programmes", "resolve_scope", "risks_raised_by",
    "sidebar_choices",
]
