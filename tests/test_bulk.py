"""bulk_insert stores what an ordinary SQLAlchemy insert stores, on SQLite and PostgreSQL (COPY)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from portfolio.bulk import bulk_insert
from portfolio.db import read_session, unit_of_work
from portfolio.domain import DatePrecision, MilestoneStatus
from portfolio.models import InclusionCount, Landsdel, Milestone, PlanVersion, Programme


def _version(session, version_no: int = 1) -> PlanVersion:  # type: ignore[no-untyped-def]
    landsdel = session.scalar(select(Landsdel).where(Landsdel.key == "syd"))
    programme = session.scalar(select(Programme).where(Programme.code == "KOL"))
    version = PlanVersion(landsdel_id=landsdel.id, programme_id=programme.id, version_no=version_no,
                          submitted_on=dt.date(2022, 9, 1), source_file="syd.xlsx", checksum="x" * 64,
                          imported_by="test")
    session.add(version)
    session.flush()
    return version


def _milestone(version_id: int, order: int, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "plan_version_id": version_id, "code": f"M{order}", "title": f"Milepæl {order} «æøå» 'quoted' \\ tab\t",
        "category": "", "owner": "", "is_key": order % 2 == 0, "sort_order": order, "status": None, "comment": "",
        "baseline_date": None, "baseline_precision": None, "baseline_text": "",
        "forecast_date": None, "forecast_precision": None, "forecast_text": "",
        "actual_date": None, "actual_precision": None, "actual_text": "",
    }
    row.update(values)
    return row


def _as_stored(session, version_id: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(m.code, m.title, m.is_key, m.status, m.baseline_date, m.baseline_precision, m.baseline_text,
             m.comment) for m in session.scalars(select(Milestone).where(Milestone.plan_version_id == version_id)
                                                .order_by(Milestone.sort_order))]


def test_bulk_insert_stores_what_an_ordinary_insert_stores(engine):
    def rows(version_id: int) -> list[dict[str, object]]:
        return [
            _milestone(version_id, 1, status=MilestoneStatus.RED, baseline_date=dt.date(2023, 3, 31),
                       baseline_precision=DatePrecision.MONTH, baseline_text="marts 2023"),
            _milestone(version_id, 2, status=MilestoneStatus.DONE, comment="linje 1\nlinje 2"),
            _milestone(version_id, 3),  # NULLs and empty text
        ]

    with unit_of_work(engine) as session:
        bulk_version = _version(session)
        bulk_insert(session.connection(), Milestone.__table__, rows(bulk_version.id))
        plain_version = _version(session, version_no=2)
        session.execute(insert(Milestone.__table__), rows(plain_version.id))
    with read_session(engine) as session:
        stored = _as_stored(session, bulk_version.id)
        assert stored == _as_stored(session, plain_version.id)
    assert stored[0][3] is MilestoneStatus.RED and stored[0][5] is DatePrecision.MONTH
    assert stored[1][7] == "linje 1\nlinje 2"
    assert stored[2][3] is None and stored[2][4] is None


def test_bulk_insert_of_nothing_does_nothing(engine):
    with unit_of_work(engine) as session:
        bulk_insert(session.connection(), InclusionCount.__table__, [])
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(InclusionCount)) == 0


def test_a_refused_row_refuses_the_whole_transaction(engine):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        version = _version(session)
        good = {"plan_version_id": version.id, "landsdel_id": version.landsdel_id,
                "programme_id": version.programme_id, "municipality_code": None, "month": dt.date(2023, 1, 1),
                "new_inclusions": 3, "active_citizens": 3, "dropouts": 0}
        bulk_insert(session.connection(), InclusionCount.__table__, [good, {**good, "new_inclusions": -1}])
    with read_session(engine) as session:  # the check constraint refused one row: nothing at all is stored
        assert session.scalar(select(func.count()).select_from(InclusionCount)) == 0
        assert session.scalar(select(func.count()).select_from(PlanVersion)) == 0
