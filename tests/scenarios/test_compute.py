"""A scenario's result from a frozen payload, hand-computed: the knock-on rule with slipped components, and the
forecast of full inclusion with a changed monthly rate."""

from __future__ import annotations

import datetime as dt

from portfolio.scenarios.compute import COMPONENT_SLIP, INCLUSION_RATE, Assumption, compute, scaled_growth

D = dt.date


def _milestone(code, due, *, deps=(), after=(), health="on_track", title=None):  # type: ignore[no-untyped-def]
    return {"code": code, "title": title or f"Milepæl {code}", "category": "", "health": health,
            "baseline": {"date": due, "precision": "day", "text": ""}, "forecast": None,
            "depends_on": [{"component": c} for c in deps] + [{"milestone": m} for m in after]}


def _payload(active=(0, 10, 20, 30, 40, 50, 60), target=160):  # type: ignore[no-untyped-def]
    monthly = [{"month": D(2022, 1 + i, 1).isoformat(), "active_citizens": a, "new_inclusions": 0, "dropouts": 0}
               for i, a in enumerate(active)]
    return {
        "as_of": "2022-08-01",
        "landsdele": [{"key": "nord", "name": "Nord"}, {"key": "midt", "name": "Midt"}],
        "fut": [{"code": "GW", "name": "Gateway", "current": {"phase": "development", "pilot_forecast": None,
                                                             "production_forecast": "2023-01-31"}},
                {"code": "DONE", "name": "I drift", "current": {"phase": "production", "pilot_forecast": None,
                                                               "production_forecast": "2022-01-31"}}],
        "programmes": [{"code": "KOL", "landsdele": [
            {"key": "nord", "name": "Nord", "inclusion_summary": {"monthly": monthly, "target_group_size": target},
             "milestones": [_milestone("1", "2023-01-15", deps=("GW",)),
                            _milestone("2", "2023-02-10", after=("1",)),
                            _milestone("3", "2023-01-20", deps=("GW",), health="done"),
                            _milestone("4", "2023-01-20", deps=("DONE",))]},
            {"key": "midt", "name": "Midt", "inclusion_summary": {"monthly": [], "target_group_size": None},
             "milestones": []}]}],
    }


def test_scaled_growth_keeps_the_latest_count() -> None:
    months = [(D(2022, 1, 1), 100), (D(2022, 2, 1), 110), (D(2022, 3, 1), 130)]
    assert scaled_growth(months, 0.5) == [(D(2022, 1, 1), 115), (D(2022, 2, 1), 120), (D(2022, 3, 1), 130)]
    assert scaled_growth([], 2) == []


def test_a_component_slip_pushes_its_milestones_and_their_successors() -> None:
    result = compute(_payload(), [Assumption(COMPONENT_SLIP, "GW", 4)])
    pushed = {p.push.code: p.push for p in result.pushes}
    assert set(pushed) == {"1", "2"}  # 3 is done, 4 hangs on a component in production
    assert (pushed["1"].before, pushed["1"].after, pushed["1"].extra_days) == (D(2023, 1, 31), D(2023, 2, 28), 28)
    assert (pushed["2"].before, pushed["2"].after, pushed["2"].extra_days) == (D(2023, 2, 10), D(2023, 2, 28), 18)
    assert [p.push.code for p in result.pushes] == ["1", "2"]  # most days first
    assert result.max_extra_days == 28 and result.pushes[0].programme == "KOL"


def test_no_slip_pushes_nothing_and_leaves_inclusion_as_it_is() -> None:
    result = compute(_payload(), [Assumption(INCLUSION_RATE, "midt", 50)])
    assert result.pushes == ()
    [nord] = result.inclusion  # Midt reports no inclusion: no forecast
    assert nord.percent is None and nord.before == nord.after and nord.moved_days == 0


def test_a_rate_change_moves_the_date_of_full_inclusion() -> None:
    # 10 a month, 100 to go after July 2022: 10 months -> end of May 2023
    def full(percent):  # type: ignore[no-untyped-def]
        [nord] = compute(_payload(), [Assumption(INCLUSION_RATE, "nord", percent)]).inclusion
        return nord

    half = full(-50)  # 5 a month: 20 months
    assert half.before.full_date == D(2023, 5, 31) and half.after.full_date == D(2024, 3, 31)
    assert half.after.rate == 5 and half.percent == -50 and half.moved_days == (D(2024, 3, 31) - D(2023, 5, 31)).days
    assert full(100).after.full_date == D(2022, 12, 31)  # 20 a month: 5 months
    stopped = full(-100)
    assert stopped.after.full_date is None and stopped.moved_days is None


def test_both_kinds_together() -> None:
    result = compute(_payload(), [Assumption(COMPONENT_SLIP, "GW", 1), Assumption(INCLUSION_RATE, "nord", 100)])
    assert {p.push.code for p in result.pushes} == {"1"} and result.pushes[0].push.extra_days == 7
    assert result.inclusion[0].after.full_date == D(2022, 12, 31)
    assert result.component_names["GW"] == "Gateway" and result.landsdel_names["midt"] == "Midt"
