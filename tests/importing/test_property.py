"""Random and mutated workbooks: never an unhandled exception, never a partial write."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portfolio.db import read_session
from portfolio.importing.service import import_plan
from portfolio.models import InclusionCount, Milestone, MilestoneDependency, PlanVersion, TargetSet
from portfolio.outcome import IMPORTED, REJECTED, UNCHANGED
from tests.importing.builders import HEADERS, LONG_INCLUSION, MILESTONES, plan_workbook, workbook_bytes

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

WORDS = ["ID", "Nr.", "Milepæl", "Titel", "Baseline", "Prognose", "Faktisk dato", "Status", "Farve", "Afhænger af",
         "Kommune", "Måned", "Nye inklusioner", "Aktive borgere", "Frafald", "I alt", "Total", "Landsdel", "Syd",
         "Program", "KOL", "hjertesvigt", "Landsdel: Nord", "grøn", "gul", "rød", "afsluttet", "lilla", "Odense",
         "Aalborg", "0461", "marts 2023", "Q2 2023", "uge 53 2023", "2. halvår 2024", "31-02-2023", "2023",
         "primo maj 2024", "Målgruppe", "Mål", "Dato", "Samlet status", "010190-1234", "x", ""]
SHEET_NAMES = ["Milepæle", "Milestones", "Plan", "Inklusion", "Inclusion", "Mål", "Targets", "Info", "Ark1"]

cells = st.one_of(
    st.none(), st.sampled_from(WORDS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2110, 12, 31)),
    st.booleans(),
)
rows = st.lists(st.lists(cells, max_size=9), max_size=12)
workbooks = st.dictionaries(st.sampled_from(SHEET_NAMES), rows, min_size=1, max_size=4)


def _counts(engine) -> tuple[int, ...]:
    with read_session(engine) as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) or 0
                     for m in (PlanVersion, Milestone, MilestoneDependency, InclusionCount, TargetSet))


def _check(engine, data: bytes) -> None:
    before = _counts(engine)
    result = import_plan(engine, data, "fuzz.xlsx", actor="fuzz", landsdel=None, today=dt.date(2024, 6, 1))
    after = _counts(engine)
    assert result.status in (IMPORTED, UNCHANGED, REJECTED)
    if result.status == IMPORTED:
        assert after[0] == before[0] + 1
        assert after[1] == before[1] + len(result.plan.milestones)
        assert after[3] == before[3] + len(result.plan.inclusions)
    else:
        assert after == before, "a refused or unchanged file wrote something"
    for problem in result.problems:
        assert problem.message("da") and problem.message("en")


@SETTINGS
@given(sheets=workbooks)
def test_random_workbooks(sqlite_engine, sheets):
    _check(sqlite_engine, workbook_bytes(sheets))


@SETTINGS
@given(extra=st.lists(st.lists(cells, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=5),
       inclusion_extra=st.lists(st.lists(cells, min_size=5, max_size=5), max_size=4),
       landsdel=st.sampled_from(["Syd", "Nord", "Atlantis", None]))
def test_mutated_plans(sqlite_engine, extra, inclusion_extra, landsdel):
    data = plan_workbook(landsdel=landsdel, milestones=[*MILESTONES, *extra],
                         inclusion=[*LONG_INCLUSION, *inclusion_extra])
    _check(sqlite_engine, data)


BASE = plan_workbook(inclusion=LONG_INCLUSION)


@SETTINGS
@given(edits=st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.integers(0, 255)), min_size=1, max_size=20),
       cut=st.one_of(st.none(), st.integers(0, len(BASE))))
def test_corrupted_bytes(sqlite_engine, edits, cut):
    data = bytearray(BASE)
    for position, value in edits:
        data[position] = value
    if cut is not None:
        data = data[:cut]
    _check(sqlite_engine, bytes(data))
