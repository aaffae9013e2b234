"""SQL building blocks the query modules share: "the row in force" by rank, and the landsdel filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select

from portfolio.models import (
    Landsdel,
)


def newest_first(model: type, *, partition_by: Any, dated: Any, where: Sequence[Any] = (),
                  join: tuple[Any, Any] | None = None) -> Any:
    """``model``'s ids numbered per ``partition_by``, newest ``dated`` first (ties: the newest row): rank 1 is the
    row in force, rank 2 the one before it."""
    stmt = select(model.id, func.row_number().over(
        partition_by=partition_by, order_by=(dated.desc(), model.id.desc())).label("rank"))
    if join is not None:
        stmt = stmt.join(*join)
    return stmt.where(*where).subquery()

def landsdel_filter(stmt: Select, landsdel_keys: Sequence[str] | None) -> Select:
    """Only the given landsdele: None means every landsdel, an empty selection none (as on the pages)."""
    return stmt if landsdel_keys is None else stmt.where(Landsdel.key.in_(landsdel_keys))
