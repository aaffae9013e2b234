"""One word per concept: the glossary the Danish (and English) UI, exports and messages keep to.

The users' own words (docs of the steering group, /work/shared/glossary.md) decide. Each concept has one Danish and
one English word; the Danish words listed as ``avoid`` name the same thing and must not appear in any message
(tests/test_glossary.py reads every registered message). Also here: the plain-language names of the import fields,
so a header-mapping list or an import diff never shows a field key (``code``, ``is_key``, ``depends_on``) or a raw
enum value (``amber``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portfolio.domain import MilestoneStatus, Rag
from portfolio.i18n import format_date, label, register_messages, t


@dataclass(frozen=True)
class Term:
    da: str
    en: str
    avoid: tuple[str, ...] = ()  # Danish synonyms that would make one thing look like two


GLOSSARY: dict[str, Term] = {
    "snapshot": Term("snapshot", "snapshot", ("øjebliksbillede", "øjebliksbilleder")),
    "freeze": Term("fastfryse", "freeze"),
    "milestone": Term("milepæl", "milestone"),
    "key_milestone": Term("nøglemilepæl", "key milestone"),
    "baseline": Term("baseline", "baseline", ("oprindelig dato",)),
    "forecast": Term("prognose", "forecast", ("forventet dato", "forventet drift", "forventet pilot")),
    "actual": Term("faktisk dato", "actual date"),
    "reported_rag": Term("landsdelens egen status", "status reported by the landsdel"),
    "derived_rag": Term("afledt status", "derived status", ("beregnet status",)),
    "landsdel": Term("landsdel", "landsdel"),
    "since_last": Term("siden sidst", "since last time"),
    "annex": Term("bilag", "annex"),
    "status_pack": Term("statuspakke", "status pack"),
    "audit_log": Term("revisionslog", "audit log", ("auditlog", "audit-log")),
    "active_citizens": Term("aktive borgere", "active citizens"),
    "target_group": Term("målgruppe", "target group"),
    "status_date": Term("status pr.", "status as of"),
    "no_data": Term("ingen data", "no data"),
}

FIELD_MESSAGES: dict[str, tuple[str, str]] = {
    "import.field.code": ("Milepæls-ID", "Milestone ID"),
    "import.field.title": ("Milepæl (titel)", "Milestone (title)"),
    "import.field.category": ("Kategori", "Category"),
    "import.field.owner": ("Ansvarlig", "Owner"),
    "import.field.is_key": ("Nøglemilepæl (ja/nej)", "Key milestone (yes/no)"),
    "import.field.baseline": ("Baseline", "Baseline"),
    "import.field.forecast": ("Prognose", "Forecast"),
    "import.field.actual": ("Faktisk dato", "Actual date"),
    "import.field.status": ("Status (RAG)", "Status (RAG)"),
    "import.field.depends_on": ("Afhænger af", "Depends on"),
    "import.field.comment": ("Bemærkning", "Comment"),
    "import.field.month": ("Måned", "Month"),
    "import.field.municipality": ("Kommune", "Municipality"),
    "import.field.new_inclusions": ("Nye inklusioner", "New inclusions"),
    "import.field.active_citizens": ("Aktive borgere", "Active citizens"),
    "import.field.dropouts": ("Frafald", "Drop-outs"),
    "import.field.due_date": ("Måldato", "Due date"),
    "import.field.target_count": ("Mål (antal borgere)", "Target (citizens)"),
    "import.field.landsdel": ("Landsdel", "Landsdel"),
    "import.field.programme": ("Program", "Programme"),
    "import.field.submitted_on": ("Indsendt dato", "Submitted on"),
    "import.field.reported_rag": ("Landsdelens egen status", "Status reported by the landsdel"),
    "import.field.target_group_size": ("Målgruppens størrelse", "Target group size"),
    "import.field.unchosen": ("(vælg et felt)", "(choose a field)"),
    "import.field.ignore": ("(ignorér kolonnen)", "(ignore the column)"),
}
register_messages(FIELD_MESSAGES)


def term(concept: str, lang: str) -> str:
    entry = GLOSSARY[concept]
    return entry.en if lang == "en" else entry.da


def field_label(field: str, lang: str) -> str:
    """A field key ("depends_on") as the user's word ("Afhænger af"); an unknown key is shown as it is."""
    key = f"import.field.{field or 'unchosen'}"
    return t(key, lang) if f"{key}" in FIELD_MESSAGES else field


def field_value(field: str, value: str, lang: str) -> str:
    """A stored value as the user reads it: statuses by their label, ISO dates Danish style, nothing as "–"."""
    if value in (None, ""):
        return "–"
    if field == "status":
        for enum in (MilestoneStatus, Rag):
            try:
                return label(enum(value), lang)
            except ValueError:
                continue
    try:
        return format_date(dt.date.fromisoformat(value), lang, "short")
    except (TypeError, ValueError):
        return str(value)
