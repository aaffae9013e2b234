"""The snapshot list and a diff as DataFrames with headers in the user's language (for the page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from portfolio.i18n import format_date, format_number, t
from portfolio.snapshots import view
from portfolio.snapshots.diff import SnapshotDiff
from portfolio.snapshots.freeze import SnapshotInfo


def _frame(rows: list[list[object]], keys: Sequence[str], lang: str) -> pd.DataFrame:
    """A table with headers in the user's language; a missing value reads "–" (Streamlit would draw "None")."""
    frame = pd.DataFrame(rows, columns=[t(f"snapshot.col.{key}", lang) for key in keys], dtype=object)
    for column in frame.columns:
        values = list(frame[column])
        if any(value is None for value in values):  # the whole column as text, so it keeps one type
            frame[column] = [_text(value, lang) for value in values]
        else:
            frame[column] = pd.Series(values).infer_objects()
    return frame


def _text(value: object, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return format_date(value, lang, "short")
    if isinstance(value, int | float):
        return format_number(value, lang)
    return str(value)


def snapshot_frame(snapshots: Sequence[SnapshotInfo], lang: str) -> pd.DataFrame:
    return _frame([[s.id, s.label, s.as_of, s.created_at.replace(microsecond=0), s.created_by] for s in snapshots],
                  ("id", "label", "as_of", "created_at", "created_by"), lang)


def diff_frames(diff: SnapshotDiff, lang: str) -> dict[str, pd.DataFrame]:
    """Message key of the section title -> its table."""
    moves = ("programme", "landsdel", "code", "title", "before", "after", "days")
    items = ("programme", "landsdel", "code", "title", "date")
    return {
        "snapshot.diff.slipped": _frame([[m.programme, m.landsdel, m.code, m.title, view.date_of(m.before),
                                          view.date_of(m.after), m.days] for m in diff.slipped], moves, lang),
        "snapshot.diff.moved_earlier": _frame([[m.programme, m.landsdel, m.code, m.title, view.date_of(m.before),
                                                view.date_of(m.after), m.days] for m in diff.moved_earlier], moves,
                                              lang),
        "snapshot.diff.completed": _frame([[i.programme, i.landsdel, i.code, i.title, view.date_of(i.date)]
                                           for i in diff.completed], items, lang),
        "snapshot.diff.new": _frame([[i.programme, i.landsdel, i.code, i.title, view.date_of(i.date)]
                                     for i in diff.new], items, lang),
        "snapshot.diff.removed": _frame([[i.programme, i.landsdel, i.code, i.title, view.date_of(i.date)]
                                         for i in diff.removed], items, lang),
        "snapshot.diff.rag": _frame([[r.programme, r.landsdel, view.rag_text(r.before, lang),
                                      view.rag_text(r.after, lang), view.rag_text(r.derived_before, lang),
                                      view.rag_text(r.derived_after, lang)] for r in diff.rag],
                                    ("programme", "landsdel", "rag_before", "rag_after", "derived_before",
                                     "derived_after"), lang),
        "snapshot.diff.inclusion": _frame([[i.programme, i.landsdel, i.active_before, i.active_after, i.active_delta,
                                            i.included_since, i.expected_after] for i in diff.inclusion],
                                          ("programme", "landsdel", "active_before", "active_after", "active_delta",
                                           "included_since", "expected_after"), lang),
        "snapshot.diff.fut": _frame([[c.name, view.phase_text(c.phase_before, lang),
                                      view.phase_text(c.phase_after, lang), view.rag_text(c.rag_before, lang),
                                      view.rag_text(c.rag_after, lang),
                                      view.date_of(c.production_before), view.date_of(c.production_after)]
                                     for c in diff.fut],
                                    ("component", "phase_before", "phase_after", "rag_before", "rag_after",
                                     "production_before", "production_after"), lang),
    }
