"""Header synonyms, Danish and English, and the normalisation that makes them match.

``header_key("Milepæl ID:")`` -> "milepaelid": lower case, æøå folded, everything but
letters and digits dropped. A landsdel's own headers, mapped by hand on the import page,
are stored under the same key (``ImportMapping.header_key``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SHEET_KINDS = ("milestones", "inclusion", "targets", "info")

# Fields per sheet kind; the first synonym is the template's header.
MILESTONE_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("ID", "Nr.", "Nr", "Milepæl ID", "Milepæls-ID", "Milepælsnr", "Milepæl nr", "Milestone ID", "No.",
             "Number", "Ref", "Reference", "Løbenummer", "Id nr"),
    "title": ("Milepæl", "Milepæle", "Aktivitet", "Titel", "Title", "Milestone", "Activity", "Beskrivelse",
              "Description", "Opgave", "Task", "Navn", "Name", "Leverance", "Deliverable"),
    "category": ("Kategori", "Category", "Fase", "Phase", "Spor", "Workstream", "Indsatsområde", "Område", "Type"),
    "owner": ("Ansvarlig", "Owner", "Responsible", "Ejer", "Ansvar"),
    "is_key": ("Nøglemilepæl", "Key milestone", "Key", "Nøgle", "Vigtig", "Kritisk", "Critical"),
    "baseline": ("Baseline", "Planlagt dato", "Oprindelig dato", "Baseline date", "Baselinedato", "Planlagt",
                 "Planned", "Planned date", "Original date", "Oprindelig plan", "Oprindeligt planlagt"),
    "forecast": ("Forventet dato", "Prognose", "Ny dato", "Forecast date", "Forecast", "Forventet",
                 "Expected date", "Expected", "Revideret dato", "Revised date", "Aktuel plan", "Nuværende dato"),
    "actual": ("Faktisk dato", "Afsluttet dato", "Actual date", "Actual", "Faktisk", "Afsluttet", "Completed",
               "Completion date", "Done date", "Gennemført", "Gennemført dato", "Dato for afslutning"),
    "status": ("Status", "Farve", "RAG", "Statusfarve", "Trafiklys", "Colour", "Color", "RAG status"),
    "depends_on": ("Afhænger af", "Depends on", "Afhængighed", "Afhængigheder", "Dependencies", "Dependency",
                   "Forudsætning", "Forudsætninger", "Prerequisite"),
    "comment": ("Bemærkning", "Kommentar", "Notes", "Note", "Bemærkninger", "Kommentarer", "Comment", "Comments",
                "Noter", "Remarks"),
}

INCLUSION_FIELDS: dict[str, tuple[str, ...]] = {
    "month": ("Måned", "Month", "Periode", "Period", "Dato", "Date", "Md", "Mdr"),
    "municipality": ("Kommune", "Municipality", "Kommunenavn", "Kommunekode", "Municipality code", "Kommune nr",
                     "Kommunenr"),
    "new_inclusions": ("Nye inklusioner", "Nye", "New inclusions", "Inkluderede", "Inkluderet", "Antal inkluderede",
                       "Nye borgere", "Included", "New", "Inklusioner", "Inklusion", "Antal nye", "Nyinkluderede"),
    "active_citizens": ("Aktive borgere", "Aktive", "Active citizens", "Active", "I forløb", "Borgere i forløb",
                        "Aktive forløb"),
    "dropouts": ("Frafald", "Dropouts", "Dropout", "Udgået", "Afsluttede forløb", "Udmeldt", "Udmeldte"),
}

TARGET_FIELDS: dict[str, tuple[str, ...]] = {
    "due_date": ("Dato", "Frist", "Due date", "Date", "Deadline", "Tidspunkt", "Skæringsdato", "Måldato"),
    "target_count": ("Mål", "Target", "Antal", "Target count", "Mål antal", "Målsætning", "Forventet antal",
                     "Borgere", "Citizens"),
}

INFO_FIELDS: dict[str, tuple[str, ...]] = {
    "landsdel": ("Landsdel", "Region", "Landsdelsprogram", "Landsdelsprogrammet"),
    "programme": ("Program", "Programme", "Program kode", "Indsats", "Sygdomsområde", "Projekt", "Project"),
    "submitted_on": ("Indsendt", "Submitted", "Indsendt dato", "Dato for indsendelse", "Submission date",
                     "Opdateret", "Updated", "Status pr", "Status per", "Status as of"),
    "reported_rag": ("Samlet status", "Overall status", "Samlet vurdering", "Status for landsdelen", "Overall RAG"),
    "target_group_size": ("Målgruppe", "Target group", "Target group size", "Målgruppens størrelse",
                          "Størrelse af målgruppe"),
}

FIELDS_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    "milestones": MILESTONE_FIELDS,
    "inclusion": INCLUSION_FIELDS,
    "targets": TARGET_FIELDS,
    "info": INFO_FIELDS,
}

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "milestones": ("Milepæle", "Milepæl", "Milepælsplan", "Milestones", "Milestone plan", "Plan", "Tidsplan",
                   "Milepaele"),
    "inclusion": ("Inklusion", "Inclusion", "Inklusioner", "Inklusionstal", "Borgere", "Inclusions", "Enrolment"),
    "targets": ("Mål", "Targets", "Målsætninger", "Måltal", "Target"),
    "info": ("Info", "Information", "Forside", "Stamdata", "Oplysninger", "Cover"),
}

IGNORE = "ignore"  # a mapping to this field means: the column is known and not imported

TOTAL_WORDS = {"total", "ialt", "sum", "samlet", "totalt", "grandtotal", "hovedtotal", "summa"}


def header_key(text: object) -> str:
    if text is None:
        return ""
    return _key(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=16_384)  # a plan repeats its statuses, months and municipality names thousands of times
def _key(text: str) -> str:
    value = text.strip().lower()
    value = value.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", value)[:200]


def _index(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, synonyms in fields.items():
        out.setdefault(header_key(field), field)
        for synonym in synonyms:
            out.setdefault(header_key(synonym), field)
    return out


_INDEX = {kind: _index(fields) for kind, fields in FIELDS_BY_KIND.items()}
_SHEET_INDEX = {header_key(name): kind for kind, names in SHEET_NAMES.items() for name in names}


def field_for(kind: str, header: object, extra: dict[str, str] | None = None) -> str | None:
    """The field a header names on a sheet of this kind, or None when not recognised."""
    key = header_key(header)
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    return _INDEX[kind].get(key)


def sheet_kind_for(name: str) -> str | None:
    key = header_key(name)
    if key in _SHEET_INDEX:
        return _SHEET_INDEX[key]
    # "Milepæle KOL", "Inklusion 2023": the sheet name starts with a known word
    for known, kind in sorted(_SHEET_INDEX.items(), key=lambda kv: -len(kv[0])):
        if len(known) >= 4 and key.startswith(known):
            return kind
    return None


def is_total(value: object) -> bool:
    return header_key(value) in TOTAL_WORDS
