"""The derived RAG computed the plain way, from the whole plan context: the reference the overview's lean
read (portfolio/dashboard/overview.py, which fetches only what the rules look at) and the snapshot are held to."""

from __future__ import annotations

from portfolio.dashboard.plan_context import PlanContext
from portfolio.domain import MilestoneStatus, Rag
from portfolio.metrics import effective_slip_days
from portfolio.rag import DerivedRag, RagRules, derive_rag


def reference_rags(context: PlanContext, inclusion_shares: dict[str, float | None], rules: RagRules
                   ) -> dict[str, DerivedRag]:
    """The derived RAG of every landsdel with a plan (the rules are in portfolio/rag.py)."""
    red = {s.code: s.name for s in context.components if s.rag is Rag.RED}
    result = {}
    for key, plan_rows in context.rows.items():
        open_rows = {r.code: r for r in plan_rows
                     if not (r.status is MilestoneStatus.DONE or (r.actual_date and r.actual_date <= context.as_of))}
        slips = [(r.code, days) for r in open_rows.values() if r.is_key
                 and (days := effective_slip_days(baseline=r.baseline_date, forecast=r.forecast_date,
                                                  as_of=context.as_of)) is not None]
        red_deps = [(link.milestone_code, red[link.component_code]) for link in context.links[key]
                    if link.component_code in red and link.milestone_code in open_rows]
        result[key] = derive_rag(key_slips=slips, inclusion_share=inclusion_shares.get(key),
                                 red_dependencies=red_deps, rules=rules)
    return result
