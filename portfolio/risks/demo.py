"""The risk log's part of the demo story (called from portfolio.demo inside its unit of work, after the meetings).

The risks the minutes of 8 September 2022 name — the integrations to the KIH database, NSP, CPR lookup and NemSMS
not in place; roles, performance and rights unclear; parallel work and bottlenecks on the infrastructure; the MVP
scope; long waits giving drop-outs — each bound to the signal that tells whether it is happening, so that on
8 September 2022 some lamps are lit (KIH, CPR lookup, the KOL-hjerte solution, Sjælland's slip, Midt's inclusion,
Hovedstaden's derived RAG) and others are not (NSP moved less than its threshold, NemSMS is reported). The MVP scope
is accepted by the decision under item 5 of 8 September; the list-extraction risk is closed by item 6.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.meetings.models import Meeting, Organisation
from portfolio.risks.domain import RiskStatus, Strategy
from portfolio.risks.models import RiskRecord, RiskVersion

SEPTEMBER = dt.date(2022, 9, 8)
JUNE = dt.date(2022, 6, 16)

# (title, description, category, owner, landsdel, component, p, c, strategy, signal, threshold, raised_on,
#  mitigation)
DEMO_RISKS: tuple[tuple[Any, ...], ...] = (
    ("Integrationen til KIH-databasen er ikke på plads",
     "Hvis integrationen til KIH-databasen ikke er klar til pilot, så kan målinger ikke deles, og regionernes "
     "pilotmilepæle rykker.", "Integrationer", "fut", None, "KIH_DB", 4, 5, Strategy.REDUCE, "fut_slip", 30,
     dt.date(2022, 5, 2), ("Tæt opfølgning med Sundhedsdatastyrelsen", "sds", dt.date(2022, 10, 15), "ongoing")),
    ("Integrationen til NSP er ikke på plads",
     "Hvis NSP-integrationen forsinkes, så kan løsningen ikke slå op i de nationale services.", "Integrationer",
     "fut", None, "NSP", 3, 4, Strategy.REDUCE, "fut_slip", 60, dt.date(2022, 5, 2), None),
    ("Integrationen til CPR-opslag er ikke på plads",
     "Hvis CPR-opslaget ikke er klar, så kan borgere ikke oprettes i løsningen.", "Integrationer", "fut", None,
     "CPR_OPSLAG", 4, 5, Strategy.REDUCE, "fut_slip", 30, dt.date(2022, 5, 2), None),
    ("Integrationen til NemSMS er ikke på plads",
     "Hvis FUT-programmet holder op med at rapportere om NemSMS, så opdager vi forsinkelsen for sent.",
     "Integrationer", "fut", None, "NEMSMS", 2, 3, Strategy.ACCEPT, "fut_stale", 60, dt.date(2022, 5, 2), None),
    ("Roller, performance og rettigheder er uklare i KOL-hjerteløsningen",
     "Hvis roller, performance og rettigheder ikke afklares før overtagelsesprøven, så udskydes pilot fra "
     "årsskiftet.", "Løsning", "fut", None, "KOL_HJERTE", 3, 4, Strategy.REDUCE, "fut_slip", 30,
     dt.date(2022, 6, 16), ("Afklaring i FUT-programmets styregruppe", "fut", dt.date(2022, 11, 1), "planned")),
    ("Parallelt arbejde og flaskehalse på infrastrukturen",
     "Hvis mange landsdele skal på infrastrukturen samtidig, så opstår flaskehalse, og Sjællands plan skrider "
     "mest.", "Kapacitet", "sekretariatet", "sjaelland", None, 3, 3, Strategy.REDUCE, "milestone_slip", 180,
     dt.date(2022, 6, 16), None),
    ("MVP'ens omfang begrænser, hvor mange borgere der kan inkluderes",
     "Hvis MVP'en ikke dækker alle borgergrupper, så kan målgruppen ikke inkluderes fuldt i 2023.", "Omfang",
     "styregruppen", None, "KOL_HJERTE", 4, 3, Strategy.ACCEPT, None, None, dt.date(2022, 6, 16), None),
    ("Lange ventetider giver frafald blandt borgere",
     "Hvis borgere venter længe på opstart, så falder de fra, og inklusionen halter efter målet.", "Inklusion",
     "midt", "midt", None, 3, 3, Strategy.REDUCE, "inclusion", 25, dt.date(2022, 6, 16),
     ("Beskriv hvorfor inklusionshastigheden er som den er", "midt", dt.date(2022, 11, 17), "planned")),
    ("Hovedstadens plan er rød efter reglerne",
     "Hvis nøglemilepælene skrider videre, så når Hovedstaden ikke fuld inklusion i 2023.", "Tidsplan",
     "hovedstaden", "hovedstaden", None, 3, 4, Strategy.REDUCE, "rag_red", None, dt.date(2022, 6, 16), None),
    ("Inklusion via udtræk af lister er måske ikke lovlig",
     "Hvis udtræk af lister ikke er lovligt, så skal inklusionen ske løbende ved årskontroller.", "Jura", "midt",
     "midt", None, 3, 3, Strategy.AVOID, None, None, dt.date(2022, 6, 16), None),
)
ACCEPTED_BY = {"MVP'ens omfang begrænser, hvor mange borgere der kan inkluderes": 5}  # item of 8 September
CLOSED_BY = {"Inklusion via udtræk af lister er måske ikke lovlig": 6}
RESCORED = {"Integrationen til KIH-databasen er ikke på plads": (5, 5, "Prognosen rykket 3 måneder (FUT-status "
                                                                      "8. september 2022)")}


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def load_risk_demo(session: Session, *, actor: str) -> int:
    """Add the demo risks; returns how many. Called once, inside the demo's unit of work."""
    orgs = {o.key: o.id for o in session.scalars(select(Organisation))}
    september = session.scalar(select(Meeting.id).where(Meeting.meeting_date == SEPTEMBER))
    for (title, description, category, owner, landsdel, component, probability, consequence, strategy, signal,
         threshold, raised_on, mitigation) in DEMO_RISKS:
        record = RiskRecord(created_at=_at(raised_on), created_by=actor)
        session.add(record)
        session.flush()
        mitigations = [] if mitigation is None else [
            {"text": mitigation[0], "owner": mitigation[1], "due": mitigation[2].isoformat(), "status": mitigation[3]}]
        base = dict(title=title, description=description, category=category, owner_id=orgs[owner],
                    landsdel_key=landsdel, component_code=component, probability=probability,
                    consequence=consequence, strategy=strategy, mitigations=mitigations, status=RiskStatus.OPEN,
                    signal_kind=signal, signal_arg=(component or landsdel) if signal else None, threshold=threshold,
                    raised_on=raised_on)
        session.add(RiskVersion(risk_id=record.id, version_no=1, note="", recorded_at=_at(raised_on),
                                recorded_by=actor, **base))
        changed: dict[str, Any] | None = None
        if title in RESCORED:
            p, c, note = RESCORED[title]
            changed = {"probability": p, "consequence": c, "note": note}
        elif title in ACCEPTED_BY and september is not None:
            changed = {"status": RiskStatus.ACCEPTED, "decision_meeting_id": september,
                       "decision_item": ACCEPTED_BY[title], "note": "Accepteret af porteføljestyregruppen"}
        elif title in CLOSED_BY and september is not None:
            changed = {"status": RiskStatus.CLOSED, "decision_meeting_id": september,
                       "decision_item": CLOSED_BY[title], "note": "Udtræk via lister er ikke lovligt; lukket"}
        if changed is not None:
            note = changed.pop("note")
            session.add(RiskVersion(risk_id=record.id, version_no=2, recorded_at=_at(SEPTEMBER, 16),
                                    recorded_by=actor, note=note, **{**base, **changed}))
    session.flush()
    return len(DEMO_RISKS)
