"""Strict storing: one transaction, one new version, unchanged re-imports, audit, concurrency (SQLite + PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from portfolio.db import read_session
from portfolio.domain import DatePrecision, MilestoneStatus, Rag
from portfolio.importing.service import import_plan, preview
from portfolio.importing.store import HeaderMapping, effective_inclusions, plan_from_store
from portfolio.models import (
    AuditEvent,
    Component,
    ImportMapping,
    InclusionCount,
    Milestone,
    MilestoneDependency,
    PlanVersion,
    TargetSet,
)
from portfolio.outcome import IMPORTED, REJECTED, UNCHANGED
from tests.importing.builders import HEADERS, LONG_INCLUSION, MILESTONES, plan_workbook, workbook_bytes

TODAY = dt.date(2024, 1, 15)


def counts(engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (PlanVersion, Milestone, MilestoneDependency, InclusionCount, TargetSet, AuditEvent)}


def add_components(engine) -> None:
    """`portfolio init` has loaded the FUT catalogue: the components a plan names are there already."""
    with read_session(engine) as session:
        assert {"KL_GATEWAY", "KOL_HJERTE"} <= set(session.scalars(select(Component.code)))


def run(engine, data, name="plan.xlsx", **kwargs):
    kwargs.setdefault("actor", "sekretariatet")
    return import_plan(engine, data, name, today=TODAY, **kwargs)


def test_import_stores_one_version_with_everything(engine):
    add_components(engine)
    milestones = [*MILESTONES, ["4", "Integration", "Q3 2023", "", "", "rød", "KL Gateway; KOL-hjerteløsningen; 3", ""]]
    data = workbook_bytes({
        "Info": [["Landsdel", "Syd"], ["Program", "KOL"], ["Indsendt", dt.date(2023, 9, 1)], ["Samlet status", "gul"],
                 ["Målgruppe", 1500]],
        "Milepæle": [HEADERS, *milestones],
        "Inklusion": LONG_INCLUSION,
        "Mål": [["Dato", "Mål"], [dt.date(2023, 12, 31), 300]],
    })
    result = run(engine, data, "syd.xlsx")
    assert result.status == IMPORTED, [p.message("da") for p in result.errors]
    assert result.plan_version == 1
    with read_session(engine) as session:
        version = session.scalar(select(PlanVersion))
        assert (version.version_no, version.submitted_on, version.reported_rag) == (1, dt.date(2023, 9, 1), Rag.AMBER)
        assert version.source_file == "syd.xlsx" and version.imported_by == "sekretariatet"
        assert len(version.checksum) == 64
        by_code = {m.code: m for m in version.milestones}
        assert by_code["2"].baseline_precision is DatePrecision.MONTH and by_code["2"].baseline_text == "marts 2023"
        assert by_code["2"].baseline_date == dt.date(2023, 3, 31)
        assert by_code["1"].status is MilestoneStatus.DONE
        deps = {(d.depends_on_code, d.component.code if d.component else None) for d in by_code["4"].dependencies}
        assert deps == {(None, "KL_GATEWAY"), (None, "KOL_HJERTE"), ("3", None)}
        rows = session.scalars(select(InclusionCount).order_by(InclusionCount.month, InclusionCount.municipality_code))
        assert [(r.municipality_code, r.month, r.new_inclusions) for r in rows][:2] == [
            (461, dt.date(2023, 1, 1), 5), (630, dt.date(2023, 1, 1), 2)]
        target = session.scalar(select(TargetSet))
        assert target.target_group_size == 1500 and [p.target_count for p in target.points] == [300]
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.import"))
        assert event.actor == "sekretariatet" and event.target == "Syd/KOL v1"
        assert event.file_name == "syd.xlsx" and event.checksum == version.checksum


def test_reimport_is_unchanged_and_a_change_is_a_new_version(engine):
    data = plan_workbook()
    assert run(engine, data).status == IMPORTED
    before = counts(engine)
    again = run(engine, data)
    assert (again.status, again.plan_version) == (UNCHANGED, 1)
    # Same content in a different file (other bytes, other submission date): still unchanged.
    assert run(engine, plan_workbook(submitted=dt.date(2023, 7, 1)), "copy.xlsx").status == UNCHANGED
    assert counts(engine) == before
    changed = [list(r) for r in MILESTONES]
    changed[2][3] = "2. halvår 2024"
    result = run(engine, plan_workbook(milestones=changed))
    assert (result.status, result.plan_version) == (IMPORTED, 2)
    change = result.diff.changed[0]
    assert change.code == "3" and change.days_slipped == 184


def test_any_error_stores_nothing_but_the_refusal_is_audited(engine):
    before = counts(engine)
    rows = [*MILESTONES, ["5", "Fejl", "snart", "", "", "", "", ""]]
    result = run(engine, plan_workbook(milestones=rows))
    assert result.status == REJECTED
    after = counts(engine)
    assert {k: v for k, v in after.items() if k != "AuditEvent"} == {k: v for k, v in before.items()
                                                                    if k != "AuditEvent"}
    with read_session(engine) as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.import.rejected"))
        assert event is not None and event.checksum == result.checksum and event.target == "Syd/KOL"


def test_cpr_refusal_never_reaches_the_audit_log(engine):
    rows = [*MILESTONES, ["5", "Borger 010190-1234", "2023", "", "", "", "", ""]]
    result = run(engine, plan_workbook(milestones=rows))
    assert result.status == REJECTED
    with read_session(engine) as session:
        for event in session.scalars(select(AuditEvent)):
            assert "010190" not in repr((event.target, event.detail, event.file_name))
    assert counts(engine)["PlanVersion"] == 0


def test_dry_run_stores_nothing(engine):
    before = counts(engine)
    result = run(engine, plan_workbook(), dry_run=True)
    assert result.dry_run and result.as_json()["status"] == IMPORTED and result.plan_version == 1
    assert counts(engine) == before


def test_later_submissions_supersede_inclusion_figures(engine):
    run(engine, plan_workbook(inclusion=LONG_INCLUSION))
    revised = [LONG_INCLUSION[0], ["2023-02", "Odense", 4, 9, 0], ["2023-03", "Odense", 2, 11, 0]]
    assert run(engine, plan_workbook(inclusion=revised)).status == IMPORTED
    with read_session(engine) as session:
        version = session.scalar(select(PlanVersion).where(PlanVersion.version_no == 2))
        rows = effective_inclusions(session, version.landsdel_id, version.programme_id)
        figures = {(r.municipality_code, r.month.month): r.new_inclusions for r in rows}
    assert figures == {(461, 1): 5, (630, 1): 2, (461, 2): 4, (630, 2): 1, (461, 3): 2}


def test_mapping_is_remembered_for_the_landsdel(engine):
    headers = ["ID", "Milepæl", "Frist 1", "Forventet dato", "Faktisk dato", "Status", "Afhænger af",
               "Bemærkning"]
    first = preview(engine, plan_workbook(headers=headers), "plan.xlsx", today=TODAY)
    key = next(u.key for u in first.plan.unmapped)
    result = run(engine, plan_workbook(headers=headers),
                 mappings=[HeaderMapping("milestones", key, "baseline")])
    assert result.status == IMPORTED
    with read_session(engine) as session:
        assert session.scalar(select(ImportMapping.field)) == "baseline"
    # Next submission from Syd, without a mapping given: the remembered one is used.
    rows = [list(r) for r in MILESTONES]
    rows[1][2] = "april 2023"
    later = preview(engine, plan_workbook(headers=headers, milestones=rows), "plan.xlsx", today=TODAY)
    assert later.plan.milestones[1].baseline.text == "april 2023"
    # Another landsdel does not inherit it.
    other = preview(engine, plan_workbook(headers=headers, landsdel="Nord"), "plan.xlsx", today=TODAY)
    assert other.plan.milestones[1].baseline is None


def test_concurrent_imports_get_distinct_version_numbers(engine):
    run(engine, plan_workbook())
    results = []
    workbooks = []
    for n in range(4):
        rows = [list(r) for r in MILESTONES]
        rows[1][1] = f"Uddannelse, runde {n}"
        workbooks.append(plan_workbook(milestones=rows))

    def work(data):
        results.append(run(engine, data))

    threads = [threading.Thread(target=work, args=(data,)) for data in workbooks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r.plan_version for r in results) == [2, 3, 4, 5]
    assert all(r.status == IMPORTED for r in results)


def test_plan_from_store_reads_back_what_was_imported(engine):
    result = run(engine, plan_workbook(inclusion=LONG_INCLUSION))
    with read_session(engine) as session:
        version_id = session.scalar(select(PlanVersion.id))
        stored = plan_from_store(session, version_id)
    assert [m.code for m in stored.milestones] == [m.code for m in result.plan.milestones]
    assert stored.milestones[1].baseline == result.plan.milestones[1].baseline
    assert stored.new_inclusions_total == result.plan.new_inclusions_total
