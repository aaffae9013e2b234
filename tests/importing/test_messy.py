"""Messy workbooks, as the regional secretariats write them, through `portfolio import-plan` into a store that has
had only `portfolio init` (SQLite and PostgreSQL): FUT components by the names people use, headers and statuses
in their own words, nothing dropped, every problem at once, dependency mappings from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from portfolio.db import read_session
from portfolio.models import (
    Component,
    ImportMapping,
    InclusionCount,
    Milestone,
    MilestoneDependency,
    PlanVersion,
    TargetSet,
)
from tests.importing import messy


@pytest.fixture
def cli(engine: Engine, capsys, tmp_path: Path):
    def invoke(*files: tuple[str, bytes], args: tuple[str, ...] = (), lang: str = "da"):
        paths = []
        for name, data in files:
            path = tmp_path / name
            path.write_bytes(data)
            paths.append(str(path))
        ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user="anna"), _engine=engine)
        code = main(["import-plan", *paths, "--json", *args], context=ctx)
        out = capsys.readouterr().out
        payload = json.loads(out)
        return code, payload if isinstance(payload, list) else [payload]
    return invoke


def _dependencies(engine: Engine, code: str) -> set[str]:
    with read_session(engine) as session:
        rows = session.execute(
            select(MilestoneDependency.depends_on_code, Component.code)
            .join(Milestone, Milestone.id == MilestoneDependency.milestone_id)
            .outerjoin(Component, Component.id == MilestoneDependency.component_id)
            .where(Milestone.code == code)).all()
    return {milestone or component for milestone, component in rows}


def test_messy_plans_naming_fut_components_import_into_an_init_only_store(cli, engine):
    code, results = cli(("Midt KOL maj.xlsx", messy.midt_kol()), ("hovedstaden.xlsx",
                                                                   messy.hovedstaden_heart_failure_english()))
    assert code == 0, results
    midt, hovedstaden = results
    assert (midt["status"], midt["landsdel"], midt["programme"]) == ("imported", "Midt", "KOL")
    assert (midt["milestones"], midt["inclusion_rows"], midt["new_inclusions"]) == (5, 5, 30)
    assert (hovedstaden["landsdel"], hovedstaden["programme"]) == ("Hovedstaden", "HJERTESVIGT")
    assert (hovedstaden["milestones"], hovedstaden["inclusion_rows"], hovedstaden["new_inclusions"]) == (4, 6, 46)
    assert _dependencies(engine, "1.3") == {"KAM", "1.2"}
    assert _dependencies(engine, "2.1") == {"KOL_HJERTE", "K_PRO"}
    assert _dependencies(engine, "2.2") == {"KIH_DB"}
    assert _dependencies(engine, "H4") == {"H2", "H3", "K_PRO"}
    with read_session(engine) as session:
        statuses = dict(session.execute(select(Milestone.code, Milestone.status)).all())
        group = session.scalar(select(TargetSet.target_group_size))
        active = session.scalar(select(InclusionCount.active_citizens).where(InclusionCount.new_inclusions == 9))
    assert statuses["1.1"].value == "done" and statuses["1.2"].value == "amber" and statuses["H2"].value == "red"
    assert statuses["2.2"].value == "green"  # "Ikke startet": not started, nothing reported against the plan
    assert group == 2000 and active == 20  # "Målgruppe" as a column; "Aktive i alt"


def test_a_table_whose_counts_cannot_be_read_is_an_error_not_a_silent_drop(cli, engine):
    code, [result] = cli(("syd.xlsx", messy.syd_counts_unreadable()))
    assert code == 1 and result["status"] == "rejected"
    [error] = result["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("Inklusion", 1, "C")
    assert "»Tal (se note)«" in error["message"]


def test_bad_values_are_all_reported_at_once_with_sheet_row_and_column(cli, engine):
    code, [result] = cli(("sjaelland.xlsx", messy.sjaelland_bad_values()), lang="en")
    assert code == 1
    where = {(e["sheet"], e["row"], e["column"]) for e in result["errors"]}
    assert where == {("Inklusion", 3, "B"), ("Inklusion", 4, "C"), ("Inklusion", 5, "C"), ("Inklusion", 6, "B")}
    assert any("Nearest known: »Roskilde«" in e["message"] for e in result["errors"])
    with read_session(engine) as session:
        assert session.scalar(select(PlanVersion.id)) is None


def test_an_unknown_dependency_suggests_names_and_is_mapped_once_for_the_landsdel(cli, engine):
    code, [refused] = cli(("nord.xlsx", messy.nord_unknown_dependency()))
    assert code == 1
    [error] = refused["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("Milepæle", 3, "F")
    assert "»KL Gateway«" in error["message"] and "--map-dependency" in error["message"]

    code, [imported] = cli(("nord.xlsx", messy.nord_unknown_dependency()),
                           args=("--map-dependency", "Hjemmemonitoreringsgatewayen=KL_GATEWAY"))
    assert code == 0 and imported["status"] == "imported", imported
    assert _dependencies(engine, "N1") == {"KL_GATEWAY"}
    with read_session(engine) as session:
        remembered = session.execute(select(ImportMapping.sheet_kind, ImportMapping.field)).all()
    assert [tuple(r) for r in remembered] == [("dependency", "KL_GATEWAY")]

    code, [later] = cli(("nord.xlsx", messy.nord_unknown_dependency(second=True)))  # no flag: remembered
    assert code == 0 and later["status"] == "imported" and later["plan_version"] == 2


def test_map_dependency_to_an_unknown_code_or_without_equals_is_refused(cli, engine, capsys):
    code, [result] = cli(("nord.xlsx", messy.nord_unknown_dependency()),
                         args=("--map-dependency", "Hjemmemonitoreringsgatewayen=KL_GATEWAYY"))
    assert code == 1 and any("KL_GATEWAYY" in e["message"] and "»KL Gateway«" in e["message"]
                             for e in result["errors"])
    ctx = CommandContext(Settings(database_url=str(engine.url), language="en", user="anna"), _engine=engine)
    assert main(["import-plan", "x.xlsx", "--map-dependency", "no equals sign"], context=ctx) == 2
    assert "TEXT=CODE" in capsys.readouterr().err


def test_dry_run_json_lists_every_change_against_the_current_plan(cli, engine):
    cli(("midt.xlsx", messy.midt_kol()))
    code, [result] = cli(("midt.xlsx", messy.midt_kol(slip=True)), args=("--dry-run",))
    assert code == 0 and result["status"] == "imported" and result["dry_run"] and result["plan_version"] == 2
    changes = {(c["id"], c.get("field")): c for c in result["changes"] if c["what"] == "milestone"}
    forecast = changes[("1.2", "forecast")]
    assert (forecast["before"], forecast["after"], forecast["days_slipped"]) == ("2023-04-30", "2023-06-30", 61)
    assert changes[("1.2", "status")]["after"] == "red"


def test_the_unreadable_count_column_can_be_mapped_and_then_nothing_is_lost(engine):
    from portfolio.importing.service import preview
    from portfolio.importing.store import HeaderMapping
    from portfolio.outcome import READY

    refused = preview(engine, messy.syd_counts_unreadable(), "syd.xlsx")
    [header] = [u for u in refused.plan.unmapped if u.kind == "inclusion"]
    assert (header.sheet, header.column, header.text) == ("Inklusion", "C", "Tal (se note)")
    mapped = preview(engine, messy.syd_counts_unreadable(), "syd.xlsx",
                     mappings=[HeaderMapping("inclusion", header.key, "new_inclusions")])
    assert mapped.status == READY and [r.new_inclusions for r in mapped.plan.inclusions] == [12, 4]


def test_target_and_target_group_changes_are_in_the_preview(cli, engine):
    cli(("midt.xlsx", messy.midt_kol()))
    code, [result] = cli(("midt.xlsx", messy.midt_kol(group=2100)), args=("--dry-run",))
    assert code == 0 and result["plan_version"] == 2
    plan = [c for c in result["changes"] if c["what"] in ("plan", "target")]
    assert {"what": "plan", "field": "target_group_size", "before": 2000, "after": 2100} in plan
    assert {"what": "target", "due_date": "2024-12-31", "before": 2000, "after": 2100} in plan


def test_a_targets_sheet_without_dates_is_an_error(cli, engine):
    code, [result] = cli(("midt.xlsx", messy.midt_kol(target_date_header="Hvornår")))
    assert code == 1
    [error] = result["errors"]
    assert (error["sheet"], error["column"]) == ("Mål", "A") and "»Hvornår«" in error["message"]


def test_a_title_naming_a_component_does_not_overrule_what_the_info_sheet_says(engine):
    from portfolio.importing.service import preview
    from portfolio.outcome import READY
    from tests.importing.builders import HEADERS, MILESTONES, workbook_bytes

    data = workbook_bytes({
        "Info": [["Landsdel", "Syd"], ["Program", "Hjertesvigt"]],
        "Milepæle": [["Tidsplan for KOL-hjerteløsningen, KOL"], [], HEADERS, *MILESTONES],
    })
    result = preview(engine, data, "plan.xlsx")
    assert result.status == READY, [p.message("en") for p in result.errors]
    assert (result.landsdel_name, result.programme) == ("Syd", "HJERTESVIGT")


def test_dry_run_text_lists_the_changes_in_the_users_language(engine, capsys, tmp_path):
    first, second = tmp_path / "midt1.xlsx", tmp_path / "midt2.xlsx"
    first.write_bytes(messy.midt_kol())
    second.write_bytes(messy.midt_kol(slip=True))
    ctx = CommandContext(Settings(database_url=str(engine.url), language="en", user="anna"), _engine=engine)
    assert main(["import-plan", str(first)], context=ctx) == 0
    assert main(["import-plan", str(second), "--dry-run"], context=ctx) == 0
    out = capsys.readouterr().out
    assert "Milestone 1.2 Tilslutning til KL Gateway · Changed: Forecast: April 2023 → June 2023" \
           " (days slipped: 61)" in out
