"""Demo data that tells the story of the steering group's minutes (2 Feb and 8 Sep 2022).

Deterministic: the same rows on every run (a seeded generator, fixed timestamps).
Invented figures of plausible magnitude, labelled as demo data everywhere they show.

The story: the five landsdele resubmit their KOL milestone plans monthly from January
2022 to the 8 September 2022 meeting. Milestones that hang on the FUT infrastructure
slip month by month (the KOL-hjerteløsning reaches pilot only at the turn of the year,
the integrations are not in place), inclusion runs below target, and by September no
landsdel expects full inclusion by the end of 2023. Nord, with TeleCare Nord's existing
solution, is ahead. Heart failure is at an earlier stage; two other national projects
from the board minutes report status only.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.audit import sha256
from portfolio.auth.permissions import Action, require
from portfolio.baselines.demo import load_baseline_demo, move_baselines
from portfolio.catalogue import load_catalogue, read_catalogue
from portfolio.db import unit_of_work
from portfolio.domain import (
    DatePrecision,
    MilestoneStatus,
    Phase,
    ProgrammeKind,
    ProjectState,
    Rag,
    RiskState,
)
from portfolio.feed.parse import FeedEntry
from portfolio.feed.service import content_hash
from portfolio.i18n import format_date
from portfolio.inventory import DEMO_ACTION, holds_portfolio_data, is_demo_store
from portfolio.meetings.demo import load_meeting_demo
from portfolio.models import (
    Component,
    ComponentStatus,
    InclusionCount,
    Landsdel,
    Milestone,
    MilestoneDependency,
    Municipality,
    PlanVersion,
    Programme,
    ProgrammeStatus,
    Risk,
    TargetPoint,
    TargetSet,
)
from portfolio.months import end_of_month, end_of_month_after, month_starts
from portfolio.population import inhabitants
from portfolio.risks.demo import load_risk_demo

DEMO_ACTOR = "demo"
DEMO_SOURCE = "Demodata (opdigtet)"
MEETING_DATE = dt.date(2022, 9, 8)

KOL_SUBMISSIONS = [dt.date(2022, m, d) for m, d in
                   ((1, 10), (2, 7), (3, 7), (4, 4), (5, 9), (6, 7), (7, 4), (8, 8), (9, 1))]
HF_SUBMISSIONS = KOL_SUBMISSIONS[5:]

# Target group sizes (målgruppe): Syddanmark's public figure, the others scaled by population.
KOL_TARGET_GROUP = {"nord": 900, "midt": 2000, "syd": 2325, "hovedstaden": 2900, "sjaelland": 1300}
HF_TARGET_GROUP = {"nord": 600, "midt": 1250, "syd": 1400, "hovedstaden": 1900, "sjaelland": 850}
KOL_TARGET_SHARES = ((dt.date(2022, 6, 30), 0.25), (dt.date(2022, 12, 31), 0.45),
                     (dt.date(2023, 6, 30), 0.70), (dt.date(2023, 12, 31), 1.0))
# Nord started early on TeleCare Nord's solution, so its own target line starts high: it is ahead of the others,
# and still a little behind its own line (no landsdel is on target; none reaches full inclusion by the end of 2023).
KOL_TARGET_SHARES_BY_LANDSDEL = {
    "nord": ((dt.date(2021, 12, 31), 0.55), (dt.date(2022, 6, 30), 0.65), (dt.date(2022, 12, 31), 0.80),
             (dt.date(2023, 12, 31), 1.0)),
}
HF_TARGET_SHARES = ((dt.date(2024, 12, 31), 0.5), (dt.date(2025, 12, 31), 1.0))


class DemoOutcome(StrEnum):
    LOADED = "loaded"
    ALREADY_LOADED = "already_loaded"
    REFUSED = "refused"


@dataclass(frozen=True)
class DemoResult:
    outcome: DemoOutcome
    plan_versions: int = 0
    milestones: int = 0


# --- FUT components and their status history, as the minutes report it --------------------

# The components are the national FUT catalogue (data/fut_catalogue.toml), which `portfolio init` loads.
COMPONENTS = read_catalogue()

D = dt.date
# (component, date, phase, rag, note, pilot forecast, production forecast)
STATUS_HISTORY: tuple[tuple[str, dt.date, Phase, Rag, str, dt.date | None, dt.date | None], ...] = (
    ("KL_GATEWAY", D(2021, 10, 1), Phase.DEVELOPMENT, Rag.GREEN, "Udvikling af kommunal gateway.", D(2022, 3, 31), D(2022, 5, 31)),
    ("KL_GATEWAY", D(2022, 2, 2), Phase.ACCEPTANCE_TEST, Rag.AMBER,
     "Overtagelsesprøve. Stort tryk og trafik på infrastrukturen.", D(2022, 4, 30), D(2022, 6, 30)),
    ("KL_GATEWAY", D(2022, 4, 20), Phase.PILOT, Rag.GREEN, "Pilot med udvalgte kommuner.", None, D(2022, 6, 30)),
    ("KL_GATEWAY", D(2022, 6, 27), Phase.PRODUCTION, Rag.GREEN, "KL Gateway er gået i drift.", None, None),
    ("KL_GATEWAY", D(2022, 9, 8), Phase.PRODUCTION, Rag.GREEN,
     "I drift. Videreudviklingsbehov for kommunal gateway.", None, None),
    ("KAM", D(2022, 2, 2), Phase.DEVELOPMENT, Rag.AMBER,
     "Nyt modul på infrastrukturen; udvikles parallelt med KOL-løsningen.", D(2022, 5, 31), D(2022, 6, 30)),
    ("KAM", D(2022, 5, 16), Phase.ACCEPTANCE_TEST, Rag.AMBER, "Overtagelsesprøve.", None, D(2022, 7, 31)),
    ("KAM", D(2022, 7, 15), Phase.PRODUCTION, Rag.GREEN, "Sat i produktion hen over sommeren.", None, None),
    ("KAM", D(2022, 9, 8), Phase.PRODUCTION, Rag.GREEN, "Taget i brug af de relevante løsninger.", None, None),
    ("ADM_MODUL", D(2022, 3, 1), Phase.PILOT, Rag.GREEN, "Pilot.", None, D(2022, 6, 30)),
    ("ADM_MODUL", D(2022, 6, 20), Phase.PRODUCTION, Rag.GREEN, "Sat i drift.", None, None),
    ("ADM_MODUL", D(2022, 9, 8), Phase.PRODUCTION, Rag.AMBER,
     "Sat i drift og virker, men skal afprøves og vise sin funktionsduelighed i praksis.", None, None),
    ("K_PRO", D(2022, 2, 2), Phase.DEVELOPMENT, Rag.GREEN, "Udvikling.", D(2022, 6, 30), D(2022, 9, 30)),
    ("K_PRO", D(2022, 6, 15), Phase.DEVELOPMENT, Rag.AMBER,
     "Forsinket: infrastrukturen er kompleks og uafprøvet.", D(2022, 9, 1), D(2022, 12, 31)),
    ("K_PRO", D(2022, 8, 22), Phase.ACCEPTANCE_TEST, Rag.AMBER,
     "De første skridt i overtagelsesprøven.", D(2022, 9, 15), D(2022, 12, 31)),
    ("K_PRO", D(2022, 9, 8), Phase.PILOT, Rag.AMBER,
     "Pilotdrift fra september med et begrænset antal piloter; børnesygdomme forventes. "
     "Flere piloter og overtagelsesprøvens anden del i oktober.", D(2022, 9, 15), D(2022, 12, 31)),
    ("KOL_HJERTE", D(2022, 2, 2), Phase.DEVELOPMENT, Rag.GREEN,
     "Trifork har vundet udbuddet. MVP er signet af. Pilot og idriftsættelse forventes januar 2023.",
     D(2023, 1, 31), D(2023, 3, 31)),
    ("KOL_HJERTE", D(2022, 5, 2), Phase.DEVELOPMENT, Rag.GREEN, "4. sprint afsluttet.", D(2023, 1, 31), D(2023, 3, 31)),
    ("KOL_HJERTE", D(2022, 9, 8), Phase.DEVELOPMENT, Rag.AMBER,
     "8. sprint afsluttet; MVP. Tiden er presset pga. kompleksitet på infrastrukturen. "
     "Overtagelsesprøve i oktober og nov./dec.; pilot fra årsskiftet 2022/23.", D(2023, 1, 15), D(2023, 4, 30)),
    ("KIH_DB", D(2022, 5, 2), Phase.DEVELOPMENT, Rag.AMBER, "Under afklaring.", None, D(2022, 12, 31)),
    ("KIH_DB", D(2022, 9, 8), Phase.DEVELOPMENT, Rag.RED, "Integrationen er ikke på plads.", None, D(2023, 3, 31)),
    ("NSP", D(2022, 5, 2), Phase.DEVELOPMENT, Rag.AMBER, "Under afklaring.", None, D(2022, 12, 31)),
    ("NSP", D(2022, 9, 8), Phase.DEVELOPMENT, Rag.AMBER, "Integrationen er ikke på plads.", None, D(2023, 2, 28)),
    ("CPR_OPSLAG", D(2022, 5, 2), Phase.DEVELOPMENT, Rag.AMBER, "Under afklaring.", None, D(2022, 12, 31)),
    ("CPR_OPSLAG", D(2022, 9, 8), Phase.DEVELOPMENT, Rag.RED, "Integrationen er ikke på plads.", None, D(2023, 3, 31)),
    ("NEMSMS", D(2022, 5, 2), Phase.DEVELOPMENT, Rag.AMBER, "Under afklaring.", None, D(2022, 12, 31)),
    ("NEMSMS", D(2022, 9, 8), Phase.DEVELOPMENT, Rag.RED, "Integrationen er ikke på plads.", None, D(2023, 3, 31)),
)

# (component or None, title, rag, raised on)
RISKS = (
    (None, "En lang række integrationer er ikke på plads (KIH-databasen, NSP, CPR-opslag, NemSMS).", Rag.RED, D(2022, 9, 8)),
    (None, "Roller, performance og rettigheder er ikke afklaret.", Rag.AMBER, D(2022, 9, 8)),
    (None, "Parallelle opgaver på infrastrukturen: travlhed og risiko for flaskehalse.", Rag.AMBER, D(2022, 2, 2)),
    ("K_PRO", "Kompleks og uafprøvet infrastruktur: fejl og børnesygdomme ved pilotidriftsættelse.", Rag.AMBER, D(2022, 9, 8)),
    ("KOL_HJERTE", "MVP: ønsker til videreudvikling skal adresseres hurtigt; tiden er presset.", Rag.AMBER, D(2022, 9, 8)),
    ("ADM_MODUL", "Modulet skal vise sin funktionsduelighed i praksis.", Rag.AMBER, D(2022, 9, 8)),
)


# --- milestone plans -----------------------------------------------------------------------

@dataclass(frozen=True)
class MilestoneSpec:
    code: str
    title: str
    category: str
    baseline: dt.date
    key: bool = False
    depends_on: tuple[str, ...] = ()  # milestone codes or component codes


KOL_PLAN = (
    MilestoneSpec("1.1", "Programstyregruppe nedsat", "Organisering", end_of_month(2019, 3)),
    MilestoneSpec("2.1", "Programgrundlag godkendt", "Organisering", end_of_month(2019, 6)),
    MilestoneSpec("3.1", "Behandlingstilbud godkendt (klinisk indhold, organisering, målgruppe)", "Organisering", end_of_month(2020, 3), key=True),
    MilestoneSpec("4.1", "Indskrevet i sundhedsaftalen", "Aftaler", end_of_month(2020, 6)),
    MilestoneSpec("4.2", "Indskrevet i praksisplanen", "Aftaler", end_of_month(2020, 12)),
    MilestoneSpec("4.3", "Indskrevet i forløbsprogram for KOL", "Aftaler", end_of_month(2021, 6)),
    MilestoneSpec("5.1", "Koncept for service og logistik (SSL) godkendt", "Service og logistik", end_of_month(2021, 3)),
    MilestoneSpec("5.2", "SSL-udbud afsluttet, kontrakt indgået", "Service og logistik", end_of_month(2021, 12), key=True, depends_on=("5.1",)),
    MilestoneSpec("5.3", "SSL i drift", "Service og logistik", end_of_month(2022, 9), key=True, depends_on=("5.2",)),
    MilestoneSpec("6.1", "Tilsluttet FUT-infrastrukturen via KL Gateway", "Infrastruktur", end_of_month(2022, 3), depends_on=("KL_GATEWAY",)),
    MilestoneSpec("6.2", "Kommunal PRO (K-PRO) i brug", "Infrastruktur", end_of_month(2022, 6), depends_on=("K_PRO", "6.1")),
    MilestoneSpec("6.3", "KOL-hjerteløsningen klar til pilot", "Infrastruktur", end_of_month(2022, 6), key=True, depends_on=("KOL_HJERTE", "KAM")),
    MilestoneSpec("6.4", "Integrationer på plads (CPR-opslag, NemSMS, KIH-databasen, NSP)", "Infrastruktur", end_of_month(2022, 6),
                  depends_on=("CPR_OPSLAG", "NEMSMS", "KIH_DB", "NSP")),
    MilestoneSpec("7.1", "Klinikere og kommunalt personale uddannet (fælles e-læring)", "Uddannelse", end_of_month(2022, 9)),
    MilestoneSpec("8.1", "Pilot på KOL-hjerteløsningen starter", "Pilot", end_of_month(2022, 9), key=True, depends_on=("6.3", "KOL_HJERTE")),
    MilestoneSpec("8.2", "Pilot evalueret, beslutning om udbredelse", "Pilot", end_of_month(2022, 12), depends_on=("8.1",)),
    MilestoneSpec("9.1", "Inklusionsstart på FUT-løsningen", "Inklusion", end_of_month(2023, 1), key=True, depends_on=("8.2", "6.4")),
    MilestoneSpec("9.2", "50 % af målgruppen inkluderet", "Inklusion", end_of_month(2023, 6), key=True, depends_on=("9.1",)),
    MilestoneSpec("9.3", "Fuld inklusion af målgruppen", "Inklusion", end_of_month(2023, 12), key=True, depends_on=("9.2",)),
)

HF_PLAN = (
    MilestoneSpec("1.1", "Programstyregruppe for hjertesvigt nedsat", "Organisering", end_of_month(2022, 3)),
    MilestoneSpec("2.1", "Implementeringsplan efter fælles skabelon godkendt", "Organisering", end_of_month(2022, 9), key=True),
    MilestoneSpec("3.1", "Behandlingstilbud for hjertesvigt godkendt", "Organisering", end_of_month(2022, 12), key=True),
    MilestoneSpec("3.2", "Snitflader til PRO for hjertesvigt afklaret med PRO-sekretariatet", "Organisering", end_of_month(2022, 12)),
    MilestoneSpec("7.1", "Fælles e-læring til hjertesvigt klar", "Uddannelse", end_of_month(2023, 3)),
    MilestoneSpec("6.1", "Hjertesvigt understøttet i KOL-hjerteløsningen", "Infrastruktur", end_of_month(2023, 9), key=True, depends_on=("KOL_HJERTE",)),
    MilestoneSpec("8.1", "Pilot for hjertesvigt starter", "Pilot", end_of_month(2023, 12), key=True, depends_on=("6.1",)),
    MilestoneSpec("9.1", "Inklusionsstart", "Inklusion", end_of_month(2024, 3), key=True, depends_on=("8.1",)),
    MilestoneSpec("9.3", "Fuld inklusion af målgruppen", "Inklusion", end_of_month(2025, 12), key=True, depends_on=("9.1",)),
)

# How each milestone turns out per landsdel: a completion date, or a slip in months
# that planners admit gradually from a given submission (index into the submissions) on.
Done = dt.date
Slip = tuple[int, int]  # (months at the last submission, first submission that shows slip)

_KOL_COMMON: dict[str, Done | Slip] = {
    "1.1": D(2019, 3, 14), "2.1": D(2019, 6, 20), "3.1": D(2020, 3, 26), "4.1": D(2020, 6, 11),
    "4.2": D(2021, 1, 28), "4.3": D(2021, 6, 24), "5.1": D(2021, 3, 18),
    "5.3": (3, 4), "6.1": D(2022, 7, 5), "6.2": (4, 5), "6.3": (7, 2), "6.4": (9, 4),
    "7.1": (4, 6), "8.1": (5, 2), "8.2": (5, 2), "9.1": (5, 2), "9.2": (9, 4), "9.3": (12, 6),
}
KOL_OUTCOMES: dict[str, dict[str, Done | Slip]] = {
    "nord": {**_KOL_COMMON, "5.2": D(2021, 11, 15), "5.3": (1, 6), "6.1": D(2022, 6, 29),
             "9.1": (3, 2), "9.2": D(2020, 11, 30), "9.3": (6, 6)},
    "midt": {**_KOL_COMMON, "5.2": D(2022, 5, 20), "6.1": D(2022, 7, 1)},
    # Syd keeps full inclusion at the end of 2023 in its plan: the "ønskemål" the minutes warn of.
    "syd": {**_KOL_COMMON, "5.2": (10, 0), "5.3": (5, 3), "6.1": D(2022, 8, 15), "9.3": (0, 0)},
    "hovedstaden": {**_KOL_COMMON, "4.2": (20, 0), "5.2": D(2022, 3, 30), "5.3": (4, 4), "6.1": D(2022, 6, 28)},
    "sjaelland": {**_KOL_COMMON, "3.1": D(2020, 9, 30), "5.2": (12, 0), "5.3": (6, 3), "6.1": (7, 3),
                  "9.3": (18, 6)},
}
_HF_COMMON: dict[str, Done | Slip] = {
    "1.1": D(2022, 3, 24), "2.1": (3, 2), "3.1": (3, 2), "3.2": (2, 3), "7.1": (0, 0),
    "6.1": (6, 1), "8.1": (6, 1), "9.1": (6, 1), "9.3": (0, 0),
}
HF_OUTCOMES: dict[str, dict[str, Done | Slip]] = {
    "nord": {**_HF_COMMON, "1.1": D(2021, 11, 18), "2.1": D(2022, 8, 25)},
    "midt": dict(_HF_COMMON),
    "syd": {**_HF_COMMON, "2.1": D(2022, 8, 30)},
    "hovedstaden": {**_HF_COMMON, "1.1": D(2022, 4, 21)},
    "sjaelland": {**_HF_COMMON, "1.1": D(2022, 4, 7), "7.1": (2, 2)},
}

KOL_REPORTED_RAG = {
    "nord": (Rag.GREEN,) * 6 + (Rag.AMBER,) * 3,
    "midt": (Rag.GREEN,) * 2 + (Rag.AMBER,) * 7,
    "syd": (Rag.GREEN,) * 9,
    "hovedstaden": (Rag.GREEN,) * 2 + (Rag.AMBER,) * 5 + (Rag.RED,) * 2,
    "sjaelland": (Rag.AMBER,) * 4 + (Rag.RED,) * 5,
}

# KOL inclusion before the FUT solution: Nord on TeleCare Nord's existing solution, the others
# on local and bridging solutions. (active at end of 2020, new per month Jan 2021 → Aug 2022)
KOL_INCLUSION = {
    "nord": (480, 10, 13),
    "midt": (40, 8, 34),
    "syd": (60, 10, 38),
    "hovedstaden": (30, 9, 44),
    "sjaelland": (0, 3, 20),
}
HF_INCLUSION = {"nord": (120, 6, 9)}
DROPOUT_RATE = 0.012  # per month
FIRST_MONTH = dt.date(2021, 1, 1)


def _month_text(day: dt.date) -> str:
    return format_date(day, "da").split(" ", 1)[1]  # "september 2022"


@dataclass
class _Loader:
    session: Session
    landsdele: dict[str, Landsdel]
    components: dict[str, Component]

    def programme(self, code: str) -> Programme:
        return self.session.scalars(select(Programme).where(Programme.code == code)).one()

    def plan_versions(self, programme: Programme, plan: tuple[MilestoneSpec, ...],
                      outcomes: dict[str, dict[str, Done | Slip]], submissions: list[dt.date],
                      reported: dict[str, tuple[Rag, ...]] | None) -> list[PlanVersion]:
        versions = []
        for key, landsdel in self.landsdele.items():
            for index, submitted in enumerate(submissions):
                version = PlanVersion(
                    landsdel=landsdel, programme=programme, version_no=index + 1, submitted_on=submitted,
                    source_file=f"Milepælsplan_{programme.code}_{landsdel.name}_{submitted:%Y-%m}.xlsx",
                    checksum=sha256(f"demo|{programme.code}|{key}|{submitted}".encode()),
                    imported_at=dt.datetime.combine(submitted, dt.time(9, 0)) + dt.timedelta(days=1),
                    imported_by=DEMO_ACTOR,
                    reported_rag=reported[key][index] if reported else (Rag.GREEN if index < 2 else Rag.AMBER),
                    note=DEMO_SOURCE,
                )
                last = len(submissions) - 1
                for order, spec in enumerate(plan):
                    version.milestones.append(self.milestone(spec, outcomes[key][spec.code], index, last, submitted, order))
                move_baselines(version.milestones, programme.code, key, index + 1)  # a baseline moved unapproved
                self.session.add(version)
                versions.append(version)
        return versions

    def milestone(self, spec: MilestoneSpec, outcome: Done | Slip, index: int, last: int,
                  submitted: dt.date, order: int) -> Milestone:
        milestone = Milestone(
            code=spec.code, title=spec.title, category=spec.category, owner="Programleder", is_key=spec.key,
            sort_order=order, baseline_date=spec.baseline, baseline_precision=DatePrecision.MONTH,
            baseline_text=_month_text(spec.baseline), comment="",
        )
        if isinstance(outcome, dt.date) and outcome <= submitted:
            milestone.actual_date = outcome
            milestone.actual_precision = DatePrecision.DAY
            milestone.actual_text = outcome.strftime("%d.%m.%Y")
            milestone.forecast_date, milestone.forecast_precision = outcome, DatePrecision.DAY
            milestone.forecast_text = milestone.actual_text
            milestone.status = MilestoneStatus.DONE
        else:
            if isinstance(outcome, dt.date):  # done later: planned close to where it lands
                slip_months = max(0, (outcome.year - spec.baseline.year) * 12 + outcome.month - spec.baseline.month)
                months = round(slip_months * min(1.0, (index + 1) / (last + 1)))
            else:
                total, first = outcome
                span = max(1, last - first)
                months = 0 if index < first else round(total * min(1.0, (index - first + 1) / (span + 1)))
            forecast = end_of_month_after(spec.baseline, months)
            milestone.forecast_date, milestone.forecast_precision = forecast, DatePrecision.MONTH
            milestone.forecast_text = _month_text(forecast)
            milestone.status = _reported_status(months, spec)
        for target in spec.depends_on:
            if target in self.components:
                milestone.dependencies.append(MilestoneDependency(component=self.components[target]))
            else:
                milestone.dependencies.append(MilestoneDependency(depends_on_code=target))
        return milestone


def _reported_status(slip_months: int, spec: MilestoneSpec) -> MilestoneStatus:
    if any(code in ("KIH_DB", "CPR_OPSLAG", "NEMSMS") for code in spec.depends_on) and slip_months:
        return MilestoneStatus.RED
    if slip_months >= 6:
        return MilestoneStatus.RED
    return MilestoneStatus.AMBER if slip_months else MilestoneStatus.GREEN


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split a whole number by weights, largest remainder first, so the parts add up exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _inclusion(loader: _Loader, programme: Programme, versions: list[PlanVersion],
               profile: dict[str, tuple[int, int, int]], submissions: list[dt.date]) -> None:
    rng = random.Random(f"inclusion-{programme.code}")
    months = month_starts(FIRST_MONTH, dt.date(submissions[-1].year, submissions[-1].month, 1), inclusive=False)
    for key, (start_active, first_rate, last_rate) in profile.items():
        landsdel = loader.landsdele[key]
        municipalities = sorted(landsdel.municipalities, key=lambda m: m.code)
        # By population (Læsø tiny, Aalborg large), with some local variation in how far each has come.
        weights = [(inhabitants(m.code) or 20_000) * rng.uniform(0.85, 1.15) for m in municipalities]
        active = _apportion(start_active, weights)
        carry = [0.0] * len(municipalities)
        own_versions = [v for v in versions if v.landsdel is landsdel]
        for step, month in enumerate(months):
            rate = first_rate + (last_rate - first_rate) * step / max(1, len(months) - 1)
            new = _apportion(round(rate * rng.uniform(0.85, 1.15)), weights)
            # Reported in the first submission made after the month ended.
            version = next(v for v, s in zip(own_versions, submissions, strict=True) if s > end_of_month(month.year, month.month))
            for i, municipality in enumerate(municipalities):
                carry[i] += active[i] * DROPOUT_RATE
                dropouts = int(carry[i])
                carry[i] -= dropouts
                active[i] = active[i] + new[i] - dropouts
                if active[i] or new[i] or dropouts:
                    loader.session.add(InclusionCount(
                        plan_version=version, landsdel_id=landsdel.id, programme_id=programme.id,
                        municipality_code=municipality.code, month=month,
                        new_inclusions=new[i], active_citizens=active[i], dropouts=dropouts))


def _targets(loader: _Loader, programme: Programme, versions: list[PlanVersion],
             group: dict[str, int], default_shares: tuple[tuple[dt.date, float], ...],
             shares_by_landsdel: dict[str, tuple[tuple[dt.date, float], ...]] | None = None) -> None:
    for key, size in group.items():
        shares = (shares_by_landsdel or {}).get(key, default_shares)
        first = next(v for v in versions if v.landsdel is loader.landsdele[key])
        target_set = TargetSet(
            landsdel_id=first.landsdel.id, programme_id=programme.id, target_group_size=size,
            effective_from=first.submitted_on, plan_version=first, source=DEMO_SOURCE,
            recorded_at=first.imported_at, recorded_by=DEMO_ACTOR,
        )
        target_set.points = [TargetPoint(due_date=due, target_count=round(size * share)) for due, share in shares]
        loader.session.add(target_set)


def _fut(session: Session) -> dict[str, Component]:
    components, _ = load_catalogue(session)  # already there after `portfolio init`; added if not
    for code, day, phase, rag, note, pilot, production in STATUS_HISTORY:
        session.add(ComponentStatus(
            component=components[code], status_date=day, phase=phase, rag=rag, note=note,
            pilot_forecast=pilot, production_forecast=production, source=DEMO_SOURCE,
            content_hash=content_hash(code, FeedEntry(code, day, phase, rag, note, pilot, production)),
            recorded_at=dt.datetime.combine(day, dt.time(12, 0)), recorded_by=DEMO_ACTOR,
        ))
    for code, title, rag, raised in RISKS:
        session.add(Risk(component=components[code] if code else None, title=title, rag=rag,
                         state=RiskState.OPEN, raised_on=raised, source=DEMO_SOURCE, recorded_by=DEMO_ACTOR))
    return components


def _national_projects(session: Session) -> None:
    pregnancy = Programme(code="GRAVIDITET", name_da="Digital løsning til graviditetsforløb",
                          name_en="Digital solution for pregnancy care", kind=ProgrammeKind.NATIONAL, sort_order=10)
    ecpr = Programme(code="ECPR", name_da="National erstatnings-CPR-løsning (eCPR)",
                     name_en="National replacement CPR solution (eCPR)", kind=ProgrammeKind.NATIONAL, sort_order=11)
    epj = Programme(code="EPJ_NORD", name_da="Nyt EPJ-system i Region Nordjylland",
                    name_en="New EHR system in the North Denmark Region", kind=ProgrammeKind.NATIONAL, sort_order=12)
    session.add_all([pregnancy, ecpr, epj])
    source = "Referat, Den nationale bestyrelse for sundheds-it, 2. februar 2022"
    session.add(ProgrammeStatus(
        programme=pregnancy, reported_on=D(2022, 2, 2), rag=Rag.GREEN, state=ProjectState.ACTIVE, enrolled=28,
        note="Pilot startet 10. januar i København (Rigshospitalet) og Aabenraa (Sygehus Sønderjylland); "
             "Odense fra marts pga. nyt EPJ. Slutproduktet bliver en MVP.",
        source=source, recorded_at=dt.datetime(2022, 2, 3, 9), recorded_by=DEMO_ACTOR))
    session.add(ProgrammeStatus(
        programme=ecpr, reported_on=D(2022, 2, 2), rag=Rag.AMBER, state=ProjectState.PAUSED, enrolled=None,
        note="Sat på pause, indtil der er afsat midler til projektets næste faser.",
        source=source, recorded_at=dt.datetime(2022, 2, 3, 9), recorded_by=DEMO_ACTOR))
    session.add(ProgrammeStatus(
        programme=epj, reported_on=D(2022, 2, 2), rag=Rag.AMBER, state=ProjectState.ACTIVE, enrolled=None,
        note="Go-live 28. marts 2022. Regionen er optimistisk, men mange medarbejdere er syge pga. COVID-19. "
             "De vestdanske regioner er tidligst på samme EPJ-version i 2023.",
        source=source, recorded_at=dt.datetime(2022, 2, 3, 9), recorded_by=DEMO_ACTOR))


def load_demo(engine: Engine, *, actor: str) -> DemoResult:
    """Load the demo story into a store with no portfolio data. A second call changes nothing.

    Only a secretariat admin may: raises PermissionDenied (audited) for anyone else.
    """
    require(engine, actor, Action.LOAD_DEMO, target="demo data")
    with unit_of_work(engine) as session:
        if is_demo_store(session):
            return DemoResult(DemoOutcome.ALREADY_LOADED)
        if holds_portfolio_data(session):
            return DemoResult(DemoOutcome.REFUSED)
        landsdele = {ld.key: ld for ld in session.scalars(select(Landsdel).order_by(Landsdel.sort_order))}
        session.scalars(select(Municipality)).all()  # load the relationship targets once
        loader = _Loader(session, landsdele, _fut(session))
        kol, heart = loader.programme("KOL"), loader.programme("HJERTESVIGT")
        kol_versions = loader.plan_versions(kol, KOL_PLAN, KOL_OUTCOMES, KOL_SUBMISSIONS, KOL_REPORTED_RAG)
        hf_versions = loader.plan_versions(heart, HF_PLAN, HF_OUTCOMES, HF_SUBMISSIONS, None)
        session.flush()
        _inclusion(loader, kol, kol_versions, KOL_INCLUSION, KOL_SUBMISSIONS)
        _inclusion(loader, heart, hf_versions, HF_INCLUSION, HF_SUBMISSIONS)
        _targets(loader, kol, kol_versions, KOL_TARGET_GROUP, KOL_TARGET_SHARES, KOL_TARGET_SHARES_BY_LANDSDEL)
        _targets(loader, heart, hf_versions, HF_TARGET_GROUP, HF_TARGET_SHARES)
        _national_projects(session)
        versions = kol_versions + hf_versions
        milestones = sum(len(v.milestones) for v in versions)
        audit.record(session, actor=actor, action=DEMO_ACTION, target="demo data",
                     detail={"plan_versions": len(versions), "milestones": milestones})
    _meeting_snapshots(engine, actor)
    with unit_of_work(engine) as session:  # after the snapshots: each meeting is held on its own
        load_meeting_demo(session, actor=DEMO_ACTOR)  # the meeting register's story (portfolio/meetings/demo.py)
        load_risk_demo(session, actor=DEMO_ACTOR)  # the risk log's story (portfolio/risks/demo.py); after the meetings
        load_baseline_demo(session, actor=DEMO_ACTOR)  # an approved baseline (portfolio/baselines/demo.py)
    return DemoResult(DemoOutcome.LOADED, plan_versions=len(versions), milestones=milestones)


# The steering group's meetings the demo freezes, so "siden sidst" has something to show on first use: the meeting
# of 8 September 2022 (the minutes) and the one before it (date invented: the minutes only say "sidste møde").
DEMO_MEETINGS = ((D(2022, 6, 9), "Møde 9. juni 2022"), (MEETING_DATE, "Møde 8. september 2022"))


def _meeting_snapshots(engine: Engine, actor: str) -> None:
    from portfolio.snapshots.freeze import create_snapshot  # the snapshot wing builds on the demo's tables

    for as_of, label in DEMO_MEETINGS:
        create_snapshot(engine, label=label, as_of=as_of, actor=actor, today=max(as_of, dt.date.today()))
