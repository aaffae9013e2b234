# ruff: noqa: E501 - message texts read best unbroken
"""Danish and English texts of the approved baselines (refusals, CLI output, the flag on pages)."""

from __future__ import annotations

from portfolio.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    # refusals
    "baseline.error.landsdel": ("Ukendt landsdel \"{value}\". Kendte: {known}.", "Unknown landsdel \"{value}\". Known: {known}."),
    "baseline.error.programme": ("Ukendt program \"{value}\". Kendte: {known}.", "Unknown programme \"{value}\". Known: {known}."),
    "baseline.error.outcome": ("Punkt {item} på møde {meeting} blev ikke godkendt (udfald: {outcome_da}); en baseline godkendes kun ved en beslutning, der godkender den nye plan.", "Item {item} of meeting {meeting} was not approved (outcome: {outcome_en}); a baseline is approved only by a decision that approves the new plan."),
    "baseline.error.no_plan": ("{landsdel} {programme} har ingen milepælsplan indsendt senest {date} (mødets dato); der er ingen baseline at godkende.", "{landsdel} {programme} has no milestone plan submitted by {date} (the meeting's date); there is no baseline to approve."),
    "baseline.error.version": ("{landsdel} {programme} har ingen planversion {version}. Kendte: {known}.", "{landsdel} {programme} has no plan version {version}. Known: {known}."),
    "baseline.error.version_late": ("Planversion {version} er indsendt {submitted}, efter mødet {date}: et møde kan ikke godkende en plan, der ikke fandtes.", "Plan version {version} was submitted on {submitted}, after the meeting of {date}: a meeting cannot approve a plan that did not exist."),
    "baseline.error.duplicate": ("Baselinen i planversion {version} er allerede godkendt ved beslutning {decision}.", "The baseline of plan version {version} is already approved by decision {decision}."),
    "baseline.error.cpr": ("Noten ligner et CPR-nummer ({masked}); personoplysninger må ikke gemmes.", "The note looks like a CPR number ({masked}); personal data must not be stored."),
    "baseline.error.long": ("Noten er for lang (højst {limit} tegn).", "The note is too long (at most {limit} characters)."),
    # CLI
    "baseline.cli.approved": ("Baseline godkendt: {landsdel} {programme} planversion {version} (indsendt {submitted}) ved beslutning {decision} ({date}).", "Baseline approved: {landsdel} {programme} plan version {version} (submitted {submitted}) by decision {decision} ({date})."),
    "baseline.cli.none": ("Ingen godkendte baselines endnu: hæld, forsinkelse og tolerance måles mod den første indsendte plans baseline.", "No approved baselines yet: slip, tolerance and RAG are measured against the first submitted plan's baseline."),
    "baseline.cli.line": ("{landsdel} {programme}: planversion {version} (indsendt {submitted}), godkendt {date} ved beslutning {decision} – {title}", "{landsdel} {programme}: plan version {version} (submitted {submitted}), approved {date} by decision {decision} – {title}"),
    # the flag
    "baseline.flag.title": ("Baseline ændret uden godkendelse", "Baseline changed without approval"),
    "baseline.flag.intro": ("Disse milepæles baseline afviger fra den godkendte baseline (før nogen er godkendt: den første indsendte plans). Forsinkelse, tolerance og afledt RAG måles fortsat mod den godkendte baseline, indtil porteføljestyregruppen godkender en ny plan (`portfolio baseline approve`).", "The baseline of these milestones differs from the approved baseline (before any is approved: the first submitted plan's). Slip, tolerance and derived RAG are still measured against the approved baseline until the steering group approves a new plan (`portfolio baseline approve`)."),
    "baseline.flag.reference.approved": ("godkendt {date} (beslutning {decision}, planversion {version})", "approved {date} (decision {decision}, plan version {version})"),
    "baseline.flag.reference.first": ("første indsendte plan (version {version}); ingen godkendt baseline endnu", "first submitted plan (version {version}); no approved baseline yet"),
    "baseline.flag.summary": ("{landsdel} {programme}: {count} milepæle med ændret baseline mod {reference}.", "{landsdel} {programme}: {count} milestones with a changed baseline against the {reference}."),
    "baseline.flag.none": ("ingen", "none"),
    "baseline.col.landsdel": ("Landsdel", "Landsdel"),
    "baseline.col.code": ("ID", "ID"),
    "baseline.col.title": ("Milepæl", "Milestone"),
    "baseline.col.approved": ("Godkendt baseline", "Approved baseline"),
    "baseline.col.new": ("Ny baseline", "New baseline"),
    "baseline.col.days": ("Dage flyttet", "Days moved"),
    "baseline.col.reference": ("Målt mod", "Measured against"),
    "baseline.col.version": ("Planversion", "Plan version"),
}

register_messages(MESSAGES)
