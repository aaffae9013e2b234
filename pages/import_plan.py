"""Import (/import): upload the landsdele's workbooks, see what was read, the problems and the diff, import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from portfolio.auth.roles import Action, Role
from portfolio.glossary import field_label
from portfolio.i18n import format_number, t
from portfolio.importing import risk_sheet
from portfolio.importing.headers import FIELDS_BY_KIND, IGNORE
from portfolio.importing.preview import baseline_flag_rows, change_rows
from portfolio.importing.service import ImportResult, import_plan, known_components, preview
from portfolio.importing.store import HeaderMapping
from portfolio.importing.template import blank_template
from portfolio.importing.workbook import MAX_FILE_BYTES
from portfolio.outcome import IMPORTED, READY, REJECTED, UNCHANGED
from portfolio.reference import CORE_PROGRAMMES, LANDSDELE
from ui.auth import current_user
from ui.render import literal
from ui.roles import explain_not_allowed, own_landsdele, role_allows
from ui.sidebar import draw_sidebar
from ui.state import current_data_version, get_engine
from ui.uploads import uploader

selection = draw_sidebar()
lang = selection.lang
engine = get_engine()


def _actor() -> str:
    return current_user().username  # the login gate's account


@st.cache_data(show_spinner=False, max_entries=4)
def _template() -> bytes:
    return blank_template()


st.title(t("import.page.title", lang))
st.caption(t("import.page.intro", lang))
st.download_button(t("import.page.template", lang), data=_template(), file_name="milepaelsplan-skabelon.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="template")

account = current_user()
if not role_allows(account, Action.IMPORT_PLAN):  # the template stays: it is what a landsdel fills in
    explain_not_allowed(account, Action.IMPORT_PLAN, lang)
    st.stop()
if account.role is not Role.ADMIN:
    st.caption(t("import.page.yours", lang, own=own_landsdele(account)))

auto = t("import.page.auto", lang)
cols = st.columns(2)
landsdel_choice = cols[0].selectbox(t("import.page.landsdel", lang), [None, *[ld.key for ld in LANDSDELE]],
                                    format_func=lambda k: auto if k is None else
                                    next(ld.name for ld in LANDSDELE if ld.key == k), key="import_landsdel")
programme_choice = cols[1].selectbox(t("import.page.programme", lang), [None, *[c for c, _, _ in CORE_PROGRAMMES]],
                                     format_func=lambda c: auto if c is None else c, key="import_programme")
uploads = uploader(t("import.page.upload", lang), ["xlsx", "xlsm", "xls", "ods", "xlsb"], lang=lang, key="import_files",
                   many=True, max_mb=MAX_FILE_BYTES // (1024 * 1024)) or []

outcomes: dict[str, ImportResult] = st.session_state.setdefault("import_outcomes", {})
mapping_state: dict[str, dict[tuple[str, str], str]] = st.session_state.setdefault("import_mappings", {})
dependency_state: dict[str, dict[str, str]] = st.session_state.setdefault("import_dependencies", {})


def _mappings(name: str) -> list[HeaderMapping]:
    return [HeaderMapping(kind, key, field) for (kind, key), field in mapping_state.get(name, {}).items() if field]


def _dependencies(name: str) -> dict[str, str]:
    return {text: code for text, code in dependency_state.get(name, {}).items() if code}


def _preview(name: str, data: bytes) -> ImportResult:
    key = (name, hash(data), landsdel_choice, programme_choice, tuple(_mappings(name)),
           tuple(sorted(_dependencies(name).items())), current_data_version(), lang)
    cache = st.session_state.setdefault("import_previews", {})
    if key not in cache:
        if len(cache) > 20:
            cache.clear()
        cache[key] = preview(engine, data, name, landsdel=landsdel_choice, programme=programme_choice,
                             mappings=_mappings(name), dependencies=_dependencies(name))
    return cache[key]


def _problem_table(result: ImportResult, errors: bool) -> pd.DataFrame:
    rows = [p.as_dict(lang) for p in (result.errors if errors else result.warnings)]
    return pd.DataFrame(rows, columns=["sheet", "row", "column", "message"]).rename(columns={
        "sheet": t("import.col.sheet", lang), "row": t("import.col.row", lang),
        "column": t("import.col.column", lang), "message": t("import.col.message", lang)})


@st.cache_data(show_spinner=False, max_entries=4)
def _components(version: int) -> list[tuple[str, str]]:
    del version  # the cache key: components change with the data version
    return known_components(engine)


def _diff_table(result: ImportResult) -> pd.DataFrame:
    names = dict(_components(current_data_version()))
    return pd.DataFrame(change_rows(result.diff, lang, names))


def _import(name: str, data: bytes) -> ImportResult:
    result = import_plan(engine, data, name, actor=_actor(), landsdel=landsdel_choice, programme=programme_choice,
                         mappings=_mappings(name), dependencies=_dependencies(name))
    outcomes[name] = result
    return result


def _outcome(name: str, done: ImportResult) -> None:
    """The one outcome of an import that was made: imported as version N, unchanged, or refused with reasons."""
    if done.status == IMPORTED:
        st.success(t("import.page.done", lang, file=literal(name), version=done.plan_version))
    elif done.status == UNCHANGED:
        st.info(t("import.page.unchanged", lang, file=literal(name)))
    else:  # refused when importing (e.g. another landsdel's plan): say why, nothing was stored
        st.error(t("import.page.rejected", lang, file=literal(name)))
        st.dataframe(_problem_table(done, errors=True), hide_index=True, width="stretch")
    if done.risk_outcome is not None:  # the "Risici" sheet's risks, stored after the plan
        st.caption(risk_sheet.outcome_text(done.risk_outcome, lang))


def _dependency_mapping(name: str, result: ImportResult) -> None:
    """Dependencies that name nothing known: map each to a component once (remembered for the landsdel)."""
    plan = result.plan
    if plan is None or not plan.unresolved_dependencies and not _dependencies(name):
        return
    components = _components(current_data_version())
    names = dict(components)
    with st.expander(t("import.page.dependency_mapping", lang), expanded=True):
        st.caption(t("import.page.dependency_mapping_help", lang))
        chosen = dependency_state.setdefault(name, {})
        texts = list(dict.fromkeys([*plan.unresolved_dependencies, *chosen]))
        for text in texts:
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


files = [(upload.name, upload.getvalue()) for upload in uploads]
previews = {name: _preview(name, data) for name, data in files}

for name, data in files:
    result = previews[name]
    done = outcomes.get(name)
    with st.container(border=True):
        st.header(literal(name))
        if done is not None and done.checksum == result.checksum:
            _outcome(name, done)  # the file was imported (or refused) in this session: that is its outcome
            continue
        status_text = t(f"import.status.{result.status}", lang)
        if result.status == REJECTED:
            st.error(f"{status_text}: {t('import.page.rejected', lang, file=literal(name))}")
        elif result.status == UNCHANGED:
            st.info(f"{status_text}: {t('import.page.unchanged', lang, file=literal(name))}")
        plan = result.plan
        if plan is not None:
            facts = st.columns(5)
            facts[0].metric(t("import.fact.landsdel", lang), result.landsdel_name or "–")
            facts[1].metric(t("import.fact.programme", lang), result.programme or "–")
            facts[2].metric(t("import.fact.milestones", lang), len(plan.milestones))
            facts[3].metric(t("import.fact.inclusion_rows", lang), len(plan.inclusions))
            facts[4].metric(t("import.fact.new_inclusions", lang), format_number(plan.new_inclusions_total, lang))
        if result.errors:
            st.markdown(f"**{t('import.page.problems', lang)}** ({len(result.errors)})")
            st.dataframe(_problem_table(result, errors=True), hide_index=True, width="stretch")
        if result.warnings:
            with st.expander(f"{t('import.page.warnings', lang)} ({len(result.warnings)})"):
                st.dataframe(_problem_table(result, errors=False), hide_index=True, width="stretch")
        _dependency_mapping(name, result)
        if plan is not None and plan.unmapped:
            with st.expander(t("import.page.mapping", lang), expanded=result.status == REJECTED):
                st.caption(t("import.page.mapping_help", lang))
                chosen = mapping_state.setdefault(name, {})
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
        if result.baseline_changes and result.status == READY:  # a baseline moved without approval
            st.warning(f"**{t('baseline.flag.title', lang)}**: {t('baseline.flag.intro', lang)}")
            st.dataframe(pd.DataFrame(baseline_flag_rows(result, lang)), hide_index=True, width="stretch")
        if result.diff is not None and result.status == READY:
            st.markdown(f"**{t('import.page.diff', lang)}**")
            if result.diff.previous_version is None:
                st.caption(t("import.page.diff_first", lang))
            st.dataframe(_diff_table(result), hide_index=True, width="stretch")
            st.caption(f"{t('import.fact.version', lang)}: v{result.plan_version}")
            if result.risks is not None and result.risks.rows:
                st.caption(literal(risk_sheet.summary(result.risks, lang)))
            allowed = current_user().may(Action.IMPORT_PLAN, landsdel_key=plan.landsdel if plan else None)
            if not allowed:  # a courtesy: the import itself checks (and audits) the same rule
                st.warning(t("import.page.not_yours", lang, landsdel=result.landsdel_name or "–"))
            if st.button(t("import.page.import_button", lang), key=f"import_{name}", type="primary"):
                with st.spinner(literal(name)):
                    _import(name, data)
                st.rerun()

ready = [(name, data) for name, data in files if previews[name].status == READY
         and not (outcomes.get(name) is not None and outcomes[name].checksum == previews[name].checksum)]
if len(ready) > 1 and st.button(t("import.page.import_all", lang), key="import_all"):
    progress = st.progress(0.0)
    for n, (name, data) in enumerate(ready, start=1):
        progress.progress((n - 1) / len(ready),
                          text=t("import.page.progress", lang, n=n, total=len(ready), file=literal(name)))
        _import(name, data)
    progress.progress(1.0)
    st.rerun()
