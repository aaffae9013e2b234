"""Danish and English texts of saved scenarios (refusals, CLI output, the panel and the pack)."""

from __future__ import annotations

from portfolio.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    # refusals
    "scenario.error.name_empty": ("Scenariet skal have et navn (--name).", "The scenario needs a name (--name)."),
    "scenario.error.name_long": ("Navnet er for langt (højst {limit} tegn).", "The name is too long (at most {limit} characters)."),
    "scenario.error.name_cpr": ("Navnet ligner et CPR-nummer ({masked}); personoplysninger må ikke gemmes. Intet er gemt.", "The name looks like a CPR number ({masked}); personal data must not be stored. Nothing was stored."),
    "scenario.error.name_taken": ("Der findes allerede et scenarie med navnet \"{name}\" (id {id}). Vælg et andet navn.", "A scenario named \"{name}\" already exists (id {id}). Choose another name."),
    "scenario.error.nothing": ("Et scenarie skal have mindst én antagelse: --component KODE --weeks N og/eller --inclusion LANDSDEL=PROCENT.", "A scenario needs at least one assumption: --component CODE --weeks N and/or --inclusion LANDSDEL=PERCENT."),
    "scenario.error.pairs": ("Hver --component skal have sit eget --weeks (fik {components} komponent(er) og {weeks} antal uger).", "Each --component needs its own --weeks (got {components} component(s) and {weeks} week count(s))."),
    "scenario.error.component": ("Ukendt FUT-komponent \"{value}\". Se `portfolio component list`.", "Unknown FUT component \"{value}\". See `portfolio component list`."),
    "scenario.error.component_twice": ("Komponenten {code} er nævnt to gange.", "The component {code} is given twice."),
    "scenario.error.weeks": ("Antal uger skal være et helt tal fra 1 til {limit}, ikke \"{value}\".", "The number of weeks must be a whole number from 1 to {limit}, not \"{value}\"."),
    "scenario.error.inclusion_format": ("\"{value}\" er ikke en inklusionsantagelse: brug LANDSDEL=PROCENT (fx midt=-20 eller nord=+15).", "\"{value}\" is not an inclusion assumption: use LANDSDEL=PERCENT (e.g. midt=-20 or nord=+15)."),
    "scenario.error.percent": ("Ændringen af inklusionstakten skal være et helt tal fra {low} til +{high} %, ikke \"{value}\".", "The change of the inclusion rate must be a whole number from {low} to +{high} %, not \"{value}\"."),
    "scenario.error.landsdel": ("Ukendt landsdel \"{value}\". Kendte: {known}.", "Unknown landsdel \"{value}\". Known: {known}."),
    "scenario.error.landsdel_twice": ("Landsdelen {landsdel} er nævnt to gange.", "The landsdel {landsdel} is given twice."),
    "scenario.error.no_snapshot": ("Der er intet snapshot at regne scenariet mod. Fastfrys et først (`portfolio snapshot create`).", "There is no snapshot to compute the scenario against. Freeze one first (`portfolio snapshot create`)."),
    "scenario.error.snapshot": ("Der findes intet snapshot med id {id}. Se `portfolio snapshot list`.", "There is no snapshot with id {id}. See `portfolio snapshot list`."),
    "scenario.error.unknown": ("Der findes intet scenarie med id {id}. Se `portfolio scenario list`.", "There is no scenario with id {id}. See `portfolio scenario list`."),
    "scenario.error.same": ("Vælg to forskellige scenarier at sammenligne.", "Choose two different scenarios to compare."),
    "scenario.error.item_format": ("\"{value}\" er ikke et dagsordenspunkt: brug MØDE:PUNKT (fx 3:2).", "\"{value}\" is not an agenda item: use MEETING:ITEM (e.g. 3:2)."),
    "scenario.error.item": ("Møde {meeting} har intet punkt {item}. Se `portfolio meeting show {meeting}`.", "Meeting {meeting} has no item {item}. See `portfolio meeting show {meeting}`."),
    "scenario.error.item_kind": ("Punkt {item} på møde {meeting} er ikke et beslutningspunkt (B); et scenarie er et beslutningsforslag.", "Item {item} of meeting {meeting} is not a decision item (B); a scenario is a decision option."),
    "scenario.error.item_frozen": ("Referatet af møde {meeting} er godkendt; der kan ikke tilføjes beslutningsforslag.", "The minutes of meeting {meeting} are approved; no decision option can be added."),
    "scenario.error.attached": ("Scenarie {id} er allerede et beslutningsforslag under punkt {item} på møde {meeting}.", "Scenario {id} is already a decision option under item {item} of meeting {meeting}."),
    # CLI output
    "scenario.cli.none": ("Ingen gemte scenarier.", "No saved scenarios."),
    "scenario.cli.attached": ("Scenarie {id} er beslutningsforslag under punkt {item} på møde {meeting}.", "Scenario {id} is a decision option under item {item} of meeting {meeting}."),
    "scenario.cli.pushed": ("Milepæle skubbet: {n} (højst {days} dage)", "Milestones pushed: {n} (at most {days} days)"),
    "scenario.cli.full": ("Fuld inklusion:", "Full inclusion:"),
    "scenario.cli.never": ("nås ikke", "not reached"),
    # assumptions in words
    "scenario.assume.component_slip": ("{name} skrider {amount} uger", "{name} slips {amount} weeks"),
    "scenario.assume.inclusion_rate": ("Inklusionstakten i {name} ændres {amount} %", "The inclusion rate of {name} changes by {amount} %"),
    # panel
    "scenario.panel.title": ("Gemte scenarier", "Saved scenarios"),
    "scenario.panel.caption": ("Et scenarie gemmer antagelserne ovenfor (og eventuelt en ændret inklusionstakt) og regnes mod et snapshot, så det kan sammenlignes og lægges frem som beslutningsforslag.", "A scenario saves the assumptions above (and, if wanted, a changed inclusion rate) and is computed against a snapshot, so it can be compared and put forward as a decision option."),
    "scenario.panel.save": ("Gem scenarie", "Save scenario"),
    "scenario.panel.name": ("Navn på scenariet", "Name of the scenario"),
    "scenario.panel.snapshot": ("Regn mod snapshot", "Compute against snapshot"),
    "scenario.panel.inclusion": ("Ændret inklusionstakt (valgfrit)", "Changed inclusion rate (optional)"),
    "scenario.panel.inclusion_landsdel": ("Landsdel", "Landsdel"),
    "scenario.panel.inclusion_none": ("Ingen", "None"),
    "scenario.panel.percent": ("Ændring af månedlig inklusionstakt (%)", "Change of monthly inclusion rate (%)"),
    "scenario.panel.saved": ("Scenariet \"{name}\" er gemt (id {id}).", "The scenario \"{name}\" was saved (id {id})."),
    "scenario.panel.no_snapshot": ("Fastfrys et snapshot på siden Snapshots, før et scenarie kan gemmes.", "Freeze a snapshot on the Snapshots page before a scenario can be saved."),
    "scenario.panel.who": ("Sekretariatet (administratorer) gemmer scenarier; du kan se og sammenligne dem.", "The secretariat (admins) saves scenarios; you can view and compare them."),
    "scenario.panel.none": ("Ingen gemte scenarier endnu.", "No saved scenarios yet."),
    "scenario.panel.compare": ("Sammenlign to scenarier", "Compare two scenarios"),
    "scenario.panel.first": ("Scenarie A", "Scenario A"),
    "scenario.panel.second": ("Scenarie B", "Scenario B"),
    "scenario.panel.need_two": ("Gem mindst to scenarier for at sammenligne.", "Save at least two scenarios to compare."),
    "scenario.panel.milestones": ("Milepæle skubbet", "Milestones pushed"),
    "scenario.panel.full": ("Prognose for fuld inklusion", "Forecast of full inclusion"),
    # columns
    "scenario.col.id": ("Id", "Id"),
    "scenario.col.name": ("Navn", "Name"),
    "scenario.col.snapshot": ("Snapshot", "Snapshot"),
    "scenario.col.assumptions": ("Antagelser", "Assumptions"),
    "scenario.col.pushed": ("Milepæle skubbet", "Milestones pushed"),
    "scenario.col.max_days": ("Højst dage", "Most days"),
    "scenario.col.created": ("Gemt", "Saved"),
    "scenario.col.by": ("Af", "By"),
    "scenario.col.programme": ("Program", "Programme"),
    "scenario.col.landsdel": ("Landsdel", "Landsdel"),
    "scenario.col.milestone": ("Milepæl", "Milestone"),
    "scenario.col.now": ("Uden scenarie", "Without scenario"),
    "scenario.col.days": ("Dage", "Days"),
    "scenario.col.options": ("Beslutningsforslag (scenarier)", "Decision options (scenarios)"),
    "scenario.option.line": ("Scenarie {id} \"{name}\": {assumptions} · {pushed}", "Scenario {id} \"{name}\": {assumptions} · {pushed}"),
    # pack
    "scenario.pack.title": ("Scenarie {id}: {name}", "Scenario {id}: {name}"),
    "scenario.pack.subtitle": ("Beslutningsforslag under punkt {item} · regnet mod snapshot pr. {date}", "Decision option under item {item} · computed against the snapshot as of {date}"),
    "scenario.pack.days": ("{days} dage", "{days} days"),
    "scenario.pack.no_pushes": ("Ingen milepæle skubbes af antagelserne.", "The assumptions push no milestone."),
}

register_messages(MESSAGES)
