"""The Excel annex read back with openpyxl: sheets, Danish headers, frozen panes, filters, real dates."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from portfolio.snapshots import service
from portfolio.snapshots.excel import snapshot_workbook
from tests.snapshots.hostile import assert_neutral, hostile_snapshots


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _header_row(sheet) -> int:
    row, _ = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)[::-1]
    return row - 1


def test_styled_annex_with_frozen_headers_filters_and_real_dates(demo_snapshots):
    data = snapshot_workbook(demo_snapshots.september, demo_snapshots.diff)
    book = _book(data)
    assert book.sheetnames[:3] == ["Resumé", "Siden sidst", "Landsdele siden sidst"]
    assert {"Milepæle Nord", "Milepæle Sjælland", "Inklusion", "Inklusion pr. kommune", "FUT", "FUT-historik",
            "Risici"} <= set(book.sheetnames)
    for sheet in book.worksheets:
        header = _header_row(sheet)
        assert sheet.freeze_panes == f"A{header + 1}", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{header}:"), sheet.title
        assert sheet.cell(header, 1).font.bold

    milestones = book["Milepæle Nord"]
    header = _header_row(milestones)
    names = [c.value for c in milestones[header]]
    assert names[:4] == ["Program", "ID", "Milepæl", "Kategori"] and "Prognose" in names
    first = [c.value for c in milestones[header + 1]]
    assert first[1] == "1.1" and isinstance(first[names.index("Baseline")], dt.datetime)
    assert milestones.cell(header + 1, names.index("Baseline") + 1).number_format == "dd-mm-yyyy"
    assert first[names.index("Baseline (som skrevet)")] == "marts 2019"

    changes = book["Siden sidst"]
    header = _header_row(changes)
    rows = [[c.value for c in row] for row in changes.iter_rows(min_row=header + 1)]
    slipped = [r for r in rows if r[0] == "Forskudt"]
    assert len(slipped) == len(demo_snapshots.diff.slipped)
    assert all(isinstance(r[5], dt.datetime) and isinstance(r[6], dt.datetime) and r[7] > 0 for r in slipped)
    assert "Møde 2. februar 2022" in changes["A2"].value

    summary = book["Resumé"]
    assert summary["A1"].value == "Statuspakke til porteføljestyregruppen" and "DEMODATA" in summary["A5"].value
    inclusion = book["Inklusion"]
    months = [r[2].value for r in inclusion.iter_rows(min_row=_header_row(inclusion) + 1)]
    assert all(isinstance(m, dt.datetime) and m.day == 1 for m in months)


def test_english_headers_on_request(demo_snapshots):
    book = _book(snapshot_workbook(demo_snapshots.september, demo_snapshots.diff, lang="en"))
    assert book.sheetnames[:2] == ["Summary", "Since last time"]


def test_first_snapshot_says_there_is_nothing_to_compare(demo_snapshots):
    book = _book(snapshot_workbook(demo_snapshots.february, None))
    assert "Første snapshot" in book["Siden sidst"]["A2"].value


def test_typed_formulas_are_neutralised(sqlite_engine):
    _, second = hostile_snapshots(sqlite_engine)
    book = _book(service.export_snapshot(sqlite_engine, second, "xlsx", actor="t").data)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert_neutral(c.value for c in cells)


def test_fast_cell_writer_writes_what_xlsxwriter_writes(demo_snapshots, sqlite_engine, monkeypatch):
    """excel._Sheet shortens xlsxwriter's inner loop; its files must equal the stock worksheet's, byte for byte
    (hostile texts included: leading/trailing spaces, control characters, markup, formulas)."""
    from xlsxwriter.worksheet import Worksheet

    from portfolio.snapshots import excel

    _, second = hostile_snapshots(sqlite_engine)
    with service.read_session(sqlite_engine) as session:
        snapshot = service.load_snapshot(session, second)
        diff = service.diff_since_previous(session, snapshot, None)
    cases = [(demo_snapshots.september, demo_snapshots.diff, "da"), (demo_snapshots.february, None, "en"),
             (snapshot, diff, "da")]
    fast = [snapshot_workbook(*case[:2], lang=case[2]) for case in cases]
    monkeypatch.setattr(excel, "_Sheet", Worksheet)
    stock = [snapshot_workbook(*case[:2], lang=case[2]) for case in cases]
    assert fast == stock


def test_fast_cell_writer_on_awkward_cells(monkeypatch):
    from xlsxwriter.worksheet import Worksheet

    from portfolio.snapshots import excel

    texts = [" leading", "trailing ", "new\nline\n", "ctrl\x01char", "_x0041_ escaped", "<r>rich?</r>", "a & <b> \"c\"",
             "=1+1", "æøå ÆØÅ", "\u00a0nbsp", "x" * 40]
    cols = (excel.Col("snapshot.col.title", width=50), excel.Col("snapshot.col.code", width=8),
            excel.Col("snapshot.col.days", "days"), excel.Col("snapshot.col.share_group", "percent"),
            excel.Col("snapshot.col.month", "month"), excel.Col("snapshot.col.rag", "rag"))
    rows = [[text, text, n, n / 7, dt.date(2020, 1 + i % 12, 1), ("green", "amber", "red")[i % 3]]
            for i, (text, n) in enumerate(zip(texts, [0, -3, 1, 10**15, 7, 2**40, -1, 12, 5, 6, 99], strict=True))]

    def build() -> bytes:
        buffer = io.BytesIO()
        book = excel._Book(buffer, dt.datetime(2022, 9, 8, 10), "da")
        sheet = book.sheet("Test")
        book.table(sheet, book.heading(sheet, [(" title ", "title")]), cols, rows)
        book.book.close()
        return buffer.getvalue()

    fast = build()
    monkeypatch.setattr(excel, "_Sheet", Worksheet)
    assert fast == build()
