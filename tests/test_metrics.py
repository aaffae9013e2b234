import datetime as dt

from portfolio.metrics import expected_target, next_target, share

POINTS = [(dt.date(2022, 12, 31), 450), (dt.date(2022, 6, 30), 250)]


def test_expected_target_reads_the_line_between_points():
    # 30 Jun → 31 Dec 2022 is 184 days; 1 Sep is 63 days in: 250 + 200 * 63/184 = 318.48
    assert expected_target(POINTS, dt.date(2022, 9, 1)) == 318
    assert expected_target(POINTS, dt.date(2022, 6, 30)) == 250
    assert expected_target(POINTS, dt.date(2022, 12, 31)) == 450


def test_expected_target_before_first_and_after_last_point():
    assert expected_target(POINTS, dt.date(2022, 1, 1)) is None
    assert expected_target(POINTS, dt.date(2024, 1, 1)) == 450
    assert expected_target([], dt.date(2024, 1, 1)) is None


def test_next_target_and_share():
    assert next_target(POINTS, dt.date(2022, 9, 1)) == (dt.date(2022, 12, 31), 450)
    assert next_target(POINTS, dt.date(2023, 1, 1)) is None
    assert share(50, 200) == 0.25
    assert share(50, 0) is None and share(None, 10) is None
