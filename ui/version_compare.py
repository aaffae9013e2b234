"""The milestones page's "version A / version B" section: any two stored plan versions of a landsdel compared."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from portfolio.dashboard.plan_versions import compare_versions, plan_versions
from portfolio.i18n import format_date, register_messages, t
from portfolio.importing.preview import change_rows
from ui.state import cached_query

register_messages({
    "versions.header": ("Sammenlign to planversioner", "Compare two plan versions"),
    "versions.help": ("Vælg landsdel og to indsendte versioner af planen: tabellen viser hver ændring fra version A "
                      "til version B.",
                      "Choose a landsdel and two submitted versions of its plan: the table shows every change from "
                      "version A to version B."),
    "versions.landsdel": ("Landsdel", "Landsdel"),
    "versions.a": ("Version A", "Version A"),
    "versions.b": ("Version B", "Version B"),
    "versions.option": ("v{version} · indsendt {date}", "v{version} · submitted {date}"),
    "versions.too_few": ("{landsdel} har kun én planversion; der er intet at sammenligne.",
                         "{landsdel} has only one plan version; there is nothing to compare."),
    "versions.none": ("Ingen ændringer mellem de to versioner.", "No changes between the two versions."),
    "versions.same": ("Vælg to forskellige versioner.", "Choose two different versions."),
})


def draw_version_compare(programme_code: str, landsdel_keys: Sequence[str], names: dict[str, str], lang: str) -> None:
    st.header(t("versions.header", lang))
    st.caption(t("versions.help", lang))
    if not landsdel_keys:
        return
    left, middle, right = st.columns([2, 2, 2])
    landsdel = left.selectbox(t("versions.landsdel", lang), list(landsdel_keys), key="w_versions_landsdel",
                              format_func=lambda key: names.get(key, key))
    versions = cached_query(plan_versions, programme_code, landsdel)
    if len(versions) < 2:
        st.info(t("versions.too_few", lang, landsdel=names.get(landsdel, landsdel)))
        return
    numbers = [v.version_no for v in versions]
    label = {v.version_no: t("versions.option", lang, version=v.version_no, date=format_date(v.submitted_on, lang))
             for v in versions}
    for key in ("w_versions_a", "w_versions_b"):  # another landsdel: its own versions, defaults again
        if st.session_state.get(key) not in numbers:
            st.session_state.pop(key, None)
    a = middle.selectbox(t("versions.a", lang), numbers, index=len(numbers) - 2, key="w_versions_a",
                         format_func=label.get)
    b = right.selectbox(t("versions.b", lang), numbers, index=len(numbers) - 1, key="w_versions_b",
                        format_func=label.get)
    if a == b:
        st.info(t("versions.same", lang))
        return
    comparison = cached_query(compare_versions, programme_code, landsdel, a, b)
    rows = change_rows(comparison.diff, lang, comparison.component_names) if comparison else []
    if not rows:
        st.info(t("versions.none", lang))
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True)
