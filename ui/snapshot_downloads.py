"""The snapshots page's downloads: built when clicked, cached per snapshot, audited per download.

A snapshot never changes, so the bytes of (snapshot, format, language) are cached for the process: a rerun of the
page builds nothing, and a second click hands out the same file at once. Each download is still audited.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from portfolio.config import Settings
from portfolio.snapshots import service
from ui.state import get_engine


@st.cache_data(show_spinner=False, max_entries=64)
def _built(url: str, snapshot_id: int, fmt: str, lang: str) -> service.ExportFile:
    return service.build_export(get_engine(), snapshot_id, fmt, lang=lang)


def export_bytes(snapshot_id: int, fmt: str, *, actor: str, lang: str) -> bytes:
    """Check the user may export, take the (cached) file, audit the download, return its bytes."""
    engine = get_engine()
    service.check_export(engine, snapshot_id, fmt, actor=actor)
    result = _built(Settings.from_env().database_url, snapshot_id, fmt, lang)
    service.record_export(engine, snapshot_id, fmt, result, actor=actor, lang=lang)
    return result.data


def deferred(snapshot_id: int, fmt: str, *, actor: str, lang: str) -> Callable[[], bytes]:
    """What the download button calls when clicked (never on a rerun)."""
    return lambda: export_bytes(snapshot_id, fmt, actor=actor, lang=lang)
