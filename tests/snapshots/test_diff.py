"""Siden sidst: diffs of hand-made payloads (each kind of change) and of the demo story."""

from __future__ import annotations

from typing import Any

from portfolio.snapshots.diff import diff_payloads


def _m(code: str, baseline: str | None, forecast: str | None = None, actual: str | None = None,
       health: str = "on_track", title: str = "") -> dict[str, Any]:
    def part(value: str | None) -> dict[str, str] | None:
        return {"date": value, "precision": "day", "text": ""} if value else None

    return {"code": code, "title": title or f"Milepæl {code}", "baseline": part(baseline), "forecast": part(forecast),
            "actual": part(actual), "status": "done" if health == "done" else None, "health": health}


def _payload(label: str, as_of: str, milestones: list[dict[str, Any]], *, rag: str | None = "green",
             active: int = 0, cumulative: int = 0, phase: str = "development", fut_rag: str = "amber",
             production: str | None = "2022-12-31") -> dict[str, Any]:
    return {
        "label": label, "as_of": as_of,
        "programmes": [{"code": "KOL", "name_da": "KOL", "name_en": "COPD", "landsdele": [
            {"key": "nord", "name": "Nord", "plan": {"reported_rag": rag, "derived_rag": None},
             "milestones": milestones,
             "inclusion_summary": {"active_citizens": active, "cumulative_included": cumulative,
                                   "latest_month": "2022-01-01", "expected_now": 10, "target_group_size": 100}},
            {"key": "syd", "name": "Syd", "plan": None, "milestones": [],
             "inclusion_summary": {"active_citizens": 0, "cumulative_included": 0, "latest_month": None,
                                   "expected_now": None, "target_group_size": None}},
        ]}],
        "fut": [{"code": "KL_GATEWAY", "name": "KL Gateway",
                 "current": {"phase": phase, "rag": fut_rag, "production_forecast": production}},
                {"code": "NSP", "name": "NSP", "current": None}],
    }


OLDER = _payload("Februar", "2022-02-02", [
    _m("1.1", "2022-03-31"),
    _m("1.2", "2022-03-31", "2022-04-30"),
    _m("1.3", "2022-06-30", "2022-06-30"),
    _m("1.4", "2022-01-31", "2022-01-31", "2022-01-15", health="done"),
    _m("1.5", "2022-05-31"),
    _m("1.6", "2022-08-31", "2022-09-30"),
], rag="green", active=40, cumulative=50)
NEWER = _payload("September", "2022-09-08", [
    _m("1.1", "2022-03-31", "2022-05-10"),                                  # slipped 40 days
    _m("1.2", "2022-03-31", "2022-04-30", "2022-04-28", health="done"),     # completed
    _m("1.3", "2022-06-30", "2022-06-30"),                                  # unchanged
    _m("1.4", "2022-01-31", "2022-01-31", "2022-01-15", health="done"),     # done before and after
    _m("1.6", "2022-08-31", "2022-09-15"),                                  # moved 15 days earlier
    _m("2.1", "2023-01-31"),                                                # new
], rag="amber", active=65, cumulative=80, phase="pilot", fut_rag="green", production="2023-02-28")


def test_each_kind_of_milestone_change():
    diff = diff_payloads(OLDER, NEWER, older_id=1, newer_id=2)
    [slip] = diff.slipped
    assert (slip.code, slip.before, slip.after, slip.days, slip.days_vs_baseline) == ("1.1", "2022-03-31",
                                                                                      "2022-05-10", 40, 40)
    assert [(m.code, m.days) for m in diff.moved_earlier] == [("1.6", -15)]
    assert [(m.code, m.date) for m in diff.completed] == [("1.2", "2022-04-28")]
    assert [m.code for m in diff.new] == ["2.1"] and [m.code for m in diff.removed] == ["1.5"]
    assert diff.counts() == {"slipped": 1, "moved_earlier": 1, "new": 1, "removed": 1, "completed": 1,
                             "rag_changes": 1, "fut_changes": 1}


def test_rag_inclusion_and_fut_changes_per_landsdel_and_component():
    diff = diff_payloads(OLDER, NEWER)
    [rag] = diff.rag  # Syd has no plan on either side
    assert (rag.landsdel, rag.before, rag.after, rag.changed) == ("Nord", "green", "amber", True)
    [inclusion] = diff.inclusion
    assert (inclusion.active_before, inclusion.active_after, inclusion.active_delta, inclusion.included_since) == (
        40, 65, 25, 30)
    gateway, nsp = diff.fut
    assert (gateway.phase_before, gateway.phase_after, gateway.rag_before, gateway.rag_after) == (
        "development", "pilot", "amber", "green")
    assert gateway.production_days == 59 and gateway.changed
    assert not nsp.changed


def test_json_names_slipped_milestones_and_uses_english_keys():
    data = diff_payloads(OLDER, NEWER, older_id=1, newer_id=2).as_json()
    assert data["from"] == {"id": 1, "label": "Februar", "as_of": "2022-02-02"}
    assert data["slipped_milestones"][0]["code"] == "1.1" and data["slipped_milestones"][0]["days"] == 40
    assert data["rag_changes"][0]["changed"] is True and data["fut_changes"][0]["phase_changed"] is True


def test_a_snapshot_compared_with_itself_has_no_changes():
    diff = diff_payloads(NEWER, NEWER)
    assert not (diff.slipped or diff.moved_earlier or diff.new or diff.removed or diff.completed)
    assert not diff.rag_changes and not diff.fut_changes
    assert all(i.active_delta == 0 for i in diff.inclusion)


def test_the_demo_story_from_february_to_september(demo_snapshots):
    diff = demo_snapshots.diff
    assert diff.older.id == demo_snapshots.february.info.id and diff.newer.label == "Møde 8. september 2022"
    slipped = {(m.programme, m.landsdel_key, m.code): m for m in diff.slipped}
    # The pilot of the KOL-hjerteløsning slips in every landsdel; Sjælland's full inclusion slips by more than a year.
    assert all(("KOL", key, "8.1") in slipped for key in ("nord", "midt", "syd", "hovedstaden", "sjaelland"))
    assert slipped[("KOL", "sjaelland", "9.3")].days_vs_baseline > 365
    # Heart failure plans were first submitted in June: all their milestones are new.
    assert {m.programme for m in diff.new} == {"HJERTESVIGT"}
    assert ("KOL", "nord", "6.1") in {(m.programme, m.landsdel_key, m.code) for m in diff.completed}
    rag = {(r.programme, r.landsdel_key): r for r in diff.rag}
    assert (rag[("KOL", "hovedstaden")].before, rag[("KOL", "hovedstaden")].after) == ("green", "red")
    syd = rag[("KOL", "syd")]  # Syd keeps reporting green; the derived RAG turns red
    assert (syd.before, syd.after, syd.derived_after) == ("green", "green", "red") and syd.changed
    inclusion = {(i.programme, i.landsdel_key): i for i in diff.inclusion}
    assert all(inclusion[("KOL", key)].active_delta > 0 for key in ("nord", "midt", "syd", "hovedstaden"))
    fut = {c.code: c for c in diff.fut}
    assert (fut["KL_GATEWAY"].phase_before, fut["KL_GATEWAY"].phase_after) == ("acceptance_test", "production")
    assert (fut["K_PRO"].phase_after, fut["K_PRO"].rag_after) == ("pilot", "amber")
