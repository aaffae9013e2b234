# ruff: noqa: E501 - message texts read best unbroken
"""Risks sent as a sheet "Risici" in the plan workbook: read tolerantly, checked and stored by the risk service.

Reading is as tolerant as the plan's: the header row among the first rows, headers in Danish or English and their
variants ("Sandsynlighed (1-5)", "Probability", "Ejer", "Risikoejer"), probability and consequence written as "3",
3.0, "3 - middel", "høj" or "very high". Storing is as strict as `portfolio risk add`: every row goes through the
risk service's checks (organisation, landsdel, component, signal, 1–5, CPR numbers), and a row that cannot be read or
is refused is an error naming the sheet, row and column, so the whole file is refused and nothing is dropped.

A row updates the risk its "ID" names, else the open risk with the same title; otherwise it adds a risk. An
unchanged row changes nothing. Nothing is stored before the plan is (``store_risks`` runs after it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portfolio.i18n import register_messages
from portfolio.importing.cells import text_of
from portfolio.importing.problems import WARNING, Problem, column_letter
from portfolio.importing.workbook import Sheet, Workbook
from portfolio.models import TARGET_WIDTH
from portfolio.risks.domain import RiskStatus, fold_word
from portfolio.text import clip

register_messages({
    "import.risk.no_header": ("Arket har ingen kolonne med risikoens titel (fx »Titel« eller »Risiko«); ingen risici er læst.", "The sheet has no column with the risk's title (e.g. \"Titel\" or \"Risk\"); no risks were read."),
    "import.risk.unknown_header": ("Kolonnen »{header}« kendes ikke og er ikke læst.", "The column \"{header}\" is not known and was not read."),
    "import.risk.scale": ("{field_da} »{value}« kan ikke læses: skriv et tal fra 1 til 5 eller meget lav, lav, middel, høj, meget høj.", "{field_en} \"{value}\" cannot be read: write a number from 1 to 5 or very low, low, medium, high, very high."),
    "import.risk.missing": ("{field_da} mangler.", "{field_en} is missing."),
    "import.risk.id": ("»{value}« er ikke et risiko-id (et helt tal).", "\"{value}\" is not a risk id (a whole number)."),
    "import.risk.unknown_id": ("Der findes ingen risiko med id {value}.", "There is no risk with id {value}."),
    "import.risk.refused": ("{da}", "{en}"),
    "import.risk.summary": ("Arket »{sheet}«: {count} risici læst; {changes} tilføjes eller får en ny version, når filen importeres.", "Sheet \"{sheet}\": {count} risks read; {changes} are added or get a new version when the file is imported."),
    "import.risk.outcome": ("Risici: {added} tilføjet, {updated} opdateret, {unchanged} uændret.", "Risks: {added} added, {updated} updated, {unchanged} unchanged."),
    "import.risk.too_many": ("Arket har mere end {limit} risici.", "The sheet has more than {limit} risks."),
})

SHEET_NAMES = frozenset({"risici", "risiko", "risikoer", "risikolog", "risikologgen", "risikoregister", "risks", "risk",
                         "risklog", "riskregister"})
MAX_RISKS = 1_000
HEADER_SCAN_ROWS = 40

# folded header (letters and digits only) -> field
HEADERS: dict[str, str] = {}
for _field, _names in {
    "id": ("id", "riskid", "risikoid", "risikonr", "nr", "nummer", "no"),
    "title": ("titel", "title", "risiko", "risk", "risikotitel", "risktitle", "overskrift", "navn", "name"),
    "description": ("beskrivelse", "description", "hvisså", "hvissaa", "ifthen", "risikobeskrivelse"),
    "category": ("kategori", "category", "type", "risikotype"),
    "owner": ("ejer", "owner", "risikoejer", "riskowner", "ansvarlig", "ansvarligorganisation", "organisation",
              "organization", "responsible"),
    "landsdel": ("landsdel", "region", "landsdelsprogram"),
    "component": ("komponent", "futkomponent", "component", "futcomponent"),
    "probability": ("sandsynlighed", "probability", "likelihood", "sandsynlighed15", "probability15", "s", "p"),
    "consequence": ("konsekvens", "consequence", "impact", "konsekvens15", "consequence15", "k", "c"),
    "strategy": ("strategi", "strategy", "håndtering", "haandtering", "handlingsstrategi", "response"),
    "mitigation": ("tiltag", "mitigation", "mitigations", "afbødning", "afboedning", "handling", "handlinger",
                   "modtiltag", "actions"),
    "residual_probability": ("restsandsynlighed", "residualprobability", "residuallikelihood"),
    "residual_consequence": ("restkonsekvens", "residualconsequence", "residualimpact"),
    "signal": ("signal", "advarselslampe", "warninglamp", "lampe", "lamp"),
    "threshold": ("tærskel", "taerskel", "threshold", "graense", "grænse"),
    "status": ("status", "tilstand", "state"),
    "decision": ("beslutning", "decision", "godkendtved", "møde", "moede"),
}.items():
    for _name in _names:
        HEADERS[_name] = _field

FIELD_LABELS = {
    "probability": ("Sandsynligheden", "The probability"), "consequence": ("Konsekvensen", "The consequence"),
    "residual_probability": ("Restsandsynligheden", "The residual probability"),
    "residual_consequence": ("Restkonsekvensen", "The residual consequence"),
    "title": ("Titlen", "The title"), "owner": ("Ejeren", "The owner"),
}
# words for 1–5, Danish and English, folded
SCALE_WORDS = {
    "megetlav": 1, "verylow": 1, "ubetydelig": 1, "negligible": 1,
    "lav": 2, "low": 2, "lille": 2, "minor": 2,
    "middel": 3, "medium": 3, "moderat": 3, "moderate": 3, "mellem": 3,
    "hoej": 4, "hoj": 4, "high": 4, "stor": 4, "major": 4,
    "megethoej": 5, "megethoj": 5, "veryhigh": 5, "megetstor": 5, "kritisk": 5, "critical": 5,
    "severe": 5,
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9æøå]", "", (text or "").strip().lower().split("(")[0])


def _field_for(header: Any) -> str | None:
    if not isinstance(header, str) or not header.strip():
        return None
    folded = _key(header)
    return HEADERS.get(folded) or HEADERS.get(re.sub(r"[^a-z0-9]", "", fold_word(header.split("(")[0])))


class ScaleError(ValueError):
    pass


def parse_scale(value: Any) -> int | None:
    """1–5 as people write it: 3, 3.0, "3", "3 - middel", "3 (middel)", "høj", "Very high". None: blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ScaleError(str(value))
    if isinstance(value, int | float):
        if float(value).is_integer() and 1 <= int(value) <= 5:
            return int(value)
        raise ScaleError(text_of(value))
    text = str(value).strip()
    number = re.match(r"^\s*(\d+)(?:[.,]0+)?(?:\s*(?:[-–:/(]|$)|\s+\D)", text)
    if number:
        found = int(number.group(1))
        if 1 <= found <= 5:
            return found
        raise ScaleError(text)
    word = re.sub(r"[^a-z]", "", fold_word(text))
    if word in SCALE_WORDS:
        return SCALE_WORDS[word]
    raise ScaleError(text)


@dataclass
class RiskRow:
    row: int  # 1-based, as Excel shows it
    values: dict[str, Any] = field(default_factory=dict)  # field -> value as read (text, or 1–5)
    columns: dict[str, str] = field(default_factory=dict)  # field -> column letter
    risk_id: int | None = None  # the existing risk it updates (set by the check)
    changes: bool = True  # adds a risk or a new version (set by the check)

    def change(self):  # type: ignore[no-untyped-def]
        from portfolio.risks.service import RiskChange, parse_mitigation

        v = self.values
        mitigations = [parse_mitigation(part) for part in re.split(r"\n|;", v.get("mitigation", "")) if part.strip()]
        return RiskChange(
            title=v.get("title"), description=v.get("description"), category=v.get("category"), owner=v.get("owner"),
            landsdel=v.get("landsdel"), component=v.get("component"), probability=v.get("probability"),
            consequence=v.get("consequence"), strategy=v.get("strategy"),
            mitigations=mitigations if "mitigation" in v else None,
            residual_probability=v.get("residual_probability"), residual_consequence=v.get("residual_consequence"),
            signal=v.get("signal"), threshold=v.get("threshold"), status=v.get("status"), decision=v.get("decision"))


@dataclass
class RiskSheet:
    sheet: str
    rows: list[RiskRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        """Importing the sheet would add a risk or a version (known after ``check_risks``)."""
        return any(row.changes for row in self.rows)


def find_risk_sheet(workbook: Workbook) -> Sheet | None:
    return next((s for s in workbook.sheets if re.sub(r"[^a-z]", "", fold_word(s.name)) in SHEET_NAMES), None)


SCALE_FIELDS = frozenset({"probability", "consequence", "residual_probability", "residual_consequence"})
REQUIRED_FIELDS = ("title", "probability", "consequence", "owner")
_Header = tuple[int, dict[str, int], list[tuple[int, str]]]  # row, field -> column, unknown headers


def read_risk_sheet(workbook: Workbook) -> RiskSheet | None:
    """The risks of the workbook's "Risici" sheet as read, with every problem; None when there is no such sheet."""
    sheet = find_risk_sheet(workbook)
    if sheet is None:
        return None
    out = RiskSheet(sheet.name)
    header = _header(sheet)
    if header is None:
        if any(any(v not in (None, "") for v in row) for row in sheet.rows):
            out.problems.append(Problem.at("import.risk.no_header", sheet.name))
        return out
    header_row, columns, unknown = header
    for c, text in unknown:
        out.problems.append(Problem.at("import.risk.unknown_header", sheet.name, header_row, c, severity=WARNING,
                                       header=clip(text, 60)))
    for r in range(header_row + 1, len(sheet.rows)):
        cells = sheet.rows[r]
        if all(text_of(v) == "" for v in cells):
            continue
        if len(out.rows) >= MAX_RISKS:
            out.problems.append(Problem.at("import.risk.too_many", sheet.name, r, limit=MAX_RISKS))
            break
        out.rows.append(_row(sheet.name, r, cells, columns, out.problems))
    return out


def _header(sheet: Sheet) -> _Header | None:
    """The header row among the first rows: the one naming the title and most other fields."""
    best: _Header | None = None
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        columns: dict[str, int] = {}
        unknown: list[tuple[int, str]] = []
        for c, value in enumerate(sheet.rows[r]):
            found = _field_for(value)
            if found and found not in columns:
                columns[found] = c
            elif isinstance(value, str) and value.strip():
                unknown.append((c, value.strip()))
        if "title" in columns and len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (r, columns, unknown)
    return best


def _row(sheet_name: str, r: int, cells: Any, columns: dict[str, int], problems: list[Problem]) -> RiskRow:
    """One risk row's values; a cell that cannot be read is a problem at its row and column."""
    row = RiskRow(r + 1, columns={name: column_letter(c) for name, c in columns.items()})
    for name, c in columns.items():
        value = cells[c] if c < len(cells) else None
        problem = _cell(row, name, value)
        if problem is not None:
            key, values = problem
            problems.append(Problem.at(key, sheet_name, r, c, **values))
    for name in REQUIRED_FIELDS:
        if name not in row.values and not any(p.row == r + 1 and p.column == row.columns.get(name)
                                              for p in problems):
            da, en = FIELD_LABELS[name]
            problems.append(Problem.at("import.risk.missing", sheet_name, r, columns.get(name), field_da=da,
                                       field_en=en))
    return row


def _cell(row: RiskRow, name: str, value: object) -> tuple[str, dict[str, Any]] | None:
    """Read one cell into ``row.values``; the problem's message key and values when it cannot be read."""
    if name in SCALE_FIELDS:
        try:
            scale = parse_scale(value)
        except ScaleError as error:
            da, en = FIELD_LABELS[name]
            return "import.risk.scale", {"field_da": da, "field_en": en, "value": clip(str(error), 40)}
        if scale is not None:
            row.values[name] = scale
        return None
    text = text_of(value)
    if not text:
        return None
    if name == "id":
        if not re.fullmatch(r"\d+", text):
            return "import.risk.id", {"value": clip(text, 40)}
        row.values["id"] = int(text)
        return None
    row.values[name] = text
    return None


def check_risks(session: Session, sheet: RiskSheet) -> list[Problem]:
    """Each readable row through the risk service's own checks (nothing is stored): a refusal is an error at the
    row and the column of the field it concerns. Finds the risk a row updates."""
    from portfolio.refusal import Refused
    from portfolio.risks import service
    from portfolio.risks.errors import RiskRefused
    from portfolio.risks.reads import current_versions

    problems = list(sheet.problems)
    bad_rows = {p.row for p in problems if p.is_error}
    current = {v.risk_id: v for v in current_versions(session)}
    # a title names the open risk of that title before a closed one
    by_title = {fold_word(v.title): v.risk_id for v in sorted(current.values(), key=lambda v: v.status is RiskStatus.OPEN)}
    for row in sheet.rows:
        if row.row in bad_rows:
            continue
        given = row.values.get("id")
        if given is not None and given not in current:
            problems.append(Problem("import.risk.unknown_id", {"value": given}, sheet=sheet.sheet, row=row.row,
                                    column=row.columns.get("id", "")))
            continue
        row.risk_id = given if given is not None else by_title.get(fold_word(row.values.get("title", "")))
        try:
            base = service._columns(current[row.risk_id]) if row.risk_id else {**service.DEFAULTS,
                                                                                "raised_on": dt.date.today()}
            row.changes = row.risk_id is None or service._apply(session, base, row.change()) != base
            if row.risk_id is None:
                service._apply(session, base, row.change())
            elif row.changes and base["status"] is not RiskStatus.OPEN and \
                    service._apply(session, base, row.change())["status"] is not RiskStatus.OPEN:
                raise RiskRefused("risk.error.closed", id=row.risk_id, status=base["status"].value)
        except Refused as refusal:
            problems.append(Problem("import.risk.refused", {"da": refusal.message("da"), "en": refusal.message("en")},
                                    sheet=sheet.sheet, row=row.row, column=row.columns.get(_field_of(refusal), "")))
    return problems


_REFUSAL_FIELDS = {"risk.error.owner": "owner", "risk.error.landsdel": "landsdel", "risk.error.component": "component",
                   "risk.error.signal": "signal", "risk.error.threshold": "threshold",
                   "risk.error.threshold_alone": "threshold", "risk.error.strategy": "strategy",
                   "risk.error.status": "status", "risk.error.decision": "decision",
                   "risk.error.decision_format": "decision", "risk.error.decision_needed": "decision",
                   "risk.error.mitigation": "mitigation", "risk.error.date": "mitigation", "risk.error.closed": "status"}


def _field_of(refusal: Any) -> str:
    if refusal.key in _REFUSAL_FIELDS:
        return _REFUSAL_FIELDS[refusal.key]
    named = str(refusal.values.get("field", ""))  # "risk.field.title"
    return named.rsplit(".", 1)[-1]


def may_store(engine: Engine, sheet: RiskSheet, actor: str) -> Any:
    """None when ``actor`` may write every risk of the sheet (as the risk service decides); else the refusal."""
    from portfolio.db import read_session
    from portfolio.risks.reads import current_versions
    from portfolio.risks.service import _owner_state, may_edit

    with read_session(engine) as session:
        current = {v.risk_id: v for v in current_versions(session)}
        for row in sheet.rows:
            states = [_owner_state(row.values.get("owner"), row.values.get("component"))]
            if row.risk_id in current:
                before = current[row.risk_id]
                states.append(_owner_state(before.owner.key, before.component_code))
            for owner_landsdel, fut in states:
                denial = may_edit(session, actor, owner_landsdel=owner_landsdel, fut=fut)
                if denial is not None:
                    return denial
    return None


@dataclass
class RiskOutcome:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, list[int]]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


def store_risks(engine: Engine, sheet: RiskSheet, *, actor: str, raised_on: dt.date | None, file_name: str
                ) -> RiskOutcome:
    """Each row through the risk service (checked, versioned, audited): add, update, or leave unchanged."""
    from portfolio.risks import service
    from portfolio.risks.errors import RiskRefused

    outcome = RiskOutcome()
    note = clip(f"Risici-arket i {file_name}", TARGET_WIDTH)
    for row in sheet.rows:
        if not row.changes:
            if row.risk_id is not None:
                outcome.unchanged.append(row.risk_id)
            continue
        if row.risk_id is None:
            outcome.added.append(service.add_risk(engine, row.change(), actor=actor, raised_on=raised_on, note=note))
            continue
        try:
            service.update_risk(engine, row.risk_id, row.change(), actor=actor, note=note)
            outcome.updated.append(row.risk_id)
        except RiskRefused as refused:
            if refused.key != "risk.error.nothing":
                raise
            outcome.unchanged.append(row.risk_id)
    return outcome


def summary(sheet: RiskSheet, lang: str) -> str:
    from portfolio.i18n import t

    return t("import.risk.summary", lang, sheet=sheet.sheet, count=len(sheet.rows),
             changes=sum(1 for row in sheet.rows if row.changes))


def outcome_text(outcome: RiskOutcome, lang: str) -> str:
    from portfolio.i18n import t

    return t("import.risk.outcome", lang, added=len(outcome.added), updated=len(outcome.updated),
             unchanged=len(outcome.unchanged))
