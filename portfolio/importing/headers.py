"""Header synonyms, Danish and English, and the normalisation that makes them match.

``header_key("Milepæl ID:")`` -> "milepaelid": lower case, æøå folded, everything but
letters and digits dropped. A landsdel's own headers, mapped by hand on the import page,
are stored under the same key (``ImportMapping.header_key``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from portfolio.models import LABEL_WIDTH
from portfolio.text import clip

KEY_WIDTH = LABEL_WIDTH  # ImportMapping.header_key

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
    "target_group_size": ("Målgruppe", "Target group", "Target group size", "Målgruppens størrelse"),
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
    return clip(re.sub(r"[^0-9a-z]", "", value), KEY_WIDTH)


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
    """The field a header names on a sheet of this kind, or None when not recognised: a landsdel's own mapping,
    then the synonyms above, then the vocabulary of word stems below."""
    key = header_key(header)
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    found = _INDEX[kind].get(key)
    if found is None and kind in STEMS:
        found = _by_stems(kind, header if isinstance(header, str) else str(header))
    return found


# --- the vocabulary: meanings from word stems, Danish and English -------------------------------------------------
#
# A rule is a tuple of stems that must all occur among a header's words; a stem of three letters or fewer must be
# a whole word ("ny", "id"), a longer one starts a word or, from five letters, occurs inside one (compounds:
# "Nyinkluderede"). Among the rules that match, the longest (most letters of stems) decides; two fields tied
# decide nothing. A veto stem rules a field out ("Inkluderet i alt" is no monthly count).

Rule = tuple[str, ...]

STEMS: dict[str, dict[str, tuple[list[Rule], tuple[str, ...]]]] = {
    "milestones": {
        "code": ([("id",), ("nr",), ("nummer",), ("no",), ("ref",), ("loebenr",), ("milepael", "id"),
                  ("milepael", "nr"), ("milestone", "id"), ("milestone", "no"), ("aktivitet", "id"),
                  ("milepaelsnr",), ("milepaelsnummer",)], ()),
        "title": ([("milepael",), ("milestone",), ("aktivitet",), ("activit",), ("titel",), ("title",),
                   ("beskrivelse",), ("description",), ("opgave",), ("task",), ("navn",), ("name",),
                   ("leverance",), ("deliverable",)], ("dato", "date")),
        "category": ([("kategori",), ("category",), ("fase",), ("phase",), ("spor",), ("workstream",),
                      ("indsatsomraade",), ("omraade",), ("type",), ("tema",), ("gruppe",), ("arbejdsspor",),
                      ("delprojekt",)], ()),
        "owner": ([("ansvar",), ("owner",), ("responsib",), ("ejer",), ("lead",)], ()),
        "is_key": ([("noegle",), ("key",), ("kritisk",), ("critical",), ("noegle", "milepael"),
                    ("key", "milestone"), ("vigtig",)], ()),
        "baseline": ([("oprindelig",), ("baseline",), ("planlagt",), ("planned",), ("original",), ("opr",),
                      ("oprindelig", "plan"), ("godkendt", "plan"), ("approved",)], ("status",)),
        "forecast": ([("forvent",), ("prognose",), ("forecast",), ("expected",), ("revider",), ("revised",),
                      ("aktuel",), ("ny", "dato"), ("ny", "slutdato"), ("current",), ("estimat",), ("nuvaerende",),
                      ("justeret",), ("aktuel", "forventning"), ("new", "date"), ("expected", "completion")],
                     ("status",)),
        "actual": ([("faktisk",), ("actual",), ("afsluttet",), ("gennemfoer",), ("completed",), ("completion",),
                    ("done",), ("faerdig",), ("realiseret",), ("opnaaet",), ("leveret",), ("slutdato", "faktisk")],
                   ("forvent", "planlagt", "status", "expected", "planned")),
        "status": ([("status",), ("farve",), ("rag",), ("trafiklys",), ("colour",), ("color",), ("vurdering",),
                    ("assessment",), ("tilstand",), ("statusfarve",), ("status", "vurdering")], ()),
        "depends_on": ([("afhaeng",), ("depend",), ("forudsaet",), ("prerequisit",), ("fut", "komponent"),
                        ("afhaengighed",)], ()),
        "comment": ([("bemaerk",), ("kommentar",), ("note",), ("comment",), ("remark",), ("noter",), ("uddyb",),
                     ("forklaring",), ("explanation",)], ()),
    },
    "inclusion": {
        "month": ([("maaned",), ("month",), ("periode",), ("period",), ("md",), ("mdr",), ("dato",), ("date",),
                   ("opgoerelse", "maaned")],
                  ("inklu", "inclu", "enrol", "nye", "ny", "new", "aktiv", "active", "frafald", "antal", "tilgang")),
        "municipality": ([("kommune",), ("municipal",), ("kommunekode",), ("kommunenavn",), ("kommunenr",)], ()),
        "new_inclusions": ([("ny",), ("nye",), ("new",), ("inklu",), ("inclu",), ("enrol",), ("tilgang",),
                            ("tilgaaet",), ("rekrutt",), ("recruit",), ("nyinklu",), ("antal", "nye"),
                            ("nye", "borgere"), ("startet",), ("opstartet",), ("started",)],
                           ("akkumul", "kumul", "cumul", "samlet", "total", "ialt", "dato", "date", "aktiv", "active",
                            "frafald", "udgaa", "maal", "target")),
        "active_citizens": ([("aktiv",), ("active",), ("forloeb",), ("i", "forloeb"), ("igangvaerende",),
                             ("ongoing",), ("current", "patients"), ("aktive", "i", "alt")],
                            ("afslut", "frafald", "udgaa", "ny", "nye", "new")),
        "dropouts": ([("frafald",), ("dropout",), ("drop",), ("udgaa",), ("udmeld",), ("withdraw",), ("ophoer",),
                      ("stoppet",), ("afslut", "forloeb"), ("afsluttede",), ("udskrevet",), ("discontinu",),
                      ("left",)], ()),
    },
    "targets": {
        "due_date": ([("dato",), ("date",), ("frist",), ("deadline",), ("tidspunkt",), ("skaering",), ("maaldato",),
                      ("senest",), ("due",), ("maal", "dato"), ("target", "date"), ("periode",), ("maaned",),
                      ("month",), ("aar",), ("year",)], ()),
        "target_count": ([("maal",), ("target",), ("antal",), ("maalsaetning",), ("forventet", "antal"),
                          ("borgere",), ("citizens",), ("akkumul",), ("cumulat",), ("inklu",), ("maaltal",)],
                         ("dato", "date", "gruppe", "group")),
        "target_group_size": ([("maalgruppe",), ("target", "group"), ("population",), ("maalgruppen",),
                               ("stoerrelse", "maalgruppe")], ("dato", "date")),
    },
}

_MAX_STEM_WORDS = 7


def words_of(text: str) -> list[str]:
    """Folded words: "Nye inkluderede (antal)" -> ["nye", "inkluderede", "antal"]."""
    value = text.strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return [w for w in re.split(r"[^0-9a-z]+", value) if w]


def _has(words: list[str], stem: str) -> bool:
    if len(stem) <= 3:
        return stem in words
    return any(w.startswith(stem) or (len(stem) >= 5 and stem in w) for w in words)


@lru_cache(maxsize=4096)
def _by_stems(kind: str, header: str) -> str | None:
    words = words_of(header)
    if not words or len(words) > _MAX_STEM_WORDS:
        return None
    best: dict[str, int] = {}
    for name, (rules, vetoes) in STEMS[kind].items():
        if any(_has(words, veto) for veto in vetoes):
            continue
        for rule in rules:
            if all(_has(words, stem) for stem in rule):
                best[name] = max(best.get(name, 0), sum(len(stem) for stem in rule))
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two meanings as likely: the user maps it
    return ranked[0][0]


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
