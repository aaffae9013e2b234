"""Strict checks of a parsed plan against the reference data; every problem is reported at once.

Resolves on the way what storing needs: the landsdel (key), the programme (code), each
inclusion row's municipality code and each dependency's target (a milestone of the plan
or a FUT component).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.catalogue import component_index
from portfolio.domain import DatePrecision
from portfolio.importing.dates import ParsedDate
from portfolio.importing.headers import header_key
from portfolio.importing.parsed import ParsedMilestone, ParsedPlan
from portfolio.importing.problems import Problem
from portfolio.models import CODE_WIDTH, Component, Programme
from portfolio.names import NameIndex, name_keys, suggest
from portfolio.reference import CORE_PROGRAMMES, LANDSDELE, LandsdelRef, MunicipalityRef, read_municipalities
from portfolio.text import clip

SHOWN_WIDTH = 60  # a cell's text quoted in a problem
DEPENDENCY_WIDTH = 120  # a dependency text the user is asked to map
_LANDSDEL_ALIASES = {"nordjylland": "nord", "midtjylland": "midt", "syddanmark": "syd", "hovedstadsregionen":
                     "hovedstaden", "kbh": "hovedstaden", "sjaelland": "sjaelland", "sjælland": "sjaelland"}
_PROGRAMME_ALIASES = {
    "kol": "KOL", "copd": "KOL", "kroniskobstruktivlungesygdom": "KOL", "lungesygdom": "KOL",
    "hjertesvigt": "HJERTESVIGT", "heartfailure": "HJERTESVIGT", "hf": "HJERTESVIGT", "chf": "HJERTESVIGT",
    "hjerte": "HJERTESVIGT", "hjertepatienter": "HJERTESVIGT",
}


@dataclass
class Reference:
    """What validation checks against; read once from the store (or built in tests)."""

    municipalities: list[MunicipalityRef]
    programmes: dict[str, str]  # header_key(alias or code) -> Programme.code
    components: NameIndex  # forgiving keys of codes, names and catalogue aliases -> Component.code
    component_names: dict[str, str] = field(default_factory=dict)  # Component.code -> name
    today: dt.date = field(default_factory=dt.date.today)
    landsdele: tuple[LandsdelRef, ...] = LANDSDELE

    @classmethod
    def from_store(cls, session: Session, today: dt.date | None = None) -> Reference:
        programmes = {header_key(code): code for code, _, _ in CORE_PROGRAMMES}
        for alias, code in _PROGRAMME_ALIASES.items():
            programmes[alias] = code
        for programme in session.scalars(select(Programme)):
            programmes.setdefault(header_key(programme.code), programme.code)
            programmes.setdefault(header_key(programme.name_da), programme.code)
            programmes.setdefault(header_key(programme.name_en), programme.code)
        stored = [(code, name) for code, name in session.execute(
            select(Component.code, Component.name).order_by(Component.sort_order, Component.code))]
        return cls(municipalities=read_municipalities(), programmes=programmes, components=component_index(stored),
                   component_names=dict(stored), today=today or dt.date.today())

    def landsdel(self, key: str) -> LandsdelRef:
        return next(ld for ld in self.landsdele if ld.key == key)


_LANDSDEL_PREFIXES = ("landsdelsprogrammet", "landsdelsprogram", "landsdelen", "landsdel", "regionen", "region",
                      "programmet", "program")
_LANDSDEL_SUFFIXES = ("landsdelsprogrammet", "landsdelsprogram", "landsdelen", "landsdel", "regionen", "region", "s")


def _fold(text: str) -> str:
    folded = header_key(text)
    for _ in range(2):  # "Landsdelsprogram Region Midt"
        for prefix in _LANDSDEL_PREFIXES:
            if folded.startswith(prefix) and len(folded) > len(prefix) + 1:
                folded = folded.removeprefix(prefix)
                break
    return _LANDSDEL_ALIASES.get(folded, folded)


def _landsdel_names(ref: LandsdelRef) -> set[str]:
    return {_fold(ref.key), _fold(ref.name), _fold(ref.region_name), str(ref.region_code)}


def _resolve_landsdel_whole(text: str, landsdele: tuple[LandsdelRef, ...]) -> str | None:
    wanted = _fold(text)
    if not wanted:
        return None
    candidates = [wanted] + [wanted.removesuffix(s) for s in _LANDSDEL_SUFFIXES if wanted.endswith(s)]
    for candidate in candidates:
        candidate = _LANDSDEL_ALIASES.get(candidate, candidate)
        for ref in landsdele:
            if candidate in _landsdel_names(ref):
                return ref.key
    return None


def _words(text: str) -> list[str]:
    words = [w for w in re.split(r"[^0-9a-zA-ZæøåÆØÅéü]+", text) if w]
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]


def _by_words(text: str, resolve) -> str | None:  # type: ignore[no-untyped-def]
    """A text that names exactly one thing among its words ("Milepælsplan, Landsdel Midt, KOL")."""
    found = {resolve(word) for word in _words(text)} - {None}
    return found.pop() if len(found) == 1 else None


def resolve_landsdel(text: str, landsdele: tuple[LandsdelRef, ...] = LANDSDELE) -> str | None:
    """"Syd", "Region Syddanmark", "syddanmark", "Landsdel Midt", "1083" -> the key; None when unknown."""
    whole = _resolve_landsdel_whole(text, landsdele)
    if whole is not None or len(text) > 120:
        return whole
    return _by_words(text, lambda word: _resolve_landsdel_whole(word, landsdele))


_PROGRAMME_NOISE = re.compile(r"^(telemedicin(sk)?e?\s+(til|for)\s+(borgere|patienter)?\s*(med)?|telemedicine\s+for"
                              r"\s+(citizens|patients)?\s*(with)?|programm?e?t?\s*:?|indsats(en)?\s*:?)\s*", re.I)


def resolve_programme(text: str, programmes: dict[str, str]) -> str | None:
    """"KOL", "COPD", "Hjertesvigt", "HF", "Telemedicin til borgere med KOL" -> the code; None when unknown."""
    for candidate in (text, _PROGRAMME_NOISE.sub("", text.strip())):
        key = header_key(candidate)
        for variant in (key, key.removesuffix("programmet"), key.removesuffix("programmet").removesuffix("s"),
                        key.removesuffix("program"), key.removesuffix("en")):
            if variant and variant in programmes:
                return programmes[variant]
    if len(text) > 120:
        return None
    return _by_words(text, lambda word: programmes.get(header_key(word)))


def _tokens(file_name: str) -> list[str]:
    stem = PurePath(file_name).stem if file_name else ""
    words = [w for w in re.split(r"[^0-9a-zA-ZæøåÆØÅ]+", stem) if w]
    out = list(words)
    out += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]  # "Region Sjælland"
    return out


def _from_file_name(file_name: str, resolve) -> str | None:  # type: ignore[no-untyped-def]
    found = {resolve(token) for token in _tokens(file_name)} - {None}
    return found.pop() if len(found) == 1 else None  # several: the file name says nothing reliable


def _sort_claim(plan: ParsedPlan, source: str, text: str, resolve, unknown_key: str,  # type: ignore[no-untyped-def]
                found: list[tuple[str, str, str]], weak: list[tuple[str, str, str]]) -> None:
    """One claim into ``found`` (a file name, an info field) or ``weak`` (free text); a named value nothing
    resolves is a problem."""
    if source == "file":
        value = _from_file_name(text, resolve)
        if value is not None:
            found.append(("file", PurePath(text).name, value))
        return
    value = resolve(text)
    if source.startswith("text "):  # free text: counts only when it names exactly one, and nothing else does
        if value is not None:
            weak.append((source.removeprefix("text "), clip(text, SHOWN_WIDTH), value))
        return
    if value is None:
        plan.problems.append(Problem.at(unknown_key, value=text))
        return
    found.append((source, text, value))


def _resolve_claims(plan: ParsedPlan, claims: list[tuple[str, str]], explicit: str | None, resolve,  # type: ignore[no-untyped-def]
                    keys: tuple[str, str, str]) -> str | None:
    missing_key, conflict_key, unknown_key = keys
    found: list[tuple[str, str, str]] = []  # (source, as written, resolved)
    weak: list[tuple[str, str, str]] = []  # from free text (titles, info lines): used when nothing else says
    if explicit:
        value = resolve(explicit)
        if value is None:
            plan.problems.append(Problem.at(unknown_key, value=explicit))
            return None
        found.append(("explicit", explicit, value))
    for source, text in claims:
        _sort_claim(plan, source, text, resolve, unknown_key, found, weak)
    if not found:
        found = weak
    distinct = {value for _, _, value in found}
    if not distinct:
        plan.problems.append(Problem.at(missing_key))
        return None
    if len(distinct) > 1:
        labels = {"explicit": "valgt / chosen", "file": "filnavn / file name"}
        claims_text = "; ".join(f"{written} ({labels.get(source, source)})" for source, written, _ in found)
        plan.problems.append(Problem.at(conflict_key, claims=claims_text))
        return None
    return distinct.pop()


def _period_start(parsed: ParsedDate) -> dt.date:
    """The first day a coarse date could mean: "marts 2023" might be 1 March."""
    d = parsed.date
    if parsed.precision is DatePrecision.DAY or parsed.precision is DatePrecision.PART_OF_MONTH:
        return d
    if parsed.precision is DatePrecision.WEEK:
        return d - dt.timedelta(days=4)
    if parsed.precision is DatePrecision.MONTH:
        return d.replace(day=1)
    if parsed.precision is DatePrecision.QUARTER:
        return dt.date(d.year, d.month - 2, 1)
    if parsed.precision is DatePrecision.HALF:
        return dt.date(d.year, d.month - 5, 1)
    return dt.date(d.year, 1, 1)


_MILESTONE_PREFIX = re.compile(r"^\s*(milepæl(en)?|milestone|ms|nr\.?|id|aktivitet|activity)\s*[:.\-]?\s*", re.I)


def validate(plan: ParsedPlan, ref: Reference, *, landsdel: str | None = None,
             programme: str | None = None, dependency_map: dict[str, str] | None = None) -> ParsedPlan:
    """Check everything, resolve what storing needs; problems are appended to ``plan.problems``."""
    plan.landsdel = _resolve_claims(
        plan, plan.landsdel_claims, landsdel,
        lambda text: resolve_landsdel(text, ref.landsdele),
        ("import.error.landsdel_missing", "import.error.landsdel_conflict", "import.error.landsdel_unknown"))
    plan.programme = _resolve_claims(
        plan, plan.programme_claims, programme, lambda text: resolve_programme(text, ref.programmes),
        ("import.error.programme_missing", "import.error.programme_conflict", "import.error.programme_unknown"))
    if not plan.milestones and not plan.inclusions and not any(p.key == "import.error.no_plan" for p in plan.problems):
        plan.problems.append(Problem("import.error.empty_plan", {}, sheet=plan.sheets_found.get("milestones", "")))
    _check_milestones(plan, ref, _dependency_map(plan, ref, dependency_map or {}))
    _check_inclusion(plan, ref)
    _check_targets(plan)
    return plan


def _dependency_map(plan: ParsedPlan, ref: Reference, given: dict[str, str]) -> dict[str, str]:
    """name key -> component code, from the landsdel's remembered choices and the user's; a code that names no
    component is an error."""
    out: dict[str, str] = {}
    for text, code in given.items():
        component = ref.components.resolve(code)
        if component is None:
            plan.problems.append(Problem.at("import.error.bad_dependency_map", value=clip(text, SHOWN_WIDTH),
                                            code=clip(code, CODE_WIDTH),
                                            suggestions=_suggestions(ref.components.suggest(code))))
            continue
        for key in name_keys(text)[:1]:
            out[key] = component
    plan.dependency_map = out
    return out


def _suggestions(names: list[str]) -> str:
    return ", ".join(f"»{name}«" for name in names) if names else "–"


def _milestone_lookup(codes: set[str]) -> NameIndex:
    index = NameIndex()
    for code in codes:
        index.add(code, [code, _MILESTONE_PREFIX.sub("", code)], display=code)
    return index


def _check_ids_and_actuals(plan: ParsedPlan, ref: Reference) -> dict[str, int | None]:
    """Each milestone ID once (-> the row it is first on); no milestone reached in the future."""
    first_row: dict[str, int | None] = {}
    for milestone in plan.milestones:
        if milestone.code:
            if milestone.code in first_row:
                plan.problems.append(Problem(
                    "import.error.duplicate_id", {"code": milestone.code, "first_row": first_row[milestone.code]},
                    sheet=milestone.sheet, row=milestone.row, column=""))
            else:
                first_row[milestone.code] = milestone.row
        if milestone.actual is not None and _period_start(milestone.actual) > ref.today:
            plan.problems.append(Problem("import.error.actual_future",
                                         {"date": milestone.actual.text or milestone.actual.date.isoformat()},
                                         sheet=milestone.sheet, row=milestone.row))
    return first_row


def _check_milestones(plan: ParsedPlan, ref: Reference, dependency_map: dict[str, str]) -> None:
    codes = set(_check_ids_and_actuals(plan, ref))
    folded_codes = {header_key(code): code for code in codes}
    lookup: list[NameIndex] = []  # built on first need: most plans name their dependencies exactly

    def milestones() -> NameIndex:
        if not lookup:
            lookup.append(_milestone_lookup(codes))
        return lookup[0]

    plan.unresolved_dependencies = {}
    for milestone in plan.milestones:
        milestone.resolved = []
        for text in milestone.depends_on:
            resolved = None
            if text != milestone.code and header_key(text) != header_key(milestone.code):
                resolved = _resolve_dependency(text, codes, folded_codes, milestones, ref, dependency_map)
                if resolved is None:
                    _report_unknown_dependency(plan, milestone, text, ref, milestones)
                    continue
            if resolved is None or resolved == ("milestone", milestone.code):
                plan.problems.append(Problem("import.error.self_dependency", {"code": milestone.code},
                                             sheet=milestone.sheet, row=milestone.row, column=milestone.depends_column))
                continue
            milestone.resolved.append(resolved)


def _report_unknown_dependency(plan: ParsedPlan, milestone: ParsedMilestone, text: str, ref: Reference,
                               milestones: Callable[[], NameIndex]) -> None:
    """A dependency that names no milestone and no component: the nearest of both as suggestions."""
    near = [*ref.components.suggest(text), *milestones().suggest(text, n=2)][:4]
    plan.problems.append(Problem("import.error.unknown_dependency",
                                 {"value": clip(text, SHOWN_WIDTH), "suggestions": _suggestions(near)},
                                 sheet=milestone.sheet, row=milestone.row, column=milestone.depends_column))
    plan.unresolved_dependencies.setdefault(clip(text, DEPENDENCY_WIDTH), ref.components.suggest_values(text))


def _resolve_dependency(text: str, codes: set[str], folded_codes: dict[str, str], milestones: Callable[[], NameIndex],
                        ref: Reference, dependency_map: dict[str, str]) -> tuple[str, str] | None:
    if text in codes:
        return ("milestone", text)
    if header_key(text) in folded_codes:
        return ("milestone", folded_codes[header_key(text)])
    mapped = next((dependency_map[k] for k in name_keys(text) if k in dependency_map), None)
    if mapped is not None:
        return ("component", mapped)
    component = ref.components.resolve(text)
    if component is not None:
        return ("component", component)
    code = milestones().resolve(_MILESTONE_PREFIX.sub("", text))
    if code is not None:
        return ("milestone", code)
    return None


def _municipality_lookup(ref: Reference) -> dict[str, MunicipalityRef]:
    out: dict[str, MunicipalityRef] = {}
    for m in ref.municipalities:
        out[header_key(m.name)] = m
        out[header_key(m.name + " kommune")] = m
        out[header_key("kommune " + m.name)] = m
        out[str(m.code)] = m
        out[f"{m.code:04d}"] = m
    # Common spellings
    for alias, name in (("kobenhavn", "København"), ("copenhagen", "København"), ("aarhus", "Aarhus"),
                        ("arhus", "Aarhus"), ("bornholm", "Bornholm"), ("bornholmsregionskommune", "Bornholm")):
        match = next((m for m in ref.municipalities if m.name == name), None)
        if match is not None:
            out.setdefault(alias, match)
    return out


def _check_inclusion(plan: ParsedPlan, ref: Reference) -> None:
    lookup = _municipality_lookup(ref)
    region = ref.landsdel(plan.landsdel).region_code if plan.landsdel else None
    landsdel_name = ref.landsdel(plan.landsdel).name if plan.landsdel else ""
    seen: dict[tuple[int | None, dt.date], int | None] = {}
    for row in plan.inclusions:
        code: int | None = None
        if row.municipality is not None:
            text = row.municipality.strip()
            match = lookup.get(text) or lookup.get(text.lstrip("0")) or lookup.get(header_key(text))
            if match is None:
                near = suggest(text, [m.name for m in ref.municipalities
                                      if region is None or m.region_code == region], n=2)
                plan.problems.append(Problem("import.error.unknown_municipality",
                                             {"value": clip(text, SHOWN_WIDTH), "suggestions": _suggestions(near)},
                                             sheet=row.sheet, row=row.row, column=row.column))
                continue
            if region is not None and match.region_code != region:
                plan.problems.append(Problem("import.error.municipality_outside",
                                             {"value": match.name, "landsdel": landsdel_name},
                                             sheet=row.sheet, row=row.row, column=row.column))
                continue
            code = match.code
        row.municipality_code = code
        key = (code, row.month)
        if key in seen:
            name = row.municipality or landsdel_name or "–"
            plan.problems.append(Problem("import.error.duplicate_inclusion",
                                         {"municipality": name, "month": row.month.strftime("%Y-%m")},
                                         sheet=row.sheet, row=row.row, column=row.column))
        seen[key] = row.row


def _check_targets(plan: ParsedPlan) -> None:
    if plan.targets and plan.target_group_size is None:
        plan.problems.append(Problem("import.error.target_group_missing", {},
                                     sheet=plan.sheets_found.get("targets", "")))
    dates: set[dt.date] = set()
    for target in plan.targets:
        if target.due_date in dates:
            plan.problems.append(Problem("import.error.duplicate_target", {"date": target.due_date.isoformat()},
                                         sheet=plan.sheets_found.get("targets", "")))
        dates.add(target.due_date)
