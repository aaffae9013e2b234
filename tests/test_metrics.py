"""Metrics and knock-on: hand-computed expectations."""

import datetime as dt

from portfolio.domain import Phase, Rag
from portfolio.knock_on import ComponentDates, PlanMilestone, is_about_pilot, knock_on, what_if
from portfolio.metrics import (
    change_days,
    effective_slip_days,
    end_of_month_after,
    expected_target,
    inclusion_forecast,
    months_between,
    next_target,
    rag_rollup,
    required_monthly_rate,
    share,
)

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


# --- calendar months, inclusion forecast, required rate ----------------------------------------

D = dt.date
# Feb's jump (0 → 100) falls outside a 6-month window; the growths used are 10, 15, 5, 20, 10, 15.
ACTIVE = [(D(2022, 2, 1), 0), (D(2022, 3, 1), 100), (D(2022, 4, 1), 110), (D(2022, 5, 1), 125), (D(2022, 6, 1), 130),
          (D(2022, 7, 1), 150), (D(2022, 8, 1), 160), (D(2022, 9, 1), 175)]


def test_month_helpers():
    assert months_between(D(2022, 8, 1), D(2022, 12, 31)) == 4
    assert end_of_month_after(D(2022, 9, 1), 10) == D(2023, 7, 31)
    assert end_of_month_after(D(2022, 12, 15), 2) == D(2023, 2, 28)
    assert end_of_month_after(D(2023, 12, 1), 0) == D(2023, 12, 31)


def test_inclusion_forecast_from_the_mean_growth_of_the_last_six_months():
    forecast = inclusion_forecast(ACTIVE, target_group_size=300, window=6)
    assert forecast.active_now == 175 and forecast.last_month == D(2022, 9, 1)
    assert forecast.months_used == 6
    assert forecast.rate == 12.5  # 75 / 6
    assert (forecast.rate_low, forecast.rate_high) == (5, 20)
    assert forecast.remaining == 125
    assert forecast.full_date == D(2023, 7, 31)  # 125 / 12.5 = 10 months after Sep 2022
    assert forecast.full_date_early == D(2023, 4, 30)  # 125 / 20 = 6.25 → 7 months
    assert forecast.full_date_late == D(2024, 10, 31)  # 125 / 5 = 25 months


def test_inclusion_forecast_without_growth_never_gets_there():
    flat = [(D(2022, 7, 1), 50), (D(2022, 8, 1), 60), (D(2022, 9, 1), 55)]  # growths 10, −5: mean 2.5
    forecast = inclusion_forecast(flat, target_group_size=100)
    assert forecast.rate == 2.5
    assert forecast.full_date == D(2024, 3, 31)  # 45 / 2.5 = 18 months after Sep 2022
    assert forecast.full_date_late is None  # at −5 a month it never does
    shrinking = inclusion_forecast([(D(2022, 8, 1), 60), (D(2022, 9, 1), 50)], target_group_size=100)
    assert shrinking.full_date is None and shrinking.full_date_early is None


def test_inclusion_forecast_edge_cases():
    assert inclusion_forecast([], 100).full_date is None
    done = inclusion_forecast([(D(2022, 8, 1), 90), (D(2022, 9, 1), 120)], 100)
    assert done.reached and done.full_date == D(2022, 9, 30)
    no_target = inclusion_forecast(ACTIVE, None)
    assert no_target.rate == 12.5 and no_target.full_date is None and no_target.remaining is None
    single = inclusion_forecast([(D(2022, 9, 1), 10)], 100)
    assert single.rate is None and single.full_date is None


def test_required_monthly_rate():
    # 200 due by 31 Dec 2022, 175 active in Sep: 25 over Oct, Nov, Dec
    assert required_monthly_rate(target_count=200, active_now=175, last_month=D(2022, 9, 1),
                                 due=D(2022, 12, 31)) == 25 / 3
    assert required_monthly_rate(target_count=150, active_now=175, last_month=D(2022, 9, 1), due=D(2022, 12, 31)) == 0
    assert required_monthly_rate(target_count=200, active_now=175, last_month=D(2022, 9, 1),
                                 due=D(2022, 9, 30)) is None


def test_slip_and_change_days():
    # baseline 30 Jun, forecast 30 Sep: 92 days
    assert effective_slip_days(baseline=D(2022, 6, 30), forecast=D(2022, 9, 30), as_of=D(2022, 9, 8)) == 92
    # forecast 31 Aug already passed on 8 Sep: counts as due on 8 Sep, 70 days after baseline
    assert effective_slip_days(baseline=D(2022, 6, 30), forecast=D(2022, 8, 31), as_of=D(2022, 9, 8)) == 70
    assert effective_slip_days(baseline=D(2022, 12, 31), forecast=None, as_of=D(2022, 9, 8)) == 0
    assert effective_slip_days(baseline=None, forecast=D(2022, 12, 31), as_of=D(2022, 9, 8)) is None
    assert change_days(D(2022, 12, 31), D(2023, 3, 31)) == 90
    assert change_days(None, D(2023, 3, 31)) is None


def test_rag_rollup_takes_the_worst_known():
    assert rag_rollup([Rag.GREEN, None, Rag.AMBER]) is Rag.AMBER
    assert rag_rollup(["green", "red"]) is Rag.RED
    assert rag_rollup([None]) is None and rag_rollup([]) is None


# --- knock-on of FUT delays ----------------------------------------------------------------------

COMPONENTS = {
    "KOL_HJERTE": ComponentDates("KOL_HJERTE", "KOL-hjerteløsningen", Phase.DEVELOPMENT,
                                 D(2023, 1, 15), D(2023, 4, 30)),
    "KAM": ComponentDates("KAM", "KAM", Phase.PRODUCTION, None, None),
    "KIH_DB": ComponentDates("KIH_DB", "KIH-databasen", Phase.DEVELOPMENT, None, D(2023, 3, 31)),
}


def _m(code, due, *, done=False, components=(), predecessors=(), pilot=False):
    return PlanMilestone("nord", code, f"Milepæl {code}", due, done, tuple(components), tuple(predecessors), pilot)


PLAN = [
    _m("5.2", D(2021, 12, 31), done=True, components=["KIH_DB"]),
    _m("6.3", D(2022, 12, 31), components=["KOL_HJERTE", "KAM"], pilot=True),
    _m("6.4", D(2022, 12, 31), components=["KIH_DB"]),
    _m("8.1", D(2023, 2, 28), components=["KOL_HJERTE"], predecessors=["6.3"], pilot=True),
    _m("9.1", D(2023, 1, 31), predecessors=["6.4"]),
    _m("9.2", D(2023, 6, 30), predecessors=["9.1"]),
    _m("9.3", D(2023, 5, 31), predecessors=["9.2"]),  # already before its predecessor in the plan: not a push
]


def test_knock_on_pushes_milestones_to_their_components_and_pushed_predecessors():
    pushes = {(p.code): p for p in knock_on(PLAN, COMPONENTS)}
    assert list(pushes) == ["6.4", "9.1", "6.3"]  # most days first
    assert pushes["6.4"].pushed_to == D(2023, 3, 31) and pushes["6.4"].days == 90
    assert pushes["9.1"].pushed_to == D(2023, 3, 31) and pushes["9.1"].days == 59 and pushes["9.1"].causes == ("6.4",)
    # a pilot milestone waits for the pilot forecast (15 Jan), not production; KAM is in production already
    assert pushes["6.3"].pushed_to == D(2023, 1, 15) and pushes["6.3"].days == 15
    assert pushes["6.3"].causes == ("KOL_HJERTE",)


def test_what_if_a_component_slips():
    four = what_if(PLAN, COMPONENTS, "KOL_HJERTE", 4)  # pilot 15 Jan → 12 Feb: still before 8.1's 28 Feb
    assert [(m.code, m.extra_days, m.days_from_plan) for m in four] == [("6.3", 28, 43)]
    eight = what_if(PLAN, COMPONENTS, "KOL_HJERTE", 8)  # pilot → 12 Mar
    assert [(m.code, m.before, m.after, m.extra_days) for m in eight] == [
        ("6.3", D(2023, 1, 15), D(2023, 3, 12), 56),
        ("8.1", D(2023, 2, 28), D(2023, 3, 12), 12),
    ]
    assert what_if(PLAN, COMPONENTS, "KAM", 8) == []  # in production: nothing to slip
    assert what_if(PLAN, COMPONENTS, "NOPE", 8) == [] and what_if(PLAN, COMPONENTS, "KIH_DB", 0) == []


def test_knock_on_survives_a_cycle_and_reads_pilot_milestones():
    cycle = [_m("A", D(2022, 10, 31), components=["KIH_DB"], predecessors=["B"]),
             _m("B", D(2022, 11, 30), predecessors=["A"])]
    pushes = knock_on(cycle, COMPONENTS)
    assert {p.code for p in pushes} == {"A", "B"}
    assert is_about_pilot("Pilot", "Start") and is_about_pilot("Infrastruktur", "Klar til pilot")
    assert not is_about_pilot("Inklusion", "Inklusionsstart")
