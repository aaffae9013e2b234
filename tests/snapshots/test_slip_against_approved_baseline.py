"""The snapshot's exports measure slip against the approved baseline the freeze recorded, as the overview does."""

from portfolio.snapshots.view import measured_baseline, slip_from_baseline


def _milestone(**extra):
    return {"code": "8.2", "baseline": {"date": "2023-03-31", "text": "marts 2023"},
            "forecast": {"date": "2023-04-30", "text": "april 2023"}, "actual": None, **extra}


def test_slip_is_counted_from_the_approved_baseline_when_the_landsdel_moved_its_own():
    moved = _milestone(approved_baseline="2022-12-31")
    assert str(measured_baseline(moved)) == "2022-12-31"
    assert slip_from_baseline(moved) == 120  # 31 Dec 2022 -> 30 Apr 2023, not the 30 days from the moved baseline


def test_without_an_approved_baseline_the_submitted_one_counts():
    assert slip_from_baseline(_milestone()) == 30


def test_the_demo_september_snapshot_carries_syds_approved_baseline(demo_snapshots):
    payload = demo_snapshots.september.payload
    syd = next(e for p in payload["programmes"] if p["code"] == "KOL" for e in p["landsdele"] if e["key"] == "syd")
    milestone = next(m for m in syd["milestones"] if m["code"] == "8.2")
    assert milestone["approved_baseline"] == "2022-12-31"
    assert slip_from_baseline(milestone) > (slip_from_baseline({**milestone, "approved_baseline": None}) or 0)
