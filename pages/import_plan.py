"""Import (/import): upload the landsdele's workbooks, see what was read, the problems and the diff, import."""

from __future__ import annotations

import streamlit as st

from portfolio.auth.roles import Action, Role
from portfolio.i18n import t
from portfolio.importing.service import ImportResult, import_plan, known_components, preview
from portfolio.importing.store import HeaderMapping
from portfolio.importing.template import blank_template
from portfolio.importing.workbook import MAX_FILE_BYTES
from portfolio.outcome import READY
from portfolio.reference import CORE_PROGRAMMES, LANDSDELE
from ui import import_panels as panels
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


@st.cache_data(show_spinner=False, max_entries=4)
def _components(version: int) -> list[tuple[str, str]]:
    del version  # the cache key: components change with the data version
    return known_components(engine)


def _import(name: str, data: bytes) -> ImportResult:
    result = import_plan(engine, data, name, actor=_actor(), landsdel=landsdel_choice, programme=programme_choice,
                         mappings=_mappings(name), dependencies=_dependencies(name))
    outcomes[name] = result
    return result


files = [(upload.name, upload.getvalue()) for upload in uploads]
previews = {name: _preview(name, data) for name, data in files}

for name, data in files:
    result = previews[name]
    done = outcomes.get(name)
    with st.container(border=True):
        st.header(literal(name))
        if done is not None and done.checksum == result.checksum:
            panels.outcome(name, done, lang)  # the file was imported (or refused) in this session: its outcome
            continue
        panels.status_line(name, result, lang)
        panels.facts(result, lang)
        panels.problems(result, lang)
        panels.dependency_mapping(name, result, dependency_state.setdefault(name, {}),
                                  _components(current_data_version()), lang)
        panels.header_mapping(name, result, mapping_state.setdefault(name, {}), lang)
        panels.baseline_flag(result, lang)
        plan = result.plan
        if result.diff is not None and result.status == READY:
            st.markdown(f"**{t('import.page.diff', lang)}**")
            if result.diff.previous_version is None:
                st.caption(t("import.page.diff_first", lang))
            st.dataframe(panels.diff_table(result, dict(_components(current_data_version())), lang),
                         hide_index=True, width="stretch")
            st.caption(f"{t('import.fact.version', lang)}: v{result.plan_version}")
            panels.risk_summary(result, lang)
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
