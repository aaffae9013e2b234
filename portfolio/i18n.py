"""Danish and English: messages, enum labels, and Danish-style dates and numbers (Babel)."""

from __future__ import annotations

import datetime as dt
import importlib
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from portfolio.domain import ComponentKind, MilestoneHealth, MilestoneStatus, Phase, ProjectState, Rag
from portfolio.personal_data import mask_cpr

LANGUAGES = ("da", "en")
_LOCALES = {"da": "da_DK", "en": "en_GB"}

LABELS: dict[StrEnum, tuple[str, str]] = {
    Rag.GREEN: ("Grøn", "Green"),
    Rag.AMBER: ("Gul", "Amber"),
    Rag.RED: ("Rød", "Red"),
    MilestoneStatus.DONE: ("Afsluttet", "Done"),
    MilestoneStatus.PAUSED: ("Sat på pause", "Paused"),
    MilestoneHealth.DONE: ("Afsluttet", "Done"),
    MilestoneHealth.ON_TRACK: ("På sporet", "On track"),
    MilestoneHealth.AT_RISK: ("I risiko", "At risk"),
    MilestoneHealth.LATE: ("Forsinket", "Late"),
    MilestoneHealth.PAUSED: ("Sat på pause", "Paused"),
    Phase.DEVELOPMENT: ("Udvikling", "Development"),
    Phase.ACCEPTANCE_TEST: ("Overtagelsesprøve", "Acceptance test"),
    Phase.PILOT: ("Pilot", "Pilot"),
    Phase.PRODUCTION: ("Drift", "Production"),
    ComponentKind.GATEWAY: ("Gateway", "Gateway"),
    ComponentKind.MODULE: ("Modul", "Module"),
    ComponentKind.SOLUTION: ("Løsning", "Solution"),
    ComponentKind.INTEGRATION: ("Integration", "Integration"),
    ProjectState.ACTIVE: ("Aktiv", "Active"),
    ProjectState.PAUSED: ("Sat på pause", "Paused"),
    ProjectState.CLOSED: ("Afsluttet", "Closed"),
}
# MilestoneStatus GREEN/AMBER/RED share their values with Rag: label them the same way.
for _status in (MilestoneStatus.GREEN, MilestoneStatus.AMBER, MilestoneStatus.RED):
    LABELS[_status] = LABELS[Rag(_status.value)]

# Never colour alone: every RAG carries a symbol too. The colours are portfolio.palette.RAG_COLOUR.
RAG_SYMBOL = {Rag.GREEN: "●", Rag.AMBER: "▲", Rag.RED: "■"}


def label(value: StrEnum, lang: str) -> str:
    da, en = LABELS.get(value, (str(value), str(value)))
    return en if lang == "en" else da


def rag_badge(rag: Rag | str | None, lang: str) -> str:
    if rag is None:
        return "–"
    rag = Rag(rag)
    return f"{RAG_SYMBOL[rag]} {label(rag, lang)}"


def format_date(value: dt.date | None, lang: str, fmt: str = "long") -> str:
    """Dates as the users write them: "8. september 2022" (long) or "08.09.2022" (short)."""
    if value is None:
        return "–"
    return _formatted_date(value, lang, fmt)


@lru_cache(maxsize=8192)  # charts label thousands of points with a few hundred distinct dates; Babel is slow
def _formatted_date(value: dt.date, lang: str, fmt: str) -> str:
    if lang == "en":
        return _babel_date(value, format="d MMMM y" if fmt == "long" else "dd/MM/y", locale="en_GB")
    return _babel_date(value, format="d. MMMM y" if fmt == "long" else "dd.MM.y", locale="da_DK")


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return _formatted_number(value, lang, decimals)


@lru_cache(maxsize=8192)  # a page labels its tiles, charts and tables with a few hundred distinct counts
def _formatted_number(value: float | int, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_LOCALES.get(lang, "da_DK"))


def format_share(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    return _formatted_share(value, lang)


@lru_cache(maxsize=4096)
def _formatted_share(value: float, lang: str) -> str:
    return format_percent(value, format="#,##0 %", locale=_LOCALES.get(lang, "da_DK"))


def register_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Feature packages add their own (Danish, English) messages at import time."""
    clash = set(messages) & set(MESSAGES)
    if clash:
        raise ValueError(f"message keys defined twice: {sorted(clash)}")
    MESSAGES.update(messages)


def catalogue_modules() -> list[str]:
    """Every wing's message catalogue: the modules of portfolio/ named ``messages.py`` or ``*_messages.py``."""
    root = Path(__file__).resolve().parent
    return [".".join((root.name, *path.relative_to(root).with_suffix("").parts))
            for path in sorted(root.rglob("*messages.py")) if "migrations" not in path.parts]


@lru_cache(maxsize=1)
def load_catalogues() -> None:
    """Register every catalogue once (a wing's messages are in its ``messages.py``; nobody imports it for that)."""
    for name in catalogue_modules():
        importlib.import_module(name)


def t(key: str, lang: str, **values: object) -> str:
    """Look up a message; unknown keys are a programming error and fail loudly in tests."""
    if key not in MESSAGES:
        load_catalogues()
    da, en = MESSAGES[key]
    text = en if lang == "en" else da
    if not values:
        return text
    return mask_cpr(text.format(**values))  # a message never echoes a CPR number, whatever its values hold


MESSAGES: dict[str, tuple[str, str]] = {
    # CLI
    "cli.init.done": ("Databasen er klar (skema {revision}): {url}", "The store is ready (schema {revision}): {url}"),
    "cli.init.reference_loaded": ("Referencedata indlæst: 5 landsdele, 98 kommuner, KOL og hjertesvigt, FUT-kataloget.", "Reference data loaded: 5 landsdele, 98 municipalities, KOL and heart failure, the FUT catalogue."),
    "cli.demo.loaded": ("Demodata indlæst ({plans} planversioner, {milestones} milepæle).", "Demo data loaded ({plans} plan versions, {milestones} milestones)."),
    "cli.demo.present": ("Databasen har allerede data; demodata blev ikke indlæst igen. Intet er ændret.", "The store already holds data; demo data was not loaded again. Nothing changed."),
    "cli.demo.refused": ("Databasen indeholder allerede rigtige data; demodata indlæses kun i en tom database.", "The store already holds real data; demo data is only loaded into an empty store."),
    "cli.error.database": ("Databasen kan ikke nås: {error}", "The database cannot be reached: {error}"),
    "cli.error.not_initialised": ("Databasen er ikke oprettet. Kør først: portfolio init", "The store has not been created. Run first: portfolio init"),
    "cli.error.unexpected": ("Uventet fejl: {error}", "Unexpected error: {error}"),
    # UI: common
    "app.title": ("Telemedicin – porteføljeoverblik", "Telemedicine – portfolio overview"),
    "app.demo_banner": ("DEMODATA: Tallene er opdigtede og fortæller historien fra referaterne. De er ikke rigtige data.",
                        "DEMO DATA: the figures are invented to tell the story of the minutes. They are not real data."),
    "sidebar.language": ("Sprog", "Language"),
    "sidebar.programme": ("Program", "Programme"),
    "sidebar.landsdele": ("Landsdele", "Landsdele (regions)"),
    "sidebar.choose": ("Vælg…", "Choose…"),
    "filter.all": ("Alle (vælg for at afgrænse)", "All (choose to narrow)"),
    "sidebar.as_of": ("Status pr.", "Status as of"),
    "nav.overview": ("Overblik", "Overview"),
    "empty.store": ("Der er endnu ingen data i porteføljen. Indlæs demodata med `portfolio demo`, eller importér landsdelenes milepælsplaner.",
                    "The portfolio holds no data yet. Load the demo data with `portfolio demo`, or import the landsdele's milestone plans."),
    "empty.selection": ("Der er ingen data for det valgte program og de valgte landsdele pr. {as_of}.",
                        "There is no data for the chosen programme and landsdele as of {as_of}."),
    # Overview
    "overview.title": ("Overblik: {programme}", "Overview: {programme}"),
    "overview.as_of": ("Status pr. {as_of}, ud fra den seneste milepælsplan fra hver landsdel indsendt senest den dag.",
                       "Status as of {as_of}, from each landsdel's latest milestone plan submitted by that day."),
    "overview.national": ("Hele landet", "National total"),
    "overview.included": ("Aktive borgere", "Active citizens"),
    "overview.target": ("Mål", "Target"),
    "overview.target_group": ("Målgruppe", "Target group"),
    "overview.of_target": ("af målet pr. {due}", "of the target due {due}"),
    "overview.of_group": ("af målgruppen", "of the target group"),
    "overview.no_plan": ("Ingen milepælsplan indsendt", "No milestone plan submitted"),
    "overview.plan_received": ("Plan v{version} modtaget {date}", "Plan v{version} received {date}"),
    "overview.reported_rag": ("Landsdelens egen status", "Status reported by the landsdel"),
    "overview.milestones": ("Milepæle", "Milestones"),
    "overview.next": ("Næste milepæl", "Next milestone"),
    "overview.none_next": ("Ingen åbne milepæle", "No open milestones"),
    "overview.national_projects": ("Andre nationale projekter", "Other national projects"),
    "overview.enrolled": ("{n} indskrevet", "{n} enrolled"),
    "overview.chart_title": ("Milepæle pr. landsdel", "Milestones per landsdel"),
    "overview.inclusion_chart_title": ("Aktive borgere mod mål pr. landsdel", "Active citizens against target per landsdel"),
    "overview.fut_strip": ("FUT-infrastruktur", "FUT infrastructure"),
}
