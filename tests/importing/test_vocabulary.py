"""The header and status vocabulary: what people write in the landsdele's workbooks, Danish and English.

Table-driven: each row is a header (or status) as found in real plans and the meaning the reader must give it.
The synonyms are tried first, then the word stems; a header with two meanings as likely is left to the user.
"""

from __future__ import annotations

import pytest

from portfolio.domain import MilestoneStatus
from portfolio.importing.cells import parse_status
from portfolio.importing.headers import field_for

HEADERS: list[tuple[str, str, str | None]] = [
    # inclusion: new inclusions in the month
    ("inclusion", "Nye inklusioner", "new_inclusions"),
    ("inclusion", "Nye inkluderede", "new_inclusions"),
    ("inclusion", "Antal nye borgere", "new_inclusions"),
    ("inclusion", "Inkluderet i måneden", "new_inclusions"),
    ("inclusion", "Tilgang", "new_inclusions"),
    ("inclusion", "New enrolments", "new_inclusions"),
    ("inclusion", "Enrolled", "new_inclusions"),
    ("inclusion", "Nyinkluderede borgere", "new_inclusions"),
    ("inclusion", "Antal inkluderede i perioden", "new_inclusions"),
    ("inclusion", "Inklusioner (antal)", "new_inclusions"),
    ("inclusion", "New inclusions this month", "new_inclusions"),
    ("inclusion", "Rekrutterede", "new_inclusions"),
    ("inclusion", "Nye borgere i telemedicin", "new_inclusions"),
    # active citizens
    ("inclusion", "Aktive i alt", "active_citizens"),
    ("inclusion", "Active patients", "active_citizens"),
    ("inclusion", "Aktive borgere ultimo", "active_citizens"),
    ("inclusion", "Borgere i forløb", "active_citizens"),
    ("inclusion", "Igangværende forløb", "active_citizens"),
    ("inclusion", "Antal aktive", "active_citizens"),
    ("inclusion", "Active citizens (end of month)", "active_citizens"),
    # drop-outs
    ("inclusion", "Udgået", "dropouts"),
    ("inclusion", "Frafald", "dropouts"),
    ("inclusion", "Withdrawn", "dropouts"),
    ("inclusion", "Udmeldte borgere", "dropouts"),
    ("inclusion", "Afsluttede forløb", "dropouts"),
    ("inclusion", "Drop-outs", "dropouts"),
    ("inclusion", "Antal frafaldne", "dropouts"),
    ("inclusion", "Ophørte", "dropouts"),
    # month and municipality
    ("inclusion", "Måned", "month"),
    ("inclusion", "Opgørelsesmåned", "month"),
    ("inclusion", "Periode (md.)", "month"),
    ("inclusion", "Month", "month"),
    ("inclusion", "Kommunenavn", "municipality"),
    ("inclusion", "Kommune (navn)", "municipality"),
    ("inclusion", "Municipality name", "municipality"),
    ("inclusion", "Kommunenr.", "municipality"),
    # cumulative counts are not monthly inclusions: left to the user
    ("inclusion", "Inkluderet i alt (akkumuleret)", None),
    ("inclusion", "Bemærkninger", None),
    # targets
    ("targets", "Målgruppe", "target_group_size"),
    ("targets", "Målgruppens størrelse", "target_group_size"),
    ("targets", "Target group", "target_group_size"),
    ("targets", "Måldato", "due_date"),
    ("targets", "Target date", "due_date"),
    ("targets", "Senest", "due_date"),
    ("targets", "Mål (antal borgere)", "target_count"),
    ("targets", "Akkumuleret mål", "target_count"),
    ("targets", "Target (cumulative)", "target_count"),
    ("targets", "Måltal", "target_count"),
    # milestones
    ("milestones", "Oprindelig plan", "baseline"),
    ("milestones", "Oprindelig slutdato", "baseline"),
    ("milestones", "Planlagt afslutning", "baseline"),
    ("milestones", "Baseline (dato)", "baseline"),
    ("milestones", "Godkendt plan", "baseline"),
    ("milestones", "Aktuel forventning", "forecast"),
    ("milestones", "Forventet slutdato", "forecast"),
    ("milestones", "Revideret plan", "forecast"),
    ("milestones", "Ny dato", "forecast"),
    ("milestones", "Expected completion", "forecast"),
    ("milestones", "Gennemført", "actual"),
    ("milestones", "Faktisk slutdato", "actual"),
    ("milestones", "Dato for gennemførelse", "actual"),
    ("milestones", "Completed on", "actual"),
    ("milestones", "Vurdering", "status"),
    ("milestones", "Status (RAG)", "status"),
    ("milestones", "Statusvurdering", "status"),
    ("milestones", "Trafiklys", "status"),
    ("milestones", "Milepæl ID", "code"),
    ("milestones", "Milepælsnr.", "code"),
    ("milestones", "Nr", "code"),
    ("milestones", "Milepælsbeskrivelse", "title"),
    ("milestones", "Aktivitet / milepæl", "title"),
    ("milestones", "Nøgle-milepæl", "is_key"),
    ("milestones", "Key milestone?", "is_key"),
    ("milestones", "Ansvarlig (navn)", "owner"),
    ("milestones", "Afhænger af (FUT)", "depends_on"),
    ("milestones", "Afhængigheder til FUT", "depends_on"),
    ("milestones", "Forudsætninger", "depends_on"),
    ("milestones", "Depends on", "depends_on"),
    ("milestones", "Kommentarer / uddybning", "comment"),
    ("milestones", "Arbejdsspor", "category"),
]


def test_the_vocabulary_has_at_least_sixty_variants():
    assert len(HEADERS) >= 60 and len(STATUSES) >= 25


@pytest.mark.parametrize(("kind", "header", "meaning"), HEADERS, ids=[h for _, h, _ in HEADERS])
def test_headers_are_read_by_their_meaning(kind, header, meaning):
    assert field_for(kind, header) == meaning


STATUSES: list[tuple[str, MilestoneStatus]] = [
    ("Færdig", MilestoneStatus.DONE), ("Done", MilestoneStatus.DONE), ("Afsluttet", MilestoneStatus.DONE),
    ("Gennemført", MilestoneStatus.DONE), ("Completed", MilestoneStatus.DONE), ("Leveret", MilestoneStatus.DONE),
    ("Afsluttet (forsinket)", MilestoneStatus.DONE), ("Implementeret", MilestoneStatus.DONE),
    ("On track", MilestoneStatus.GREEN), ("På sporet", MilestoneStatus.GREEN), ("Grøn", MilestoneStatus.GREEN),
    ("Følger planen", MilestoneStatus.GREEN), ("I gang", MilestoneStatus.GREEN),
    ("Ikke startet", MilestoneStatus.GREEN), ("Ikke forsinket", MilestoneStatus.GREEN),
    ("At risk", MilestoneStatus.AMBER), ("I risiko", MilestoneStatus.AMBER), ("Gul", MilestoneStatus.AMBER),
    ("Risiko for forsinkelse", MilestoneStatus.AMBER), ("Udfordret", MilestoneStatus.AMBER),
    ("Delayed", MilestoneStatus.RED), ("Forsinket", MilestoneStatus.RED), ("Rød", MilestoneStatus.RED),
    ("Off track", MilestoneStatus.RED), ("Ikke på sporet", MilestoneStatus.RED),
    ("Behind schedule", MilestoneStatus.RED),
    ("On hold", MilestoneStatus.PAUSED), ("Sat i bero", MilestoneStatus.PAUSED), ("Udskudt", MilestoneStatus.PAUSED),
]


@pytest.mark.parametrize(("written", "status"), STATUSES, ids=[s for s, _ in STATUSES])
def test_statuses_are_read_by_their_meaning(written, status):
    assert parse_status(written) is status


@pytest.mark.parametrize("written", ["lilla", "42", "se note"])
def test_a_status_without_meaning_is_an_error(written):
    with pytest.raises(ValueError):
        parse_status(written)
