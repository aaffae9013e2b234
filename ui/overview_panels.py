"""The overview page's parts: national figures, a tile per landsdel, the charts, the FUT strip, national projects.

Drawn from the read model (``dashboard.overview.Overview``) only. Milestone titles, file names and component names
are user text: shown with ``st.text`` (never Markdown).
"""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from portfolio.dashboard.charts.overview import inclusion_vs_target_chart, landsdel_tile_map, milestone_health_chart
from portfolio.dashboard.overview import LandsdelTile, Overview
from portfolio.domain import MilestoneHealth
from portfolio.i18n import format_date, format_number, format_share, label, rag_badge, t
from portfolio.rag import RagRules, RagRulesError, load_rules
from ui.chart import show_chart
from ui.state import cached_build

_COUNTED = (MilestoneHealth.DONE, MilestoneHealth.LATE, MilestoneHealth.AT_RISK, MilestoneHealth.ON_TRACK)


def _rules_help(lang: str) -> str:
    try:
        rules = load_rules()
    except RagRulesError:
        rules = RagRules()
    return t("dash.overview.rules_link", lang, amber_days=rules.key_slip_amber_days, red_days=rules.key_slip_red_days,
             amber_share=format_share(rules.inclusion_amber_share, lang),
             red_share=format_share(rules.inclusion_red_share, lang), component=label(rules.red_component_rag, lang))


def national_figures(overview: Overview, lang: str) -> None:
    """The national tiles: every number with its unit, the date it holds for, and the words that say what it is."""
    national = overview.national
    as_of = format_date(overview.as_of, lang, "short")
    citizens = t("dash.unit.citizens", lang)  # the unit in the label: the value stays short enough to show whole
    cols = st.columns([1, 1, 1, 1.7, 1])
    cols[0].metric(t("overview.included", lang), format_number(national.active_citizens, lang),
                   delta=t("dash.tile.as_of", lang, date=as_of), delta_color="off", delta_arrow="off",
                   help=t("overview.national", lang))
    cols[1].metric(f"{t('dash.tile.target_due', lang)} ({citizens})", format_number(national.expected_now, lang),
                   delta=t("dash.tile.share_of_target", lang, share=format_share(national.share_of_expected, lang))
                   if national.share_of_expected is not None else None, delta_color="off", delta_arrow="off")
    cols[2].metric(f"{t('overview.target_group', lang)} ({citizens})", format_number(national.target_group_size, lang),
                   delta=f"{format_share(national.share_of_group, lang)} {t('overview.of_group', lang)}"
                   if national.share_of_group is not None else None, delta_color="off", delta_arrow="off")
    counts = overview.national_health
    total = sum(counts[h] for h in _COUNTED)
    cols[3].metric(t("overview.milestones", lang),
                   t("dash.tile.done_of", lang, done=counts[MilestoneHealth.DONE], total=total),
                   delta=" · ".join(f"{counts[h]} {label(h, lang).lower()}" for h in _COUNTED[1:]),
                   delta_color="off", delta_arrow="off")
    cols[4].metric(t("dash.overview.national_rag", lang), rag_badge(overview.national_derived, lang),
                   help=_rules_help(lang))


def _tile(tile: LandsdelTile, overview: Overview, lang: str) -> None:
    st.header(tile.name)
    if tile.plan is None:
        st.caption(t("overview.no_plan", lang))
    else:
        st.caption(t("overview.plan_received", lang, version=tile.plan.version_no,
                     date=format_date(tile.plan.submitted_on, lang)))
        st.text(f"{t('overview.reported_rag', lang)}: {rag_badge(tile.plan.reported_rag, lang)}")
        if tile.derived:
            st.text(f"{t('dash.overview.derived', lang)}: {rag_badge(tile.derived.rag, lang)}")
            st.text("\n".join(f"• {reason.text(lang)}" for reason in tile.derived.reasons))
        if tile.disagrees:
            st.warning(t("dash.overview.disagree", lang, reported=rag_badge(tile.plan.reported_rag, lang),
                         derived=rag_badge(tile.derived.rag, lang)), icon=":material/warning:")
        for health in MilestoneHealth:
            if tile.health[health]:
                st.text(f"{label(health, lang)}: {tile.health[health]}")
    inclusion = tile.inclusion
    st.metric(t("overview.included", lang), format_number(inclusion.active_citizens, lang),
              delta=(format_share(inclusion.share_of_group, lang) + " " + t("overview.of_group", lang))
              if inclusion.share_of_group is not None else None, delta_color="off")
    if inclusion.expected_now is not None:
        st.text(f"{t('overview.target', lang)}: {format_number(inclusion.expected_now, lang)}\n"
                + t("dash.overview.share_of_target", lang, share=format_share(inclusion.share_of_expected, lang),
                    date=format_date(overview.as_of, lang, "short")))
    next_ms = tile.next_milestone
    next_text = (f"{next_ms.code} {next_ms.title} ({format_date(next_ms.due, lang)})" if next_ms
                 else t("overview.none_next", lang))
    st.text(f"{t('overview.next', lang)}: {next_text}")


def landsdel_tiles(overview: Overview, lang: str) -> None:
    """A bordered tile per landsdel: its latest plan, both RAGs (and why), milestones, inclusion, next milestone."""
    tile_cols = st.columns(len(overview.tiles)) if overview.tiles else []
    for col, tile in zip(tile_cols, overview.tiles, strict=True):
        with col.container(border=True):
            _tile(tile, overview, lang)


def charts(overview: Overview, lang: str, shown: Hashable) -> None:
    """The three charts, built once per data version and ``shown`` (everything the overview depends on)."""
    left, middle, right = st.columns(3)
    for build, key, container in ((milestone_health_chart, "ov_health", left),
                                  (inclusion_vs_target_chart, "ov_inclusion", middle),
                                  (landsdel_tile_map, "ov_map", right)):
        show_chart(cached_build(build, overview, lang, key=(shown, lang)), lang, key=key, container=container)


def fut_strip(overview: Overview, lang: str) -> None:
    if not overview.components:
        return
    st.header(t("overview.fut_strip", lang))
    strip = st.columns(len(overview.components))
    for col, component in zip(strip, overview.components, strict=True):
        col.text(component.name)
        col.text(f"{label(component.phase, lang) if component.phase else '–'}\n{rag_badge(component.rag, lang)}")


def national_projects(overview: Overview, lang: str) -> None:
    if not overview.national_projects:
        return
    st.header(t("overview.national_projects", lang))
    for project in overview.national_projects:
        enrolled = t("overview.enrolled", lang, n=project.enrolled) if project.enrolled is not None else ""
        st.text(f"{project.name_en if lang == 'en' else project.name_da}: {label(project.state, lang)} · "
                f"{rag_badge(project.rag, lang)} {enrolled} ({format_date(project.reported_on, lang)})")
