"""Reference data: the five landsdele, the 98 municipalities, the two core programmes and the FUT catalogue."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.config import DATA_DIR
from portfolio.domain import ProgrammeKind
from portfolio.models import Landsdel, Municipality, Programme

MUNICIPALITIES_CSV = DATA_DIR / "kommuner.csv"


@dataclass(frozen=True)
class LandsdelRef:
    key: str
    name: str
    region_code: int
    region_name: str


LANDSDELE: tuple[LandsdelRef, ...] = (
    LandsdelRef("nord", "Nord", 1081, "Region Nordjylland"),
    LandsdelRef("midt", "Midt", 1082, "Region Midtjylland"),
    LandsdelRef("syd", "Syd", 1083, "Region Syddanmark"),
    LandsdelRef("hovedstaden", "Hovedstaden", 1084, "Region Hovedstaden"),
    LandsdelRef("sjaelland", "Sjælland", 1085, "Region Sjælland"),
)

CORE_PROGRAMMES: tuple[tuple[str, str, str], ...] = (
    ("KOL", "Telemedicin til borgere med KOL", "Telemedicine for citizens with COPD"),
    ("HJERTESVIGT", "Telemedicin til borgere med hjertesvigt", "Telemedicine for citizens with heart failure"),
)


@dataclass(frozen=True)
class MunicipalityRef:
    code: int
    name: str
    region_code: int
    iso_code: str


def read_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[MunicipalityRef]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MunicipalityRef(int(row["kommunekode"]), row["kommunenavn"], int(row["regionskode"]), row["iso_3166_2"])
            for row in csv.DictReader(handle)
        ]


def load_reference_data(session: Session) -> bool:
    """Insert what is missing; return True when anything was added. Safe to repeat."""
    added = False
    by_region = {ld.region_code: ld for ld in session.scalars(select(Landsdel))}
    for order, ref in enumerate(LANDSDELE):
        if ref.region_code not in by_region:
            landsdel = Landsdel(
                key=ref.key, name=ref.name, region_code=ref.region_code,
                region_name=ref.region_name, sort_order=order,
            )
            session.add(landsdel)
            by_region[ref.region_code] = landsdel
            added = True
    session.flush()
    known = set(session.scalars(select(Municipality.code)))
    for ref in read_municipalities():
        if ref.code not in known:
            session.add(Municipality(
                code=ref.code, name=ref.name, iso_code=ref.iso_code,
                landsdel_id=by_region[ref.region_code].id,
            ))
            added = True
    programmes = set(session.scalars(select(Programme.code)))
    for order, (code, name_da, name_en) in enumerate(CORE_PROGRAMMES):
        if code not in programmes:
            session.add(Programme(code=code, name_da=name_da, name_en=name_en,
                                  kind=ProgrammeKind.REGIONAL, sort_order=order))
            added = True
    from portfolio.catalogue import load_catalogue  # imported here: it builds on this module's neighbours

    _, components_added = load_catalogue(session)
    return added or components_added > 0


def landsdel_by_name(session: Session, text: str) -> Landsdel | None:
    """Find a landsdel from how people write it: "Syd", "syddanmark", "Region Sjælland", "1083"."""
    wanted = _fold(text)
    for landsdel in session.scalars(select(Landsdel)):
        names = {_fold(landsdel.key), _fold(landsdel.name), _fold(landsdel.region_name),
                 _fold(landsdel.region_name.removeprefix("Region ")), str(landsdel.region_code)}
        if wanted in names:
            return landsdel
    return None


_ALIASES = {"nordjylland": "nord", "midtjylland": "midt", "syddanmark": "syd",
            "hovedstadsregionen": "hovedstaden", "sjaelland": "sjaelland"}


def _fold(text: str) -> str:
    folded = (text.strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
              .removeprefix("region ").replace(" ", ""))
    return _ALIASES.get(folded, folded)
