"""`portfolio import-feed` and `portfolio pull-feed`: exit codes 0/1/2 and the --json answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from portfolio.cli import main
from portfolio.cli.base import CommandContext
from portfolio.config import Settings
from tests.feed.conftest import GOOD_FEED, FeedServer, entry, feed_json


def run(engine: Engine, *argv: str, lang: str = "en") -> int:
    ctx = CommandContext(Settings(database_url="sqlite://", language=lang, user="cli-user"), _engine=engine)
    return main(list(argv), ctx)


@pytest.fixture(autouse=True)
def _fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FUT_FEED_URL", raising=False)
    monkeypatch.setenv("FUT_FEED_TIMEOUT", "0.5")
    monkeypatch.setenv("FUT_FEED_RETRIES", "0")


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_file_then_unchanged(store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "status.json", GOOD_FEED)
    assert run(store, "import-feed", path, "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"status": "imported", "new_entries": 3, "errors": []}
    assert run(store, "import-feed", path, "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"status": "unchanged", "new_entries": 0, "errors": []}
    assert run(store, "import-feed", path) == 0
    assert capsys.readouterr().out.strip() == "Nothing new from status.json; every entry was already stored."


def test_refused_feed_exits_1_with_errors(store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "status.json", feed_json(entry("KAM"), entry("Ukendt", phase="færdig")))
    assert run(store, "import-feed", path, "--json") == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "rejected" and answer["new_entries"] == 0
    assert answer["errors"][0] == {
        "entry": 2, "field": "phase",
        "message": 'Unknown phase "færdig". Use development, acceptance test, pilot or production.'}
    assert [(e["entry"], e["field"]) for e in answer["errors"]] == [(2, "phase"), (2, "component")]
    assert run(store, "import-feed", path, lang="da") == 1
    err = capsys.readouterr().err
    assert "Feedet fra status.json blev afvist; intet er gemt. 2 problem(er):" in err
    assert '  - Post 2, phase: Ukendt fase "færdig".' in err


def test_unknown_component_exit_1(store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = b"component,date,phase,rag\nKAM,2023-05-01,pilot,green\nFOO,2023-05-01,pilot,red\n"
    path = write(tmp_path, "status.csv", data)
    assert run(store, "import-feed", path, "--json") == 1
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert (error["entry"], error["field"]) == (2, "component")
    assert error["message"].startswith('Unknown component "FOO".')


def test_usage_errors_exit_2(sqlite_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(sqlite_engine, "import-feed") == 2
    assert run(sqlite_engine, "import-feed", str(tmp_path / "missing.json")) == 2
    assert "missing.json" in capsys.readouterr().err
    assert run(sqlite_engine, "import-feed", "ftp://example.org/feed.json", "--json") == 2
    assert run(sqlite_engine, "import-feed", "x.json", "--bogus") == 2


def test_import_url(store: Engine, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    feed_server.routes["/feed.json"] = lambda h: (200, {"Content-Type": "application/json", "ETag": '"a"'}, GOOD_FEED)
    assert run(store, "import-feed", feed_server.url("/feed.json"), "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"status": "imported", "new_entries": 3, "errors": []}
    feed_server.routes["/down"] = lambda h: (500, {}, b"")
    assert run(store, "import-feed", feed_server.url("/down"), "--json") == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "rejected" and answer["errors"][0]["entry"] is None
    assert "HTTP 500" in answer["errors"][0]["message"]


def test_pull_feed(sqlite_store: Engine, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run(sqlite_store, "pull-feed", "--json") == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["message"] == (
        "No feed URL is configured (set FUT_FEED_URL).")

    def route(handler):
        if handler.headers.get("If-None-Match") == '"v7"':
            return 304, {"ETag": '"v7"'}, b""
        return 200, {"Content-Type": "application/json", "ETag": '"v7"'}, GOOD_FEED
    feed_server.routes["/fut"] = route
    monkeypatch.setenv("FUT_FEED_URL", feed_server.url("/fut"))
    assert run(sqlite_store, "pull-feed") == 0
    assert capsys.readouterr().out.startswith("3 new status entries stored from http://127.0.0.1:")
    assert run(sqlite_store, "pull-feed", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"status": "unchanged", "new_entries": 0, "errors": []}
