"""The closed list of organisations that present items, attend, and own follow-up actions (reference data).

The migration that creates the table loads this list; :func:`ensure_organisations` adds any missing row later
(e.g. a store migrated before an organisation was added here). Owners are matched by key, name or alias,
case-insensitively and with æ/ø/å folded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class OrganisationRef:
    key: str
    name_da: str
    name_en: str
    landsdel_key: str | None = None
    aliases: tuple[str, ...] = ()


ORGANISATIONS: tuple[OrganisationRef, ...] = (
    OrganisationRef("nord", "Landsdel Nord", "Landsdel Nord", "nord",
                    ("nord", "region nordjylland", "nordjylland", "telecare nord")),
    OrganisationRef("midt", "Landsdel Midt", "Landsdel Midt", "midt", ("midt", "region midtjylland", "midtjylland")),
    OrganisationRef("syd", "Landsdel Syd", "Landsdel Syd", "syd", ("syd", "region syddanmark", "syddanmark")),
    OrganisationRef("hovedstaden", "Landsdel Hovedstaden", "Landsdel Hovedstaden", "hovedstaden",
                    ("hovedstaden", "region hovedstaden")),
    OrganisationRef("sjaelland", "Landsdel Sjælland", "Landsdel Sjælland", "sjaelland",
                    ("sjælland", "region sjælland")),
    OrganisationRef("fut", "FUT-programmet", "The FUT programme", None, ("fut", "fut-programmet", "fut programme")),
    OrganisationRef("kl", "KL", "KL (Local Government Denmark)", None, ("kl", "kommunernes landsforening")),
    OrganisationRef("danske_regioner", "Danske Regioner", "Danish Regions", None, ("danske regioner", "dr")),
    OrganisationRef("sum", "Sundhedsministeriet", "Ministry of Health", None,
                    ("sundhedsministeriet", "sum", "ministeriet", "the ministry")),
    OrganisationRef("sds", "Sundhedsdatastyrelsen", "Danish Health Data Authority", None,
                    ("sundhedsdatastyrelsen", "sds")),
    OrganisationRef("sekretariatet", "Sekretariatet", "The secretariat", None, ("sekretariatet", "sekretariat")),
    OrganisationRef("styregruppen", "Porteføljestyregruppen", "The portfolio steering group", None,
                    ("porteføljestyregruppen", "styregruppen")),
    OrganisationRef("formandskabet", "Formandskabet", "The chair", None, ("formandskabet", "formand")),
    OrganisationRef("pro_sekretariatet", "PRO-sekretariatet", "The PRO secretariat", None,
                    ("pro-sekretariatet", "pro")),
    OrganisationRef("cimt", "Center for innovativ medicinsk teknologi", "Centre for Innovative Medical Technology",
                    None, ("cimt",)),
)


def fold(text: str) -> str:
    return " ".join((text or "").strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
                    .replace("_", " ").split())


def match_organisation(text: str) -> OrganisationRef | None:
    """The organisation ``text`` names (key, Danish or English name, or an alias), or None."""
    wanted = fold(text)
    if not wanted:
        return None
    for org in ORGANISATIONS:
        if wanted in {fold(org.key), fold(org.name_da), fold(org.name_en), *(fold(a) for a in org.aliases)}:
            return org
    return None


def ensure_organisations(session: Session) -> int:
    """Add the organisations the store lacks; returns how many were added."""
    from portfolio.meetings.models import Organisation

    present = set(session.scalars(select(Organisation.key)))
    added = 0
    for order, org in enumerate(ORGANISATIONS):
        if org.key not in present:
            session.add(Organisation(key=org.key, name_da=org.name_da, name_en=org.name_en,
                                     landsdel_key=org.landsdel_key, sort_order=order))
            added += 1
    return added
