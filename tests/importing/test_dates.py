"""Dates as planners type them: stored with their precision and original text."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.domain import DatePrecision as P
from portfolio.importing.dates import DateParseError, parse_month, parse_plan_date

D = dt.date


@pytest.mark.parametrize(("value", "date", "precision"), [
    (dt.datetime(2023, 3, 31, 0, 0), D(2023, 3, 31), P.DAY),
    (D(2023, 3, 31), D(2023, 3, 31), P.DAY),
    ("2023-03-31", D(2023, 3, 31), P.DAY),
    ("31-03-2023", D(2023, 3, 31), P.DAY),
    ("31.03.2023", D(2023, 3, 31), P.DAY),
    ("31/3/2023", D(2023, 3, 31), P.DAY),
    ("31. marts 2023", D(2023, 3, 31), P.DAY),
    ("marts 2023", D(2023, 3, 31), P.MONTH),
    ("Februar 2024", D(2024, 2, 29), P.MONTH),
    ("okt. 2024", D(2024, 10, 31), P.MONTH),
    ("primo marts 2023", D(2023, 3, 1), P.PART_OF_MONTH),
    ("medio marts 2023", D(2023, 3, 15), P.PART_OF_MONTH),
    ("ultimo marts 2023", D(2023, 3, 31), P.PART_OF_MONTH),
    ("Q2 2023", D(2023, 6, 30), P.QUARTER),
    ("2. kvartal 2023", D(2023, 6, 30), P.QUARTER),
    ("K2 2023", D(2023, 6, 30), P.QUARTER),
    ("q4-2023", D(2023, 12, 31), P.QUARTER),
    ("1. halvår 2024", D(2024, 6, 30), P.HALF),
    ("H1 2024", D(2024, 6, 30), P.HALF),
    ("2. halvår 2024", D(2024, 12, 31), P.HALF),
    ("uge 14 2023", D(2023, 4, 7), P.WEEK),  # Friday of ISO week 14
    ("Uge 1 2024", D(2024, 1, 5), P.WEEK),
    ("2023", D(2023, 12, 31), P.YEAR),
    (2023, D(2023, 12, 31), P.YEAR),
    (45016.0, D(2023, 3, 31), P.DAY),  # an Excel serial number without a date format
])
def test_understood(value, date, precision):
    parsed = parse_plan_date(value)
    assert parsed is not None
    assert (parsed.date, parsed.precision) == (date, precision)
    if isinstance(value, str):
        assert parsed.text == value  # the planner's own words are kept
    elif isinstance(value, dt.date):
        assert parsed.text == ""


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_none(value):
    assert parse_plan_date(value) is None


@pytest.mark.parametrize("value", ["snart", "31-02-2023", "Q5 2023", "uge 54 2023", "13/13/2023", "marts", "1899",
                                   True, float("nan"), "2023-13-01", "3. halvår 2023", 12.5])
def test_not_understood(value):
    with pytest.raises(DateParseError):
        parse_plan_date(value)


def test_month_headers():
    assert parse_month("2023-03") == D(2023, 3, 1)
    assert parse_month("mar-23") == D(2023, 3, 1)
    assert parse_month(dt.datetime(2023, 3, 1)) == D(2023, 3, 1)
    with pytest.raises(DateParseError):
        parse_month("Q1 2023")
