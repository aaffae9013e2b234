"""The one door from the UI to the data: the engine (one per process), reads cached per data version
(:func:`cached_query`, :func:`cached_build`) and writes (:func:`run_write`).

Every write appends an audit event, so the newest audit id is a data version: cached
results are reused until anything is written, then recomputed. Nothing is ever cleared by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import plotly.io
import streamlit as st
from plotly.basedatatypes import BaseFigure
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from portfolio import palette
from portfolio.config import Settings
from portfolio.db import data_version, make_engine, read_session
from portfolio.refusal import Refused
from portfolio.schema import initialise_store
from ui.render import literal

T = TypeVar("T")


_commits = [0]  # commits through this process's engines: a write makes the version held for a run stale


def _count_commit(_connection: Any) -> None:
    _commits[0] += 1


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    initialise_store(engine, actor="app")  # a fresh database works at once (harmless when repeated)
    event.listen(engine, "commit", _count_commit)
    return engine


def get_engine() -> Engine:
    return _engine_for(Settings.from_env().database_url)


# --- the data version, read once per script run ----------------------------------------------------------------
#
# Every cached read is keyed on the store's data version. Reading it costs a checkout and a statement, so it is read
# once per script run (a fragment's rerun is a run of its own) and held on the run's context: the next run, in this
# process or another, reads it again, so a write anywhere shows at the next rerun. A commit in this process (a
# write in a callback or in the page itself) makes the held version stale at once.


def _held_version() -> int | None:
    ctx = get_script_run_ctx()
    held = getattr(ctx, "_telemed_data_version", None) if ctx is not None else None
    # ``ctx.cursors`` is a new dict at every run's start (ScriptRunContext.reset): its identity names the run
    if held is not None and held[0] is ctx.cursors and held[1] == _commits[0]:
        return held[2]
    return None


def _hold_version(version: int) -> int:
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx._telemed_data_version = (ctx.cursors, _commits[0], version)  # type: ignore[attr-defined]
    return version


def current_data_version() -> int:
    """The store's data version for this script run (read from the store at most once per run)."""
    held = _held_version()
    if held is not None:
        return held
    with read_session(get_engine()) as session:
        return _hold_version(data_version(session))


# Shared, not copied: ``st.cache_data`` would unpickle the result on every hit (30 ms for the milestones page's read
# model at scale 1, twice per run). Every read returns new objects built for the page, which only draws them; a
# page that changed one would change it for every session, so tests/pages/test_shared_reads.py reruns every page
# and checks that no cached result changed. Live objects take about four times their pickle's memory (4 MB for
# that read model), hence fewer entries than a pickle cache would keep, and results of past data versions, never
# asked for again, leave after ten minutes instead of waiting to be pushed out.
@st.cache_resource(show_spinner=False, max_entries=128, ttl=dt.timedelta(minutes=10))
def _cached(url: str, version: int, name: str, _query: Callable[..., Any], args: tuple, kwargs: tuple,
            _session: Session | None) -> Any:
    if _session is not None:
        return _query(_session, *args, **dict(kwargs))
    with read_session(_engine_for(url)) as session:
        return _query(session, *args, **dict(kwargs))


def cached_query(query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``query(session, *args, **kwargs)``; cached until the next write to the store.

    The result is shared by every session of the process: read it, never change it."""
    url = Settings.from_env().database_url
    name = f"{query.__module__}.{query.__qualname__}"
    key_kwargs = tuple(sorted(kwargs.items()))
    held = _held_version()
    if held is not None:  # a hit needs no connection at all; a miss opens its own session
        return _cached(url, held, name, query, args, key_kwargs, None)
    # The run's first read: the version check and, on a miss, the query share one session (one checkout, and on
    # PostgreSQL one pre-ping). ``_session`` is left out of the cache key by its underscore.
    with read_session(_engine_for(url)) as session:
        return _cached(url, _hold_version(data_version(session)), name, query, args, key_kwargs, session)


# --- writes ---------------------------------------------------------------------------------------------------------


def run_write(write: Callable[[], T], *, lang: str, notice: str,
              success: str | Callable[[T], str] | None = None) -> T | None:
    """Run one write of a service (usually from a widget callback, which runs before the page is drawn).

    A refusal's message goes to ``st.session_state[notice]`` as ``("error", text)`` and None is returned; otherwise
    ``success`` (a text, or a function of the result) goes there as ``("success", text)``. :func:`show_notice` draws
    it. No cache is cleared: the write appended an audit event, so the next read sees a new data version.
    """
    try:
        result = write()
    except Refused as refused:  # the service stored nothing, and audited a refused permission
        st.session_state[notice] = ("error", refused.message(lang))
        return None
    if success is not None:
        st.session_state[notice] = ("success", success(result) if callable(success) else success)
    return result


def show_notice(notice: str) -> None:
    """The message :func:`run_write` left for this run, once, as plain text."""
    shown = st.session_state.pop(notice, None)
    if shown:
        (st.success if shown[0] == "success" else st.error)(literal(shown[1]))


# --- figures and tables built once per data version and selection ------------------------------------------------


class BuiltFigure(BaseFigure):
    """A Plotly figure as the finished spec it was validated into, once.

    ``st.plotly_chart`` turns a ``go.Figure`` into a dict on every call (a deep copy of all its data) and validates a
    plain dict all over again; a figure built once per data version would pay that on every rerun. This keeps the
    validated spec and hands it out as it is (``st.plotly_chart`` only serialises it; nothing mutates it).
    """

    def __init__(self, figure: BaseFigure) -> None:  # noqa: D107 - no BaseFigure.__init__: that would validate again
        # Through JSON once: dates and arrays become strings and lists, so serialising it on every rerun needs none
        # of Plotly's per-value conversions (13,000 calls for the milestone timeline).
        self._spec = json.loads(plotly.io.to_json(figure, validate=False))

    def to_dict(self) -> dict:  # type: ignore[override]
        return self._spec

    def to_plotly_json(self) -> dict:  # type: ignore[override]
        return self._spec


@st.cache_resource(show_spinner=False, max_entries=512)
def _built(url: str, version: int, name: str, key: Hashable, _build: Callable[[], Any]) -> Any:
    built = _build()
    if not isinstance(built, BaseFigure):
        return built
    if not getattr(built, "_readable_text", False):  # one built from specs has them in its layout already
        palette.readable_text(built)  # the text colours readable on white (#19), once: the spec is shared
    return BuiltFigure(built)


def cached_build(build: Callable[..., T], *args: Any, key: Hashable, **kwargs: Any) -> T:
    """``build(*args, **kwargs)`` (a figure or a table), built once per data version and ``key`` in this process and
    shared by every session that shows the same thing.

    ``key`` must name everything the result depends on besides the store's content (the selection, the filters,
    the language): the arguments themselves are not compared, only ``key`` is.
    """
    url = Settings.from_env().database_url
    return _built(url, current_data_version(), f"{build.__module__}.{build.__qualname__}", key,
                  lambda: build(*args, **kwargs))
