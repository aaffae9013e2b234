"""Danish and English texts of the risk log (refusals, CLI output, lamps)."""

from __future__ import annotations

from portfolio.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    # refusals
    "risk.error.unknown": ("Der findes ingen risiko med id {id}. Se `portfolio risk list`.", "There is no risk with id {id}. See `portfolio risk list`."),
    "risk.error.empty": ("{field} mangler.", "{field} is missing."),
    "risk.error.long": ("{field} er for lang (højst {limit} tegn).", "{field} is too long (at most {limit} characters)."),
    "risk.error.cpr": ("{field} ligner et CPR-nummer ({masked}); personoplysninger må ikke komme i risikologgen.", "{field} looks like a CPR number ({masked}); personal data must not enter the risk log."),
    "risk.error.scale": ("{field} skal være et helt tal fra 1 til 5, ikke \"{value}\".", "{field} must be a whole number from 1 to 5, not \"{value}\"."),
    "risk.error.landsdel": ("Ukendt landsdel \"{value}\". Kendte: {known}.", "Unknown landsdel \"{value}\". Known: {known}."),
    "risk.error.component": ("Ukendt FUT-komponent \"{value}\". Se `portfolio components list`.", "Unknown FUT component \"{value}\". See `portfolio components list`."),
    "risk.error.owner": ("Ukendt organisation \"{value}\". Kendte: {known}.", "Unknown organisation \"{value}\". Known: {known}."),
    "risk.error.strategy": ("Ukendt strategi \"{value}\": brug undgå, reducér, overfør eller acceptér.", "Unknown strategy \"{value}\": use avoid, reduce, transfer or accept."),
    "risk.error.status": ("Ukendt status \"{value}\": brug åben, lukket eller accepteret.", "Unknown status \"{value}\": use open, closed or accepted."),
    "risk.error.signal": ("Ukendt signal \"{value}\": brug {kinds} efterfulgt af :ARG (fx fut_stale:KL_GATEWAY, milestone_slip:nord).", "Unknown signal \"{value}\": use {kinds} followed by :ARG (e.g. fut_stale:KL_GATEWAY, milestone_slip:nord)."),
    "risk.error.threshold": ("Signalet {signal} skal have en tærskel (--threshold, et helt tal fra 0).", "The signal {signal} needs a threshold (--threshold, a whole number from 0)."),
    "risk.error.threshold_alone": ("En tærskel uden signal: angiv --signal KIND:ARG.", "A threshold without a signal: give --signal KIND:ARG."),
    "risk.error.decision_format": ("\"{value}\" er ikke en beslutning: brug MØDE:PUNKT (fx 3:2).", "\"{value}\" is not a decision: use MEETING:ITEM (e.g. 3:2)."),
    "risk.error.decision": ("Møde {meeting} har ingen beslutning under punkt {item} (punktet skal findes og have et udfald). Se `portfolio meeting show {meeting}`.", "Meeting {meeting} has no decision under item {item} (the item must exist and have an outcome). See `portfolio meeting show {meeting}`."),
    "risk.error.decision_needed": ("En risiko lukkes eller accepteres med henvisning til en beslutning (--decision MØDE:PUNKT).", "A risk is closed or accepted with reference to a decision (--decision MEETING:ITEM)."),
    "risk.error.date": ("\"{value}\" er ikke en dato (brug ÅÅÅÅ-MM-DD).", "\"{value}\" is not a date (use YYYY-MM-DD)."),
    "risk.error.mitigation": ("Ugyldigt tiltag \"{value}\": brug TEKST[|EJER[|FRIST[|STATUS]]], status planlagt, i gang eller udført.", "Invalid mitigation \"{value}\": use TEXT[|OWNER[|DUE[|STATUS]]], status planned, ongoing or done."),
    "risk.error.closed": ("Risiko {id} er {status}; den kan ikke ændres. Genåbn den med --status open.", "Risk {id} is {status}; it cannot be changed. Reopen it with --status open."),
    "risk.error.nothing": ("Intet at ændre: angiv mindst ét felt.", "Nothing to change: give at least one field."),
    "risk.error.where": ("En risiko skal angå en landsdel og/eller en FUT-komponent, eller ejes af en organisation.", "A risk must concern a landsdel and/or a FUT component, or be owned by an organisation."),
    # field names
    "risk.field.title": ("Titlen", "The title"),
    "risk.field.description": ("Beskrivelsen", "The description"),
    "risk.field.category": ("Kategorien", "The category"),
    "risk.field.note": ("Noten", "The note"),
    "risk.field.mitigation": ("Tiltaget", "The mitigation"),
    "risk.field.probability": ("Sandsynligheden", "The probability"),
    "risk.field.consequence": ("Konsekvensen", "The consequence"),
    "risk.field.residual_probability": ("Restsandsynligheden", "The residual probability"),
    "risk.field.residual_consequence": ("Restkonsekvensen", "The residual consequence"),
    # vocabulary
    "risk.status.open": ("åben", "open"),
    "risk.status.closed": ("lukket", "closed"),
    "risk.status.accepted": ("accepteret", "accepted"),
    "risk.strategy.avoid": ("undgå", "avoid"),
    "risk.strategy.reduce": ("reducér", "reduce"),
    "risk.strategy.transfer": ("overfør", "transfer"),
    "risk.strategy.accept": ("acceptér", "accept"),
    # lamps: why a lamp is lit (or why not)
    "risk.lamp.fut_stale": ("{component} er ikke rapporteret i {days} dage (tærskel {threshold}).", "{component} has not been reported for {days} days (threshold {threshold})."),
    "risk.lamp.fut_never": ("{component} er aldrig rapporteret.", "{component} has never been reported."),
    "risk.lamp.fut_fresh": ("{component} rapporteret for {days} dage siden (tærskel {threshold}).", "{component} reported {days} days ago (threshold {threshold})."),
    "risk.lamp.fut_slip": ("{component}: prognosen for {which} er rykket {days} dage siden rapporten {previous} (tærskel {threshold}).", "{component}: the {which} forecast moved {days} days since the report of {previous} (threshold {threshold})."),
    "risk.lamp.fut_no_slip": ("{component}: prognosen er ikke rykket over tærsklen ({days} dage, tærskel {threshold}).", "{component}: the forecast has not moved past the threshold ({days} days, threshold {threshold})."),
    "risk.lamp.which.pilot": ("pilot", "pilot"),
    "risk.lamp.which.production": ("drift", "production"),
    "risk.lamp.slip": ("{landsdel} {programme}: {milestone} er {days} dage forsinket mod baseline (tærskel {threshold}).", "{landsdel} {programme}: {milestone} is {days} days late against its baseline (threshold {threshold})."),
    "risk.lamp.no_slip": ("{landsdel}: største forsinkelse {days} dage (tærskel {threshold}).", "{landsdel}: largest slip {days} days (threshold {threshold})."),
    "risk.lamp.inclusion": ("{landsdel} {programme}: {active} aktive borgere, {gap} % under de {expected}, der skulle være nået (tærskel {threshold} %).", "{landsdel} {programme}: {active} active citizens, {gap} % below the {expected} due by now (threshold {threshold} %)."),
    "risk.lamp.inclusion_ok": ("{landsdel}: inklusionen er højst {gap} % bagud (tærskel {threshold} %).", "{landsdel}: inclusion is at most {gap} % behind (threshold {threshold} %)."),
    "risk.lamp.rag_red": ("{landsdel} {programme}: den afledte RAG er rød.", "{landsdel} {programme}: the derived RAG is red."),
    "risk.lamp.rag_not_red": ("{landsdel}: den afledte RAG er ikke rød.", "{landsdel}: the derived RAG is not red."),
    "risk.lamp.no_data": ("Ingen data at måle signalet på pr. {date}.", "No data to measure the signal on as of {date}."),
    "risk.lamp.none": ("Intet signal bundet.", "No signal bound."),
    "risk.lamp.inactive": ("Risikoen er {status}; lampen er slukket.", "The risk is {status}; the lamp is off."),
    # CLI
    "risk.cli.added": ("Risiko {id} oprettet (score {score}).", "Risk {id} added (score {score})."),
    "risk.cli.updated": ("Risiko {id} opdateret: version {version} (score {score}).", "Risk {id} updated: version {version} (score {score})."),
    "risk.cli.closed": ("Risiko {id} lukket med henvisning til møde {meeting}, punkt {item}.", "Risk {id} closed with reference to meeting {meeting}, item {item}."),
    "risk.cli.none": ("Ingen risici.", "No risks."),
    "risk.cli.lit": ("TÆNDT", "LIT"),
    "risk.cli.header": ("Risici pr. {date}:", "Risks as of {date}:"),
    "risk.cli.version": ("v{version} {when} af {who}: {title} · score {score} · {status}{note}", "v{version} {when} by {who}: {title} · score {score} · {status}{note}"),
}

register_messages(MESSAGES)

register_messages({
    "risk.level.amber": ("gul", "yellow"),
    "risk.level.red": ("rød", "red"),
    "risk.dimension.time": ("tid", "time"),
    "risk.dimension.inclusion": ("inklusion", "inclusion"),
    "risk.dimension.fut": ("FUT", "FUT"),
    "risk.breach.time": ("tid ({level}): {subject} er {value} dage forsinket (tolerance {threshold} dage)", "time ({level}): {subject} is {value} days late (tolerance {threshold} days)"),
    "risk.breach.inclusion": ("inklusion ({level}): {value} af målet for datoen (tolerance {threshold})", "inclusion ({level}): {value} of the target due by the date (tolerance {threshold})"),
    "risk.breach.fut": ("FUT ({level}): {subject} er rykket {value} dage siden første prognose (tolerance {threshold} dage)", "FUT ({level}): {subject} moved {value} days since its first forecast (tolerance {threshold} days)"),
    "risk.exception.title": ("Tolerance overskredet: {landsdel} {programme} – beslutning om spor", "Tolerance breached: {landsdel} {programme} – decision on the track"),
    "risk.exception.reason": ("Pr. {date}: {breaches}. {tracks}", "As of {date}: {breaches}. {tracks}"),
    "risk.exception.tracks": ("Porteføljestyregruppen beslutter et af tre spor: 1) tilbage på planen (genopretning inden for den godkendte baseline), 2) ny plan (en ny baseline godkendes), 3) stop.", "The steering group decides one of three tracks: 1) back on plan (recovery within the approved baseline), 2) a new plan (a new baseline is approved), 3) stop."),
    "risk.exceptions.header": ("Tolerancebrud pr. {date} (tolerancer: {source}):", "Tolerance breaches as of {date} (tolerances: {source}):"),
    "risk.exceptions.none": ("Ingen tolerancebrud.", "No tolerance breaches."),
    "risk.exceptions.bad_file": ("Tolerancefilen kan ikke bruges: {error}", "The tolerances file cannot be used: {error}"),
})
