"""What a page's selection can be and what it resolves to: landsdele, regional programmes, the newest
reported date, the sidebar's choices and :func:`resolve_scope`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.domain import (
    ProgrammeKind,
)
from portfolio.models import (
    ComponentStatus,
    Landsdel,
    PlanVersion,
    Programme,
    ProgrammeStatus,
)


@dataclass(frozen=True)
class LandsdelRef:
    id: int
    key: str
    name: str

@dataclass(frozen=True)
class ProgrammeRef:
    code: str
    name_da: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da

def landsdele(session: Session) -> list[LandsdelRef]:
    rows = session.execute(select(Landsdel.id, Landsdel.key, Landsdel.name).order_by(Landsdel.sort_order))
    return [LandsdelRef(*row) for row in rows]

def regional_programmes(session: Session) -> list[ProgrammeRef]:
    rows = session.execute(
        select(Programme.code, Programme.name_da, Programme.name_en)
        .where(Programme.kind == ProgrammeKind.REGIONAL).order_by(Programme.sort_order)
    )
    return [ProgrammeRef(*row) for row in rows]

def latest_data_date(session: Session) -> dt.date | None:
    """The newest date anything was reported for: the natural default "as of" for a meeting."""
    # One round trip for the three maxima (each an index lookup): every page and the sidebar ask for it.
    dates = session.execute(select(
        select(func.max(PlanVersion.submitted_on)).scalar_subquery(),
        select(func.max(ComponentStatus.status_date)).scalar_subquery(),
        select(func.max(ProgrammeStatus.reported_on)).scalar_subquery(),
    )).one()
    known = [d for d in dates if d is not None]
    return max(known) if known else None

@dataclass(frozen=True)
class SidebarChoices:
    """What the shared sidebar offers: programmes, landsdele and the dates to choose "as of" from."""

    programmes: list[ProgrammeRef]
    programme: str | None  # the programme asked for when it exists, else the first; None without programmes
    landsdele: list[LandsdelRef]
    as_of_dates: list[dt.date]  # the programme's plan submission dates and the newest report, newest first

def sidebar_choices(session: Session, programme_code: str | None) -> SidebarChoices:
    """Everything the sidebar offers, in one call: one cache entry and one data-version check per run."""
    programmes = regional_programmes(session)
    codes = [p.code for p in programmes]
    programme = programme_code if programme_code in codes else (codes[0] if codes else None)
    dates = set(session.scalars(
        select(PlanVersion.submitted_on).join(PlanVersion.programme).where(Programme.code == programme).distinct()
    )) if programme else set()
    latest = latest_data_date(session)
    return SidebarChoices(programmes=programmes, programme=programme, landsdele=landsdele(session),
                          as_of_dates=sorted(dates | ({latest} if latest else set()), reverse=True))

@dataclass(frozen=True)
class ViewScope:
    """What a page's selection resolves to: the programme, the reporting date and the chosen landsdele."""

    programme: ProgrammeRef
    programmes: list[ProgrammeRef]
    as_of: dt.date
    landsdele: list[LandsdelRef]  # the chosen ones, in their usual order
    names: dict[str, str]  # every landsdel's display name by key

    @property
    def keys(self) -> list[str]:
        return [ld.key for ld in self.landsdele]

def resolve_scope(session: Session, programme_code: str | None, as_of: dt.date | None,
                  landsdel_keys: Sequence[str] | None) -> ViewScope | None:
    """Unknown or missing programme: the first one; no date: the newest reported; keys None: every landsdel.

    None when the store has no regional programme at all.
    """
    programmes = regional_programmes(session)
    if not programmes:
        return None
    programme = next((p for p in programmes if p.code == programme_code), programmes[0])
    every = landsdele(session)
    chosen = [ld for ld in every if landsdel_keys is None or ld.key in landsdel_keys]
    return ViewScope(programme=programme, programmes=programmes,
                     as_of=as_of or latest_data_date(session) or dt.date.today(),
                     landsdele=chosen, names={ld.key: ld.name for ld in every})
