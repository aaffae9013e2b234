import datetime as dt

from portfolio import months


def test_month_arithmetic_crosses_years():
    assert months.add_months(dt.date(2023, 11, 15), 2) == dt.date(2024, 1, 1)
    assert months.add_months(dt.date(2024, 1, 31), -1) == dt.date(2023, 12, 1)
    assert months.end_of_month_after(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert months.end_of_month_after(dt.date(2023, 12, 5), 0) == dt.date(2023, 12, 31)
    assert months.months_between(dt.date(2023, 8, 31), dt.date(2023, 12, 1)) == 4
    assert months.month_end(dt.date(2023, 2, 3)) == dt.date(2023, 2, 28)
    assert months.end_of_month(2024, 12) == dt.date(2024, 12, 31)


def test_month_starts_inclusive_or_not():
    first, last = dt.date(2023, 11, 1), dt.date(2024, 2, 1)
    assert months.month_starts(first, last) == [dt.date(2023, 11, 1), dt.date(2023, 12, 1), dt.date(2024, 1, 1),
                                                dt.date(2024, 2, 1)]
    assert months.month_starts(first, last, inclusive=False)[-1] == dt.date(2024, 1, 1)
