"""The engine (one per process) and query results cached per data version.

Every write appends an audit event, so the newest audit id is a data version: cached
results are reused until anything is written, then recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portfolio.config import Settings
from portfolio.db import data_version, make_engine, read_session
from portfolio.schema import initialise_store

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    initialise_store(engine, actor="app")  # a fresh database works at once (harmless when repeated)
    return engine


def get_engine() -> Engine:
    return _engine_for(Settings.from_env().database_url)


def current_data_version() -> int:
    with read_session(get_engine()) as session:
        return data_version(session)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(url: str, version: int, name: str, _query: Callable[..., Any], args: tuple, kwargs: tuple,
            _session: Session) -> Any:
    return _query(_session, *args, **dict(kwargs))


def cached_query(query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``query(session, *args, **kwargs)``; cached until the next write to the store."""
    url = Settings.from_env().database_url
    # The version check and, on a miss, the query share one session: one connection checkout (and on PostgreSQL
    # one pre-ping) per call instead of two. ``_session`` is left out of the cache key by its underscore.
    with read_session(_engine_for(url)) as session:
        return _cached(url, data_version(session), f"{query.__module__}.{query.__qualname__}", query, args,
                       tuple(sorted(kwargs.items())), session)
