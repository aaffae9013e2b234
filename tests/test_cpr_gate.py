"""The one CPR gate (#13): every way of writing a CPR number, on every path text comes in by, is refused where it
is content and masked where it must be kept; afterwards not a byte of the number is in the database file, its
WAL or the logs."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from portfolio import audit
from portfolio.auth.accounts import AccountError, add_account
from portfolio.auth.login import authenticate
from portfolio.auth.roles import Role
from portfolio.components import ComponentRefused, add_component
from portfolio.db import make_engine, read_session, unit_of_work
from portfolio.domain import ComponentKind
from portfolio.feed.service import ingest_feed
from portfolio.i18n import t
from portfolio.importing.service import import_plan
from portfolio.models import AuditEvent, PlanVersion
from portfolio.outcome import IMPORTED, REJECTED
from portfolio.personal_data import find_cpr, mask_cpr
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.freeze import create_snapshot
from tests.importing.builders import HEADERS, MILESTONES, plan_workbook, workbook_bytes

# A made-up number: 07 July 1961, serial 4285. Masked it is "0707**-****"; the tail "61…4285" must never be kept.
VARIANTS = [
    "070761-4285", "0707614285", "070761 4285", "070761\u20134285", "070761\u20144285", "070761/4285",
    "07.07.61-4285", "07.07.61 4285", "070761 - 4285", "070761 \u2013 4285", "07/07/61-4285", "070761\u22124285",
]
MASKED = "0707**-****"
TAIL = re.compile(rb"61\D{0,12}4285|614285")
TODAY = dt.date(2024, 1, 15)


def kept(text: str) -> bool:
    return TAIL.search(text.encode("utf-8")) is not None or TAIL.search(
        json.dumps(text).encode("ascii")) is not None


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_way_of_writing_it_is_found_and_masked(variant):
    assert find_cpr(variant) == MASKED
    assert find_cpr(f"Borger {variant} ringede") == MASKED
    masked = mask_cpr(f"fil {variant}.xlsx og {variant}")
    assert masked == f"fil {MASKED}.xlsx og {MASKED}"
    assert not kept(masked)


@pytest.mark.parametrize("text", ["2023-03-31 1234", "01.01.2023", "tlf 12 34 56 78", "Q2 2023 – 1500 borgere",
                                  "v. 1.2.3-4567", "320161-4285", "07.13.61-4285"])
def test_dates_and_numbers_that_are_not_cpr_numbers_stay(text):
    assert find_cpr(text) is None
    assert mask_cpr(text) == text


def test_a_message_never_echoes_one():
    assert MASKED in t("auth.account.unknown", "en", user="070761-4285")
    assert not kept(t("auth.account.unknown", "da", user="07.07.61 \u2013 4285"))


# --- the paths -----------------------------------------------------------------------------------------------


def audit_texts(engine) -> list[str]:
    with read_session(engine) as session:
        return [json.dumps([e.actor, e.target, e.file_name, e.detail], ensure_ascii=False)
                for e in session.scalars(select(AuditEvent))]


@pytest.mark.parametrize("variant", VARIANTS[:6])
def test_a_username_typed_on_the_login_form_is_audited_masked(engine, variant):
    result = authenticate(engine, variant, "wrong-password-123")
    assert not result.ok
    texts = audit_texts(engine)
    assert any(MASKED in text for text in texts)
    assert not any(kept(text) for text in texts)


@pytest.mark.parametrize("variant", VARIANTS)
def test_audit_record_masks_who_what_file_and_detail(engine, variant):
    with unit_of_work(engine) as session:
        audit.record(session, actor=variant, action="x", target=variant, file_name=f"{variant}.xlsx",
                     detail={"problem": f"value {variant}", "nested": [variant], variant: 1})
    assert not any(kept(text) for text in audit_texts(engine))


def test_the_store_masks_any_string_that_reaches_it(engine):
    """The last line: a model written without passing any feature's check still cannot hold the number."""
    with unit_of_work(engine) as session:
        session.add(AuditEvent(actor="test", action="x", target=VARIANTS[3], detail={"a": VARIANTS[6]}))
    assert not any(kept(text) for text in audit_texts(engine))


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_plan_with_one_in_a_cell_or_a_sheet_name_is_refused_and_in_a_file_name_masked(engine, variant):
    cell = [*MILESTONES[:2], ["3", f"Ring til {variant}", "Q3 2023", "", "", "grøn", "", ""]]
    refused = import_plan(engine, plan_workbook(milestones=cell), "plan.xlsx", actor="test", today=TODAY)
    assert refused.status != IMPORTED and any(p.key == "import.refused.cpr" for p in refused.problems)
    sheet = workbook_bytes({"Info": [["Landsdel", "Syd"], ["Program", "KOL"]],
                            f"Milepæle {variant}".replace("/", "-")[:31]: [HEADERS, *MILESTONES]})
    refused = import_plan(engine, sheet, "plan.xlsx", actor="test", today=TODAY)
    assert refused.status != IMPORTED
    assert not any(kept(json.dumps(p.as_dict("da"), ensure_ascii=False)) for p in refused.problems)

    stored = import_plan(engine, plan_workbook(), f"syd {variant}.xlsx", actor="test", today=TODAY)
    assert stored.status == IMPORTED, [p.message("en") for p in stored.problems]
    assert not kept(stored.file)
    with read_session(engine) as session:
        assert MASKED in session.scalar(select(PlanVersion.source_file))
    assert not any(kept(text) for text in audit_texts(engine))


def feed_bytes(kind: str, header: str, value: str) -> tuple[bytes, str]:
    rows = [["component", "date", "phase", "rag", header], ["KL_GATEWAY", "2023-05-01", "pilot", "green", value]]
    if kind == "json":
        return json.dumps([dict(zip(rows[0], rows[1], strict=True))], ensure_ascii=False).encode(), "feed.json"
    if kind == "csv":
        return "\n".join(";".join(row) for row in rows).encode(), "feed.csv"
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), "feed.xlsx"


@pytest.mark.parametrize("kind", ["json", "csv", "excel"])
@pytest.mark.parametrize("where", ["header", "value", "file name"])
@pytest.mark.parametrize("variant", [VARIANTS[0], VARIANTS[3], VARIANTS[6], VARIANTS[8]])
def test_a_feed_with_one_is_refused_and_its_name_masked(engine, kind, where, variant):
    # KL_GATEWAY is in the FUT catalogue that `portfolio init` loads
    header, value = ("note", "ok")
    if where == "header":
        header = f"note {variant}"
    elif where == "value":
        value = f"Borger {variant}"
    data, name = feed_bytes(kind, header, value)
    if where == "file name":
        name = f"{variant} {name}"
    result = ingest_feed(engine, data, name, actor="test", today=dt.date(2023, 6, 1))
    if where == "file name":
        assert not kept(result.source)
    else:
        assert result.status == REJECTED
        assert any("cpr" in p.key for p in result.errors), [p.key for p in result.errors]
        assert not any(kept(json.dumps(p.as_dict("en"), ensure_ascii=False)) for p in result.errors)
    assert not any(kept(text) for text in audit_texts(engine))


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_snapshot_label_component_or_account_with_one_is_refused(engine, variant):
    with pytest.raises(SnapshotRefused):
        create_snapshot(engine, label=f"Møde {variant}", actor="test", today=TODAY)
    for code, name in (("KAM", f"KAM {variant}"), (f"X{variant}", "KAM")):
        with pytest.raises(ComponentRefused) as refused:
            add_component(engine, actor="test", code=code, name=name, kind=ComponentKind.MODULE)
        assert not kept(refused.value.message("da"))
    for username, display in ((variant.replace(" ", ""), "x"), ("ny", f"Ny {variant}")):
        with unit_of_work(engine) as session, pytest.raises(AccountError):
            add_account(session, actor="test", username=username, role=Role.VIEWER, display_name=display)
    assert not any(kept(text) for text in audit_texts(engine))


def test_the_cli_never_echoes_one(sqlite_engine, capsys, monkeypatch):
    from portfolio.cli import main
    from portfolio.cli.base import CommandContext
    from portfolio.config import Settings

    monkeypatch.setenv("PORTFOLIO_USER", VARIANTS[4])
    code = main(["status"], context=CommandContext(Settings.from_env(), _engine=sqlite_engine))
    out = capsys.readouterr()
    assert code == 1 and MASKED in out.err
    assert not kept(out.out + out.err)


# --- afterwards: no byte of it anywhere ------------------------------------------------------------------------


def test_no_byte_of_it_is_in_the_database_file_its_wal_or_the_logs(sqlite_template, tmp_path, caplog):
    import shutil

    path = tmp_path / "store.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    log_file = tmp_path / "app.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        for variant in VARIANTS:  # KL_GATEWAY is in the FUT catalogue that `portfolio init` loads
            authenticate(engine, variant, "wrong-password-123")
            import_plan(engine, plan_workbook(milestones=[[*MILESTONES[0][:7], variant]]), f"{variant}.xlsx",
                        actor="test", today=TODAY)
            import_plan(engine, plan_workbook(submitted=dt.date(2023, 6, 2)), f"syd {variant}.xlsx",
                        actor="test", today=TODAY)
            for kind in ("json", "csv", "excel"):
                data, name = feed_bytes(kind, f"note {variant}", variant)
                ingest_feed(engine, data, f"{variant} {name}", actor="test", today=dt.date(2023, 6, 1))
            with pytest.raises(SnapshotRefused):
                create_snapshot(engine, label=variant, actor="test", today=TODAY)
            logging.getLogger("portfolio.test").warning("user %s failed", variant)
            try:
                raise ValueError(f"bad {variant}")
            except ValueError:
                logging.getLogger("portfolio.test").exception("failed for %s", variant)
        # everything still in the WAL: read the files as they are, before any checkpoint
        files = [path, Path(f"{path}-wal"), log_file]
        found = {str(f): bool(TAIL.search(f.read_bytes())) for f in files if f.exists()}
        assert Path(f"{path}-wal").exists()
        assert found and not any(found.values()), found
        assert not TAIL.search(caplog.text.encode())
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        engine.dispose()
