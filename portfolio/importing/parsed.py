"""What the reader makes of a workbook: a ParsedPlan of milestones, inclusion rows and targets, before validation.

The same shape is built from a stored plan version (``store.plan_from_store``), so a file and the store compare
field by field (``diff``) and a stored plan writes back as a workbook (``template``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portfolio.domain import MilestoneStatus, Rag
from portfolio.importing.dates import ParsedDate
from portfolio.importing.problems import Problem


@dataclass
class ParsedMilestone:
    code: str
    title: str
    category: str = ""
    owner: str = ""
    is_key: bool = False
    baseline: ParsedDate | None = None
    forecast: ParsedDate | None = None
    actual: ParsedDate | None = None
    status: MilestoneStatus | None = None
    depends_on: list[str] = field(default_factory=list)
    comment: str = ""
    sort_order: int = 0
    sheet: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)  # 1-based
    depends_column: str = field(default="", compare=False)  # "H": where the dependencies were written
    # set by validation: ("milestone", code) or ("component", component code) per dependency
    resolved: list[tuple[str, str]] = field(default_factory=list, compare=False)


@dataclass
class ParsedInclusion:
    month: dt.date  # first day of the month
    municipality: str | None  # as written (name or code); None = the landsdel as a whole
    new_inclusions: int = 0
    active_citizens: int = 0
    dropouts: int = 0
    municipality_code: int | None = None  # resolved by validation
    sheet: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)
    column: str = field(default="", compare=False)


@dataclass
class ParsedTarget:
    due_date: dt.date
    target_count: int


@dataclass
class UnmappedHeader:
    kind: str  # sheet kind: "milestones", "inclusion", "targets"
    sheet: str
    column: str
    text: str
    key: str  # header_key(text): what an ImportMapping stores


@dataclass
class ParsedPlan:
    landsdel: str | None = None  # as resolved by validation: Landsdel.key
    programme: str | None = None  # Programme.code once resolved
    submitted_on: dt.date | None = None
    reported_rag: Rag | None = None
    target_group_size: int | None = None
    milestones: list[ParsedMilestone] = field(default_factory=list)
    inclusions: list[ParsedInclusion] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[UnmappedHeader] = field(default_factory=list)
    # where the landsdel / programme were named: (source description, text as written)
    landsdel_claims: list[tuple[str, str]] = field(default_factory=list)
    programme_claims: list[tuple[str, str]] = field(default_factory=list)
    sheets_found: dict[str, str] = field(default_factory=dict)  # kind -> sheet name
    # set by validation: each dependency text that names nothing known -> the nearest components' codes
    unresolved_dependencies: dict[str, list[str]] = field(default_factory=dict)
    dependency_map: dict[str, str] = field(default_factory=dict)  # set by validation: name key -> component code

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def new_inclusions_total(self) -> int:
        return sum(row.new_inclusions for row in self.inclusions)


Mappings = dict[str, dict[str, str]]  # sheet kind -> header_key -> field
