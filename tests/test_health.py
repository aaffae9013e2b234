import datetime as dt

import pytest
from sqlalchemy import select

from portfolio.db import read_session, unit_of_work
from portfolio.domain import MilestoneHealth as H
from portfolio.domain import MilestoneStatus as S
from portfolio.health import health_case, milestone_health, slip_days
from portfolio.models import Milestone, PlanVersion

AS_OF = dt.date(2022, 9, 8)
D = dt.date
CASES = [
    # status, baseline, forecast, actual, expected
    (S.DONE, D(2022, 6, 30), None, None, H.DONE),
    (S.GREEN, D(2022, 6, 30), D(2022, 6, 30), D(2022, 9, 1), H.DONE),
    (S.GREEN, D(2022, 6, 30), D(2022, 6, 30), D(2022, 9, 9), H.LATE),  # done after the reporting date
    (S.PAUSED, D(2022, 1, 31), None, None, H.PAUSED),
    (S.GREEN, D(2022, 8, 31), None, None, H.LATE),
    (S.GREEN, D(2022, 6, 30), D(2022, 9, 7), None, H.LATE),
    (S.GREEN, D(2022, 12, 31), D(2022, 12, 31), None, H.ON_TRACK),
    (S.GREEN, D(2022, 12, 31), D(2023, 1, 31), None, H.AT_RISK),  # slipped
    (S.AMBER, D(2022, 12, 31), D(2022, 12, 31), None, H.AT_RISK),
    (S.RED, D(2022, 12, 31), None, None, H.AT_RISK),
    (None, None, None, None, H.ON_TRACK),
    (S.GREEN, D(2022, 9, 8), None, None, H.ON_TRACK),  # due today is not late yet
]


@pytest.mark.parametrize(("status", "baseline", "forecast", "actual", "expected"), CASES)
def test_health_rule(status, baseline, forecast, actual, expected):
    assert milestone_health(status=status, baseline=baseline, forecast=forecast, actual=actual, as_of=AS_OF) is expected


def test_sql_rule_agrees_with_python_rule(engine):
    with unit_of_work(engine) as session:
        plan = PlanVersion(landsdel_id=1, programme_id=1, version_no=1, submitted_on=AS_OF, source_file="t.xlsx",
                           checksum="x", imported_by="test")
        for i, (status, baseline, forecast, actual, _) in enumerate(CASES):
            plan.milestones.append(Milestone(code=str(i), title=f"M{i}", status=status, baseline_date=baseline,
                                             forecast_date=forecast, actual_date=actual))
        session.add(plan)
    with read_session(engine) as session:
        rows = session.execute(select(Milestone.code, health_case(AS_OF)).order_by(Milestone.id)).all()
    assert [H(state) for _, state in rows] == [case[-1] for case in CASES]


def test_slip_days():
    assert slip_days(D(2022, 6, 30), D(2022, 9, 30)) == 92
    assert slip_days(D(2022, 6, 30), None) is None
