"""The import page's parts: what a workbook's preview says (facts, problems, mappings to choose, the diff) and the
outcome of an import. File names, headers and cell texts are user text: shown through ``literal`` or in dataframes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from portfolio.glossary import field_label
from portfolio.i18n import format_number, t
from portfolio.importing import risk_sheet
from portfolio.importing.headers import FIELDS_BY_KIND, IGNORE
from portfolio.importing.preview import baseline_flag_rows, change_rows
from portfolio.importing.service import ImportResult
from portfolio.outcome import IMPORTED, READY, REJECTED, UNCHANGED
from ui.render import literal


def problem_table(result: ImportResult, lang: str, *, errors: bool) -> pd.DataFrame:
    rows = [p.as_dict(lang) for p in (result.errors if errors else result.warnings)]
    return pd.DataFrame(rows, columns=["sheet", "row", "column", "message"]).rename(columns={
        "sheet": t("import.col.sheet", lang), "row": t("import.col.row", lang),
        "column": t("import.col.column", lang), "message": t("import.col.message", lang)})


def diff_table(result: ImportResult, names: dict[str, str], lang: str) -> pd.DataFrame:
    return pd.DataFrame(change_rows(result.diff, lang, names))


def outcome(name: str, done: ImportResult, lang: str) -> None:
    """The one outcome of an import that was made: imported as version N, unchanged, or refused with reasons."""
    if done.status == IMPORTED:
        st.success(t("import.page.done", lang, file=literal(name), version=done.plan_version))
    elif done.status == UNCHANGED:
        st.info(t("import.page.unchanged", lang, file=literal(name)))
    else:  # refused when importing (e.g. another landsdel's plan): say why, nothing was stored
        st.error(t("import.page.rejected", lang, file=literal(name)))
        st.dataframe(problem_table(done, lang, errors=True), hide_index=True, width="stretch")
    if done.risk_outcome is not None:  # the "Risici" sheet's risks, stored after the plan
        st.caption(risk_sheet.outcome_text(done.risk_outcome, lang))


def baseline_flag(result: ImportResult, lang: str) -> None:
    """Baselines this submission moves without an approving decision (portfolio/baselines), with milestones and days."""
    if result.baseline_changes and result.status == READY:
        st.warning(f"**{t('baseline.flag.title', lang)}**: {t('baseline.flag.intro', lang)}")
        st.dataframe(pd.DataFrame(baseline_flag_rows(result, lang)), hide_index=True, width="stretch")


def risk_summary(result: ImportResult, lang: str) -> None:
    """What the workbook's "Risici" sheet holds, before it is imported."""
    if result.risks is not None and result.risks.rows:
        st.caption(literal(risk_sheet.summary(result.risks, lang)))


def status_line(name: str, result: ImportResult, lang: str) -> None:
    status_text = t(f"import.status.{result.status}", lang)
    if result.status == REJECTED:
        st.error(f"{status_text}: {t('import.page.rejected', lang, file=literal(name))}")
    elif result.status == UNCHANGED:
        st.info(f"{status_text}: {t('import.page.unchanged', lang, file=literal(name))}")


def facts(result: ImportResult, lang: str) -> None:
    """What was read: landsdel, programme, how many milestones and inclusion rows."""
    plan = result.plan
    if plan is None:
        return
    cols = st.columns(5)
    cols[0].metric(t("import.fact.landsdel", lang), result.landsdel_name or "–")
    cols[1].metric(t("import.fact.programme", lang), result.programme or "–")
    cols[2].metric(t("import.fact.milestones", lang), len(plan.milestones))
    cols[3].metric(t("import.fact.inclusion_rows", lang), len(plan.inclusions))
    cols[4].metric(t("import.fact.new_inclusions", lang), format_number(plan.new_inclusions_total, lang))


def problems(result: ImportResult, lang: str) -> None:
    if result.errors:
        st.markdown(f"**{t('import.page.problems', lang)}** ({len(result.errors)})")
        st.dataframe(problem_table(result, lang, errors=True), hide_index=True, width="stretch")
    if result.warnings:
        with st.expander(f"{t('import.page.warnings', lang)} ({len(result.warnings)})"):
            st.dataframe(problem_table(result, lang, errors=False), hide_index=True, width="stretch")


def dependency_mapping(name: str, result: ImportResult, chosen: dict[str, str], components: list[tuple[str, str]],
                       lang: str) -> None:
    """Dependencies that name nothing known: map each to a component once (remembered for the landsdel).
    ``chosen`` (text -> component code, "" for none) is this file's choice so far, kept by the page."""
    plan = result.plan
    if plan is None or not plan.unresolved_dependencies and not any(chosen.values()):
        return
    names = dict(components)
    with st.expander(t("import.page.dependency_mapping", lang), expanded=True):
        st.caption(t("import.page.dependency_mapping_help", lang))
        for text in dict.fromkeys([*plan.unresolved_dependencies, *chosen]):
            nearest = plan.unresolved_dependencies.get(text, [])
            options = ["", *nearest, *[code for code, _ in components if code not in nearest]]
            current = chosen.get(text, "")
            picked = st.selectbox(literal(t("import.page.dependency_label", lang, text=text)), options,
                                  index=options.index(current) if current in options else 0,
                                  format_func=lambda c: t("import.page.no_component", lang) if not c
                                  else f"{names.get(c, c)} ({c})", key=f"dep_{name}_{text}")
            if picked != current:
                chosen[text] = picked
                st.rerun()


def header_mapping(name: str, result: ImportResult, chosen: dict[tuple[str, str], str], lang: str) -> None:
    """Columns the reader did not recognise: map each to a field (or ignore it). ``chosen`` is kept by the page."""
    plan = result.plan
    if plan is None or not plan.unmapped:
        return
    with st.expander(t("import.page.mapping", lang), expanded=result.status == REJECTED):
        st.caption(t("import.page.mapping_help", lang))
        for header in plan.unmapped:
            options = ["", IGNORE, *FIELDS_BY_KIND[header.kind]]
            current = chosen.get((header.kind, header.key), "")
            picked = st.selectbox(literal(f"{header.sheet} {header.column}: {header.text}"), options,
                                  index=options.index(current) if current in options else 0,
                                  format_func=lambda f: field_label(f, lang),
                                  key=f"map_{name}_{header.kind}_{header.key}")
            if picked != current:
                chosen[(header.kind, header.key)] = picked
                st.rerun()
