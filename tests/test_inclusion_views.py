"""The inclusion read model on the demo story."""

import datetime as dt

from portfolio.dashboard.inclusion import forecast_table, inclusion_view, municipality_table
from portfolio.db import read_session

MEETING = dt.date(2022, 9, 8)


def test_inclusion_view_on_the_demo(demo_engine):
    with read_session(demo_engine) as session:
        view = inclusion_view(session, "KOL", MEETING)
    assert [ld.key for ld in view.landsdele] == ["nord", "midt", "syd", "hovedstaden", "sjaelland"]
    nord = view.landsdele[0]
    assert nord.forecast.last_month == dt.date(2022, 8, 1)
    # the forecast is the mean of the last six monthly growths of the frame the page charts
    active = list(nord.monthly["active_citizens"])
    assert nord.forecast.active_now == active[-1]
    assert nord.forecast.rate == (active[-1] - active[-7]) / 6
    # required rate to full inclusion by 31 Dec 2023: (900 − active) over Sep 2022 … Dec 2023 = 16 months
    assert nord.required_full.due == dt.date(2023, 12, 31)
    assert nord.required_full.per_month == (900 - active[-1]) / 16
    # the figures carry where they came from
    assert nord.monthly["source_file"].iloc[-1] == "Milepælsplan_KOL_Nord_2022-09.xlsx"
    table = forecast_table(view, "da")
    assert list(table["Landsdel"]) == ["Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"]
    towns = municipality_table(view.municipalities, "da")  # every municipality that reported anything
    assert len(towns) == 91 and set(towns["Landsdel"]) == {"Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"}


def test_inclusion_view_with_nothing_chosen_and_on_an_empty_store(demo_engine, sqlite_engine):
    with read_session(demo_engine) as session:
        assert not inclusion_view(session, "KOL", MEETING, ()).has_data
    with read_session(sqlite_engine) as session:
        empty = inclusion_view(session, None, None)
    assert not empty.has_data and not empty.store_has_data
