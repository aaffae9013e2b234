"""`portfolio snapshot create | list | diff | export`: exit codes, Danish text, English JSON keys."""

from __future__ import annotations

import json
import zipfile

import pytest

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings


def _run(engine, *args, lang="da"):
    ctx = CommandContext(Settings(database_url=str(engine.url), language=lang, user="admin"), _engine=engine)
    return main(list(args), context=ctx)


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_create_list_diff_export(demo_engine, capsys, tmp_path):
    assert _run(demo_engine, "snapshot", "create", "--label", "Møde 2. februar 2022", "--as-of", "2022-02-02",
                "--json") == 0
    first = _json(capsys)
    assert first["as_of"] == "2022-02-02" and first["created_by"] == "admin"
    assert _run(demo_engine, "snapshot", "create", "--label", "Møde 8. september 2022") == 0
    assert "oprettet" in capsys.readouterr().out
    assert _run(demo_engine, "snapshot", "list", "--json") == 0
    listed = _json(capsys)
    # newest first: the new September snapshot, then the demo's own meetings (8 Sep, 9 Jun), then February
    assert [(s["as_of"], s["label"]) for s in listed] == [
        ("2022-09-08", "Møde 8. september 2022"), ("2022-09-08", "Møde 8. september 2022"),
        ("2022-06-09", "Møde 9. juni 2022"), ("2022-02-02", "Møde 2. februar 2022")]
    second = listed[0]["id"]

    assert _run(demo_engine, "snapshot", "diff", str(first["id"]), str(second), "--json") == 0
    diff = _json(capsys)
    slipped_key = next(k for k in diff if "slipped" in k)
    assert any(m["code"] == "8.1" and m["days"] > 0 for m in diff[slipped_key])
    assert _run(demo_engine, "snapshot", "diff", str(first["id"]), str(second)) == 0
    text = capsys.readouterr().out
    assert "Forskudte milepæle" in text and "Siden sidst" in text

    out = tmp_path / "bilag.xlsx"
    assert _run(demo_engine, "snapshot", "export", str(second), "--format", "xlsx", "--out", str(out)) == 0
    assert out.read_bytes()[:2] == b"PK"
    plans = tmp_path / "planer"
    assert _run(demo_engine, "snapshot", "export", str(second), "--format", "plans", "--out", str(plans)) == 0
    assert len(list(plans.glob("*.xlsx"))) == 10
    pack = tmp_path / "pack.pptx"
    assert _run(demo_engine, "snapshot", "export", str(second), "--format", "pptx", "--out", str(pack)) == 0
    assert zipfile.is_zipfile(pack)


def test_english_text_output(demo_engine, capsys):
    assert _run(demo_engine, "snapshot", "create", "--label", "Meeting", lang="en") == 0
    assert "created" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["snapshot", "diff", "1", "999"],
    ["snapshot", "export", "999", "--format", "xlsx", "--out", "x.xlsx"],
    ["snapshot", "create", "--label", " "],
    ["snapshot", "create", "--label", "Fremtid", "--as-of", "2999-01-01"],
])
def test_refusals_exit_1_with_a_message(demo_engine, capsys, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run(demo_engine, *args) == 1
    error = capsys.readouterr().err
    assert error.strip() and "Traceback" not in error


@pytest.mark.parametrize("args", [
    ["snapshot"],
    ["snapshot", "create"],
    ["snapshot", "create", "--label", "x", "--as-of", "8/9/2022"],
    ["snapshot", "export", "1", "--format", "docx", "--out", "x"],
    ["snapshot", "diff", "1"],
])
def test_usage_errors_exit_2(demo_engine, args):
    assert _run(demo_engine, *args) == 2


def test_empty_store_refuses_to_freeze_and_lists_nothing(sqlite_engine, capsys):
    assert _run(sqlite_engine, "snapshot", "create", "--label", "Tom") == 1
    assert "ingen data" in capsys.readouterr().err
    assert _run(sqlite_engine, "snapshot", "list") == 0
    assert "ingen snapshots" in capsys.readouterr().out


def test_plans_out_must_be_a_folder(demo_engine, tmp_path, capsys):
    assert _run(demo_engine, "snapshot", "create", "--label", "M", "--json") == 0
    snapshot_id = _json(capsys)["id"]
    file = tmp_path / "a-file"
    file.write_text("x")
    assert _run(demo_engine, "snapshot", "export", str(snapshot_id), "--format", "plans", "--out", str(file)) == 1
