"""Domain vocabulary: the enumerations the whole product speaks.

Values are stable English identifiers (they are stored in the database and
appear in JSON); Danish and English labels live in :mod:`portfolio.i18n`.
"""

from __future__ import annotations

from enum import StrEnum


class Rag(StrEnum):
    """Traffic-light status (grøn / gul / rød)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def severity(self) -> int:
        return {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}[self]


class MilestoneStatus(StrEnum):
    """Status a landsdel reports for one milestone."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    DONE = "done"  # afsluttet
    PAUSED = "paused"  # sat på pause


class MilestoneHealth(StrEnum):
    """Where a milestone stands on a reporting date, derived from dates and status."""

    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    PAUSED = "paused"


class DatePrecision(StrEnum):
    """How precise a planner's date was ("31-03-2023" vs "Q1 2023")."""

    DAY = "day"
    WEEK = "week"
    PART_OF_MONTH = "part_of_month"  # primo / medio / ultimo
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class Phase(StrEnum):
    """FUT component life cycle: udvikling → overtagelsesprøve → pilot → drift."""

    DEVELOPMENT = "development"
    ACCEPTANCE_TEST = "acceptance_test"
    PILOT = "pilot"
    PRODUCTION = "production"

    @property
    def order(self) -> int:
        return list(Phase).index(self)


class ComponentKind(StrEnum):
    GATEWAY = "gateway"
    MODULE = "module"
    SOLUTION = "solution"
    INTEGRATION = "integration"


class ProgrammeKind(StrEnum):
    """Regional programmes have milestone plans per landsdel; national projects report status only."""

    REGIONAL = "regional"
    NATIONAL = "national"


class ProjectState(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class RiskState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
