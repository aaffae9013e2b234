"""The audit log in words: Danish and English names of the actions, and the detail as readable fields.

The log itself keeps its codes and JSON (they are the record); the page shows these names. An action or field this
table does not know yet (a newer feature's) is shown as recorded.
"""

from __future__ import annotations

import json
from typing import Any

from portfolio.i18n import format_number

ACTION_NAMES: dict[str, tuple[str, str]] = {
    "auth.login": ("Logget ind", "Logged in"),
    "auth.login_failed": ("Mislykket login", "Failed login"),
    "auth.locked": ("Konto låst", "Account locked"),
    "auth.logout": ("Logget ud", "Logged out"),
    "auth.denied": ("Afvist (ikke tilladt)", "Refused (not allowed)"),
    "audit.export": ("Revisionslog eksporteret", "Audit log exported"),
    "store.init": ("Database oprettet/opdateret", "Store created/updated"),
    "demo.load": ("Demodata indlæst", "Demo data loaded"),
    "generate": ("Syntetiske data genereret", "Synthetic data generated"),
    "plan.import": ("Milepælsplan importeret", "Milestone plan imported"),
    "plan.import.rejected": ("Milepælsplan afvist", "Milestone plan refused"),
    "import.mapping": ("Kolonneoversættelse gemt", "Column mapping saved"),
    "feed.import": ("FUT-statusfeed indlæst", "FUT status feed taken in"),
    "feed.import.rejected": ("FUT-statusfeed afvist", "FUT status feed refused"),
    "feed.pull": ("FUT-statusfeed hentet (intet nyt)", "FUT status feed pulled (nothing new)"),
    "snapshot.create": ("Snapshot fastfrosset", "Snapshot frozen"),
    "snapshot.export": ("Bilag hentet", "Annex downloaded"),
    "component.add": ("FUT-komponent tilføjet", "FUT component added"),
    "user.add": ("Bruger oprettet", "User added"),
    "user.set_role": ("Rolle ændret", "Role changed"),
    "user.set_password": ("Adgangskode ændret", "Password changed"),
    "user.set_email": ("E-mail ændret", "E-mail changed"),
    "user.activate": ("Bruger aktiveret", "User activated"),
    "user.deactivate": ("Bruger deaktiveret", "User deactivated"),
    "auth.session_start": ("Login husket (sessionscookie)", "Login remembered (session cookie)"),
    "auth.session_revoke": ("Sessioner afsluttet", "Sessions ended"),
    "store.backup": ("Sikkerhedskopi taget", "Backup taken"),
    "meeting.create": ("Møde oprettet", "Meeting created"),
    "meeting.snapshot": ("Mødets snapshot valgt", "Meeting's snapshot chosen"),
    "meeting.participants": ("Deltagere ændret", "Participants changed"),
    "meeting.item.add": ("Dagsordenspunkt tilføjet", "Agenda item added"),
    "meeting.item.edit": ("Dagsordenspunkt ændret", "Agenda item changed"),
    "meeting.held": ("Møde afholdt", "Meeting held"),
    "meeting.conclude": ("Konklusion registreret", "Conclusion recorded"),
    "meeting.approve": ("Referat godkendt", "Minutes approved"),
    "meeting.correct": ("Referat rettet", "Minutes corrected"),
    "meeting.export": ("Referat hentet", "Minutes downloaded"),
    "meeting.action.add": ("Opfølgningspunkt oprettet", "Action added"),
    "meeting.action.update": ("Opfølgningspunkt opdateret", "Action updated"),
    "risk.add": ("Risiko oprettet", "Risk added"),
    "risk.update": ("Risiko opdateret", "Risk updated"),
    "risk.closed": ("Risiko lukket", "Risk closed"),
    "risk.accepted": ("Risiko accepteret", "Risk accepted"),
    "baseline.approve": ("Baseline godkendt", "Baseline approved"),
    "scenario.save": ("Scenarie gemt", "Scenario saved"),
    "scenario.attach": ("Scenarie lagt på beslutningspunkt", "Scenario attached to a decision item"),
}
GROUP_NAMES: dict[str, tuple[str, str]] = {
    "auth.": ("Login og adgang (alle)", "Login and access (all)"),
    "plan.": ("Milepælsplaner (alle)", "Milestone plans (all)"),
    "feed.": ("FUT-statusfeed (alle)", "FUT status feed (all)"),
    "snapshot.": ("Snapshots (alle)", "Snapshots (all)"),
    "user.": ("Brugere (alle)", "Users (all)"),
    "import.": ("Import (alle)", "Import (all)"),
    "audit.": ("Revisionslog (alle)", "Audit log (all)"),
    "store.": ("Database (alle)", "Store (all)"),
    "demo.": ("Demodata (alle)", "Demo data (all)"),
    "component.": ("FUT-komponenter (alle)", "FUT components (all)"),
    "meeting.": ("Møder (alle)", "Meetings (all)"),
    "risk.": ("Risici (alle)", "Risks (all)"),
    "baseline.": ("Godkendte baselines (alle)", "Approved baselines (all)"),
    "scenario.": ("Scenarier (alle)", "Scenarios (all)"),
}
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "snapshot_id": ("Snapshot", "Snapshot"),
    "previous_snapshot_id": ("Forrige snapshot", "Previous snapshot"),
    "base_snapshot_id": ("Sammenlignet med snapshot", "Compared with snapshot"),
    "as_of": ("Status pr.", "As of"),
    "format": ("Format", "Format"),
    "bytes": ("Størrelse (byte)", "Size (bytes)"),
    "lang": ("Sprog", "Language"),
    "plan_versions": ("Planversioner", "Plan versions"),
    "milestones": ("Milepæle", "Milestones"),
    "role": ("Rolle", "Role"),
    "landsdele": ("Landsdele", "Landsdele"),
    "landsdel": ("Landsdel", "Landsdel"),
    "programme": ("Program", "Programme"),
    "email": ("E-mail", "E-mail"),
    "local_password": ("Lokal adgangskode", "Local password"),
    "version": ("Version", "Version"),
    "version_no": ("Version", "Version"),
    "name": ("Navn", "Name"),
    "kind": ("Type", "Kind"),
    "filters": ("Filtre", "Filters"),
    "reason": ("Begrundelse", "Reason"),
    "message": ("Besked", "Message"),
    "action": ("Handling", "Action"),
    "errors": ("Fejl", "Errors"),
    "entries": ("Indberetninger", "Entries"),
    "rows": ("Rækker", "Rows"),
    "scale": ("Skala", "Scale"),
    "scenario_id": ("Scenarie", "Scenario"),
    "assumptions": ("Antagelser", "Assumptions"),
}
_BOOL = {True: ("ja", "yes"), False: ("nej", "no")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def action_label(code: str | None, lang: str) -> str:
    if not code:
        return "–"
    if code in ACTION_NAMES:
        return _pick(ACTION_NAMES[code], lang)
    if code in GROUP_NAMES:
        return _pick(GROUP_NAMES[code], lang)
    return code


def _value(value: Any, lang: str) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _pick(_BOOL[value], lang)
    if isinstance(value, int | float):
        return format_number(value, lang)
    if isinstance(value, list):
        return ", ".join(_value(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k, lang)}: {_value(v, lang)}" for k, v in value.items()
                         if v not in (None, "", [], {}))
    return str(value)


def field_label(key: str, lang: str) -> str:
    return _pick(FIELD_NAMES[key], lang) if key in FIELD_NAMES else key.replace("_", " ")


def detail_text(detail: dict[str, Any] | str | None, lang: str) -> str:
    """``{"snapshot_id": 2, "format": "pptx"}`` -> "Snapshot: 2 · Format: pptx"; empty -> ""."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail) if detail else None
        except ValueError:
            return detail
    if not detail:
        return ""
    if not isinstance(detail, dict):
        return _value(detail, lang)
    return " · ".join(f"{field_label(k, lang)}: {_value(v, lang)}" for k, v in detail.items())
