"""The meeting register's part of the demo story (called from portfolio.demo inside its unit of work).

- An invented meeting on 9 June 2022 (labelled demo) where the list-extraction proposal came up; its follow-up
  (may citizens be included via extracted lists?) is reported on 8 September: closed, not legal. Its minutes were
  approved in written procedure, as item 2 of 8 September says.
- The meeting of 8 September 2022 with its ten items, kinds and conclusions as the minutes have them, and the
  follow-ups it set: the ministry's legal assessment, Region Midt's description of the inclusion rate, the group's
  follow-up on milestone plans and inclusion, the seminar at the end of November.
- The next meeting, 17 November 2022 (invented, planned): the legal assessment is overdue by then.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.meetings.domain import ActionStatus, ApprovalMethod, ItemKind, ItemOrigin, MeetingStatus, Outcome
from portfolio.meetings.models import (
    ActionUpdate,
    AgendaItem,
    Conclusion,
    FollowUpAction,
    Meeting,
    MinutesRevision,
    Organisation,
    Participant,
)
from portfolio.meetings.organisations import ensure_organisations
from portfolio.models import Snapshot

JUNE = dt.date(2022, 6, 9)
SEPTEMBER = dt.date(2022, 9, 8)
NOVEMBER = dt.date(2022, 11, 17)
DEMO_LABEL = "(demo – opdigtet)"

SEPTEMBER_PARTICIPANTS = (
    ("nord", "Eva Sejrsdal"), ("nord", "Anne Krøjer"), ("nord", "Helen Houmøller"), ("nord", "Anders Horst"),
    ("syd", "René Lorenz"), ("syd", "Mathilde Schmidt Petersen"), ("midt", "Thomas Balle Kristensen"),
    ("midt", "Britta Ravn"), ("hovedstaden", "Nina Husfeldt Clasen"), ("hovedstaden", "Anette Lyneborg Nielsen"),
    ("sjaelland", "Marianne Brøker Bak"), ("sjaelland", "Trine Holgersen"), ("danske_regioner", "Rasmus Rose"),
    ("kl", "Nanna Skovgaard"), ("sum", "Rune Møller"), ("sjaelland", "Erik Melbye"),
    ("midt", "Jonas Eskildsen Sørensen"), ("hovedstaden", "Rikke Saltoft Andersen"), ("kl", "Poul Erik Kristensen"),
    ("danske_regioner", "Morten Weise"), ("sds", "Anne Kjærsgaard"), ("sds", "Hannan Hamid Saleh"),
)
SEPTEMBER_PARTIAL = (("sds", "Joan Nordahl"), ("cimt", "Ida Wagner Svendsen"))

# (title, kind, presenter, background, outcome, conclusion) as the minutes of 8 September 2022 have them.
SEPTEMBER_ITEMS: tuple[tuple[str, ItemKind, str | None, str, Outcome | None, str], ...] = (
    ("Velkomst og siden sidst", ItemKind.O, "formandskabet",
     "Porteføljestyregruppen bød velkommen til Jonas Eskildsen fra Region Midtjylland. Jonas har afløst Claus Kofoed "
     "i FUT-programmet.", Outcome.TAKEN_NOTE, "Porteføljestyregruppen tog orienteringen til efterretning."),
    ("Referat", ItemKind.O, "sekretariatet", "",
     Outcome.TAKEN_NOTE, "Referatet er godkendt i skriftlig proces. Der var ingen yderligere bemærkninger."),
    ("Status på FUT", ItemKind.O, "fut",
     "FUT-programmet præsenterede en samlet tidsplan for idriftsættelse af løsninger på FUT-infrastrukturen samt "
     "status for FUT 2.0. KL Gateway er gået i drift; KAM-modulet blev sat i produktion henover sommeren. K-PRO går i "
     "pilotdrift til september med et begrænset antal piloter. Til november/december skal der være en "
     "overtagelsesprøve på KOL-hjerteløsningen, der er en MVP-løsning og planlægges klar til pilot fra årsskiftet "
     "2022/23. Integrationer til KIH-databasen, NSP, CPR-opslag og NemSMS er ikke på plads.",
     Outcome.TAKEN_NOTE, "Porteføljestyregruppen tog orienteringen om status på FUT til efterretning."),
    ("Oplæg fra Center for innovativ medicinsk teknologi om TELEMED", ItemKind.O, "cimt",
     "Ida Wagner, konsulent fra CIMT, holdt oplæg om databasen TELEMED, der giver fri adgang til information om "
     "effekten af evidensbaserede telemedicinske løsninger (mere end 500 artikler fordelt på 27 specialer).",
     Outcome.TAKEN_NOTE, "Porteføljestyregruppen tog orienteringen om databasen, TELEMED til efterretning."),
    ("Overblik over milepælsplaner fra landsdelsprogrammerne", ItemKind.O, "sekretariatet",
     "Porteføljestyregruppen er blevet orienteret om det samlede overblik over milepælsplaner, som "
     "landsdelsprogrammerne har meldt ind. Milepælsplanen har karakter af ønskemål; milepælsplanerne er betinget af, "
     "at FUT-projektet realiseres. Regionerne bemærkede, at der ikke vil være fuld inklusion ved udgangen af 2023.",
     Outcome.TAKEN_NOTE, "Porteføljestyregruppen konkluderede, at der skal være en god fortælling og en god model, "
     "som også er en virkelighedsnær fortælling og model. Omfanget af borgere, der er inkluderet, vil fortsat "
     "afhænge af, hvordan MVP'en ser ud. Orienteringen tages til efterretning."),
    ("Inklusion af borgere med KOL", ItemKind.O, "midt",
     "Britta Ravn fra Region Midtjylland og Annette Lyneborg fra Region Hovedstaden præsenterede mulige "
     "inklusionskriterier i landsdelene. Forslaget fra sidste møde om at inkludere borgere via udtræk af lister er "
     "vendt med klinikere og jurister, som har konkluderet, at udtræk af data via lister ikke er lovligt. "
     "KL bemærkede, at det juridiske notat bør bæres ind i Sundhedsministeriet. Den væsentligste mulighed er "
     "løbende inklusion ved årskontroller og i rehabiliteringsforløb.",
     Outcome.TAKEN_NOTE, "Porteføljestyregruppen konkluderede, at porteføljestyregruppen følger op på "
     "milepælsplanerne, og inklusionen af borgere med KOL."),
    ("Fælles e-læring og kompetenceudvikling", ItemKind.B, "kl",
     "Poul Erik Kristensen, KL og Anders Horst, TeleCare Nord orienterede om den igangværende proces mht. fælles "
     "kompetenceudvikling og finansiering af e-læringsmateriale til hjertesvigtsområdet. Kommissoriet er samme model "
     "som KOL.",
     Outcome.APPROVED, "Porteføljestyregruppen tog orienteringen til efterretning og godkendte de to kommissorier."),
    ("Snitflader mellem PRO og telemedicin til hjertesvigt", ItemKind.O, "pro_sekretariatet",
     "Porteføljestyregruppen drøftede behovet for, at landsdelsprogrammerne koordinerer med PRO-sekretariatet ved "
     "indhentning af svar på spørgsmål til patienter med hjertesvigt.",
     Outcome.TAKEN_NOTE, "Porteføljestyregruppen tog orienteringen til efterretning, og bakkede op om de planlagte "
     "tiltag til koordination."),
    ("Orientering om planlægningen af seminar for telemedicin til KOL", ItemKind.O, "sds",
     "Anne Kjærsgaard fra Sundhedsdatastyrelsen orienterede om, at der planlægges et seminar om telemedicin og "
     "implementering af KOL-løsningen med deltagelse fra landsdelsprogrammerne, formandskabet og sekretariatet.",
     Outcome.TAKEN_NOTE, "Seminaret indkaldes i slutningen af november (1,5 dag med overnatning); konkret dato og "
     "program følger snarest."),
    ("Eventuelt", ItemKind.O, None, "", None, ""),
)

JUNE_ITEMS: tuple[tuple[str, ItemKind, str | None, str, Outcome | None, str], ...] = (
    ("Velkomst og siden sidst", ItemKind.O, "formandskabet", "", Outcome.TAKEN_NOTE,
     "Porteføljestyregruppen tog orienteringen til efterretning."),
    ("Status på FUT", ItemKind.O, "fut", "FUT-programmet orienterede om KL Gateway og K-PRO.", Outcome.TAKEN_NOTE,
     "Porteføljestyregruppen tog orienteringen om status på FUT til efterretning."),
    ("Inklusion af borgere med KOL", ItemKind.D, "midt",
     "Forslag om at inkludere borgere via udtræk af lister på relevante borgere og derved indfri målet om fuld "
     "implementering inden 2023.", Outcome.TAKEN_NOTE,
     "Porteføljestyregruppen bad Region Midtjylland og Region Hovedstaden om at vende forslaget med klinikere og "
     "jurister."),
    ("Ny plan for Landsdel Sjælland (KOL)", ItemKind.B, "sjaelland",
     "Landsdel Sjælland er rød: servicen og logistikken (5.2, 5.3) er forsinket ud over tolerancen. Landsdelen har "
     "indsendt en ny plan 7. juni 2022. Sporene: tilbage på planen, ny plan eller stop.", Outcome.APPROVED,
     "Porteføljestyregruppen godkendte den nye plan for Landsdel Sjælland; planens baseline er den godkendte "
     "baseline fremover."),
    ("Eventuelt", ItemKind.O, None, "", None, ""),
)


def _at(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _meeting(session: Session, orgs: dict[str, Organisation], *, day: dt.date, title: str, status: MeetingStatus,
             items: tuple[tuple[str, ItemKind, str | None, str, Outcome | None, str], ...], actor: str,
             participants: tuple[tuple[str, str], ...] = (), partial: tuple[tuple[str, str], ...] = ()) -> Meeting:
    snapshot_id = session.scalar(select(Snapshot.id).where(Snapshot.as_of == day).order_by(Snapshot.id.desc())
                                 .limit(1))
    meeting = Meeting(meeting_date=day, title=title, status=status, snapshot_id=snapshot_id,
                      created_at=_at(day - dt.timedelta(days=21), 9), created_by=actor,
                      held_at=_at(day) if status is not MeetingStatus.PLANNED else None,
                      held_by=actor if status is not MeetingStatus.PLANNED else None)
    session.add(meeting)
    session.flush()
    for people, is_partial in ((participants, False), (partial, True)):
        for org, name in people:
            session.add(Participant(meeting_id=meeting.id, organisation_id=orgs[org].id, name=name,
                                    partial=is_partial, added_at=_at(day, 9), added_by=actor))
    for number, (item_title, kind, presenter, background, outcome, conclusion) in enumerate(items, start=1):
        item = AgendaItem(meeting_id=meeting.id, number=number, title=item_title, kind=kind,
                          presenter_id=orgs[presenter].id if presenter else None, background=background,
                          subjects=[], origin=ItemOrigin.MANUAL, reason="", created_at=_at(day - dt.timedelta(14), 9),
                          created_by=actor)
        session.add(item)
        session.flush()
        if outcome is not None:
            session.add(Conclusion(item_id=item.id, outcome=outcome, text=conclusion, recorded_at=_at(day, 12),
                                   recorded_by=actor))
    session.flush()
    return meeting


def _item(session: Session, meeting: Meeting, number: int) -> AgendaItem:
    return session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                    AgendaItem.number == number)).one()


def _action(session: Session, meeting: Meeting, number: int, text: str, owner: Organisation, actor: str, *,
            due: dt.date | None = None, due_meeting: Meeting | None = None) -> FollowUpAction:
    action = FollowUpAction(meeting_id=meeting.id, item_id=_item(session, meeting, number).id, text=text,
                            owner_id=owner.id, due_date=due, due_meeting_id=due_meeting.id if due_meeting else None,
                            created_at=_at(meeting.meeting_date, 13), created_by=actor)
    session.add(action)
    session.flush()
    session.add(ActionUpdate(action_id=action.id, status=ActionStatus.OPEN, note="", effective_on=meeting.meeting_date,
                             recorded_at=_at(meeting.meeting_date, 13), recorded_by=actor))
    return action


def load_meeting_demo(session: Session, *, actor: str) -> int:
    """Add the demo meetings; returns how many. Called once, inside the demo's unit of work."""
    from portfolio.meetings.reads import minutes_content
    from portfolio.meetings.service import _checksum

    ensure_organisations(session)
    session.flush()
    orgs = {o.key: o for o in session.scalars(select(Organisation))}
    november = _meeting(session, orgs, day=NOVEMBER, title=f"Møde i porteføljestyregruppen 17. november 2022 "
                        f"{DEMO_LABEL}", status=MeetingStatus.PLANNED, items=(), actor=actor)
    september = _meeting(session, orgs, day=SEPTEMBER, title="Møde i porteføljestyregruppen 8. september 2022",
                         status=MeetingStatus.HELD, items=SEPTEMBER_ITEMS, actor=actor,
                         participants=SEPTEMBER_PARTICIPANTS, partial=SEPTEMBER_PARTIAL)
    june = _meeting(session, orgs, day=JUNE, title=f"Møde i porteføljestyregruppen 9. juni 2022 {DEMO_LABEL}",
                    status=MeetingStatus.HELD, items=JUNE_ITEMS, actor=actor,
                    participants=(("midt", "Britta Ravn"), ("hovedstaden", "Anette Lyneborg Nielsen"),
                                  ("kl", "Poul Erik Kristensen"), ("sum", "Rune Møller"),
                                  ("sds", "Anne Kjærsgaard")))
    lists = _action(session, june, 3, "Afklar med klinikere og jurister, om borgere med KOL kan inkluderes via udtræk "
                    "af lister", orgs["midt"], actor, due_meeting=september)
    session.add(ActionUpdate(action_id=lists.id, status=ActionStatus.DONE, effective_on=SEPTEMBER,
                             note="Afklaret: udtræk af data via lister er ikke lovligt (klinikere og jurister); "
                                  "rapporteret på mødet 8. september 2022, punkt 6.",
                             recorded_at=_at(SEPTEMBER, 12), recorded_by=actor))
    _action(session, september, 6, "Sundhedsministeriet kigger på den juridiske vurdering af udtræk via lister",
            orgs["sum"], actor, due=dt.date(2022, 11, 1))
    _action(session, september, 6, "Region Midtjylland beskriver, hvorfor inklusionshastigheden er som den er",
            orgs["midt"], actor, due_meeting=november)
    _action(session, september, 6, "Porteføljestyregruppen følger op på milepælsplanerne og inklusionen af borgere "
            "med KOL", orgs["styregruppen"], actor, due_meeting=november)
    _action(session, september, 9, "Seminar om telemedicin og implementering af KOL-løsningen indkaldes (slutningen "
            "af november; dato og program følger)", orgs["sds"], actor, due=dt.date(2022, 11, 30))
    # June's minutes: approved in written procedure before 8 September, frozen as revision 1.
    june.status = MeetingStatus.APPROVED
    june.approval_method = ApprovalMethod.WRITTEN_PROCEDURE
    june.approved_at = _at(dt.date(2022, 7, 1), 10)
    june.approved_by = actor
    session.flush()
    content = minutes_content(session, june.id)
    content["demo"] = True
    session.add(MinutesRevision(meeting_id=june.id, revision_no=1, content=content, reason="",
                                checksum=_checksum(content), created_at=june.approved_at, created_by=actor))
    return 3
