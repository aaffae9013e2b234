"""The Excel annex (bilag) of a snapshot: a styled workbook read from the payload only.

Sheets: summary, changes since the previous snapshot (milestones; RAG and inclusion per
landsdel), milestones per landsdel, inclusion (monthly and per municipality), FUT (current
and history), risks. Danish headers (or English), frozen header rows, filters, real dates.
Every text a user typed goes through :func:`sanitize.neutralise`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

from portfolio.i18n import format_date, t
from portfolio.metrics import expected_target, share
from portfolio.snapshots import view
from portfolio.snapshots.diff import SnapshotDiff
from portfolio.snapshots.freeze import FrozenSnapshot
from portfolio.snapshots.sanitize import neutralise

RAG_FILL = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
HEADER_FILL = "#DDEBF7"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (correct from March 1900 on)


class _Sheet(Worksheet):
    """xlsxwriter's worksheet with a shorter inner loop for the cells this annex writes.

    The annex holds about 215,000 cells at national scale; xlsxwriter spends most of its time per cell building
    attribute lists and escaping attributes that here are always a cell reference and a format number. The
    cells written here (a number or a plain text, always with a format) get the same XML, byte for byte, in
    one f-string; any other cell goes through xlsxwriter's own code. ``tests/snapshots/test_excel.py`` holds
    this to the stock worksheet's output, so an xlsxwriter upgrade that changes its XML is caught.
    """

    _columns: dict[int, str] = {}

    def __init__(self) -> None:
        super().__init__()
        self._bodies: dict[str, str] = {}

    def _write_cell(self, row: int, col: int, cell: Any) -> None:  # noqa: ANN401 - xlsxwriter's cell tuple
        kind = type(cell)
        cell_format = cell.format
        if cell_format is None or (kind is not CellNumberTuple and kind is not CellStringTuple):
            return super()._write_cell(row, col, cell)
        name = self._columns.get(col) or self._columns.setdefault(col, xl_col_to_name(col))
        head = f'<c r="{name}{row + 1}" s="{cell_format._get_xf_index()}"'
        if kind is CellNumberTuple:
            self.fh.write(f"{head}><v>{cell.number:.16G}</v></c>")
            return None
        body = self._bodies.get(cell.string)
        if body is None:  # the same texts (programme, landsdel, municipality) recur on thousands of rows
            text = self._escape_control_characters(cell.string)
            if text.startswith("<r>") and text.endswith("</r>"):
                return super()._write_cell(row, col, cell)
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            body = self._bodies[cell.string] = f' t="inlineStr"><is><t{space}>{self._escape_data(text)}</t></is></c>'
        self.fh.write(head + body)
        return None


@dataclass(frozen=True)
class Col:
    key: str  # message key of the header (snapshot.col.*)
    kind: str = "text"  # text | date | month | int | percent | rag
    width: float = 14


class _Book:
    def __init__(self, buffer: io.BytesIO, created: dt.datetime, lang: str) -> None:
        self.sheet_class = _Sheet  # looked up here, so a test can compare it with xlsxwriter's own
        # constant_memory: each row goes to the sheet as it is written (rows are written in order here), which
        # costs a sixth less CPU than keeping every cell for a second pass; the content is the same.
        self.book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                                 "strings_to_urls": False, "strings_to_numbers": False})
        self.book.set_properties({"title": t("snapshot.export.title", lang), "created": created,
                                  "author": "telemed-portfolio"})
        self.lang = lang
        add = self.book.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.warn = add({"bold": True, "font_color": "#9C0006"})
        self.head = add({"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True, "valign": "top"})
        self.formats: dict[str, Any] = {
            "text": add({"valign": "top"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
            "date": add({"num_format": "dd-mm-yyyy", "valign": "top"}),
            "month": add({"num_format": "mmm yyyy", "valign": "top"}),
            "int": add({"num_format": "#,##0", "valign": "top"}),
            "days": add({"num_format": "+#,##0;-#,##0;0", "valign": "top"}),
            "percent": add({"num_format": "0%", "valign": "top"}),
        }
        self.rag = {k: add({"bg_color": v, "valign": "top"}) for k, v in RAG_FILL.items()}

    def sheet(self, name: str) -> Any:
        return self.book.add_worksheet(neutralise(name)[:31].replace("'", ""), worksheet_class=self.sheet_class)

    def heading(self, sheet: Any, lines: Sequence[tuple[str, str]]) -> int:
        """Title lines above a table; returns the header row index."""
        for r, (text, style) in enumerate(lines):
            sheet.write_string(r, 0, neutralise(text), getattr(self, style))
        return len(lines) + (1 if lines else 0)

    def table(self, sheet: Any, header_row: int, cols: Sequence[Col], rows: Sequence[Sequence[Any]]) -> None:
        for c, col in enumerate(cols):
            sheet.write_string(header_row, c, t(col.key, self.lang), self.head)
            sheet.set_column(c, c, col.width)
        # One writer per column, chosen once: the cells are written through xlsxwriter's undecorated methods
        # (the public ones only add the A1-notation check), texts neutralised once per distinct value.
        writers = [self._writer(sheet, col) for col in cols]
        for r, row in enumerate(rows, start=header_row + 1):
            if len(row) != len(cols):
                raise ValueError(f"row {r} has {len(row)} values for {len(cols)} columns")
            for c, value in enumerate(row):
                if value is not None and value != "":
                    writers[c](r, c, value)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, header_row + max(len(rows), 1), len(cols) - 1)

    def _writer(self, sheet: Any, col: Col) -> Callable[[int, int, Any], Any]:
        kind = col.kind
        number, string = sheet._write_number, sheet._write_string
        if kind in ("date", "month"):  # Excel's day number: what write_datetime stores, at a tenth of the cost
            date_format = self.formats[kind]
            return lambda r, c, value: number(r, c, (value - EXCEL_EPOCH).days, date_format)
        if kind in ("int", "days", "percent"):
            number_format = self.formats[kind]
            return lambda r, c, value: number(r, c, value, number_format)
        if kind == "rag":
            text_format, lang = self.formats["text"], self.lang
            return lambda r, c, value: string(r, c, view.rag_word(value, lang), self.rag.get(value, text_format))
        text_format = self.formats["wrap" if col.width >= 30 else "text"]
        safe: dict[Any, str] = {}

        def write_text(r: int, c: int, value: Any) -> None:
            text = safe.get(value)
            if text is None:
                text = safe[value] = neutralise(str(value))
            string(r, c, text, text_format)
        return write_text


def _summary_rows(payload: dict[str, Any], lang: str) -> list[list[Any]]:
    rows = []
    for programme, entry in view.entries(payload):
        if not view.has_content(entry):
            continue
        plan, health, inc = entry["plan"], entry["health"], entry["inclusion_summary"]
        rows.append([
            view.short_programme(programme["code"], payload, lang), entry["name"],
            plan["version_no"] if plan else None, view.date_of(plan["submitted_on"]) if plan else None,
            plan["reported_rag"] if plan else None, plan.get("derived_rag") if plan else None,
            len(entry["milestones"]), health["done"], health["late"], health["at_risk"],
            inc["active_citizens"], inc["expected_now"], inc["target_group_size"],
            share(inc["active_citizens"], inc["target_group_size"]),
        ])
    return rows


SUMMARY_COLS = (Col("snapshot.col.programme", width=12), Col("snapshot.col.landsdel", width=14),
                Col("snapshot.col.plan_version", "int", 10), Col("snapshot.col.submitted_on", "date", 12),
                Col("snapshot.col.reported_rag", "rag", 12), Col("snapshot.col.derived_rag", "rag", 12),
                Col("snapshot.col.milestones", "int", 10), Col("snapshot.col.done", "int", 10),
                Col("snapshot.col.late", "int", 10), Col("snapshot.col.at_risk", "int", 10),
                Col("snapshot.col.active", "int", 12), Col("snapshot.col.expected_after", "int", 12),
                Col("snapshot.col.target_group", "int", 12), Col("snapshot.col.share_group", "percent", 12))

CHANGE_COLS = (Col("snapshot.col.kind_of_change", width=12), Col("snapshot.col.programme", width=12),
               Col("snapshot.col.landsdel", width=14), Col("snapshot.col.code", width=8),
               Col("snapshot.col.title", width=50), Col("snapshot.col.before", "date", 12),
               Col("snapshot.col.after", "date", 12), Col("snapshot.col.days", "days", 8))

LANDSDEL_CHANGE_COLS = (Col("snapshot.col.programme", width=12), Col("snapshot.col.landsdel", width=14),
                        Col("snapshot.col.rag_before", "rag", 12), Col("snapshot.col.rag_after", "rag", 12),
                        Col("snapshot.col.active_before", "int", 14), Col("snapshot.col.active_after", "int", 14),
                        Col("snapshot.col.active_delta", "days", 14), Col("snapshot.col.included_since", "int", 14),
                        Col("snapshot.col.expected_after", "int", 12))

MILESTONE_COLS = (Col("snapshot.col.programme", width=12), Col("snapshot.col.code", width=8),
                  Col("snapshot.col.title", width=50), Col("snapshot.col.category", width=18),
                  Col("snapshot.col.owner", width=16), Col("snapshot.col.key", width=10),
                  Col("snapshot.col.baseline", "date", 12), Col("snapshot.col.baseline_text", width=14),
                  Col("snapshot.col.forecast", "date", 12), Col("snapshot.col.forecast_text", width=14),
                  Col("snapshot.col.actual", "date", 12), Col("snapshot.col.status", width=14),
                  Col("snapshot.col.health", width=14), Col("snapshot.col.slip_baseline", "days", 12),
                  Col("snapshot.col.depends_on", width=24), Col("snapshot.col.comment", width=40))

INCLUSION_COLS = (Col("snapshot.col.programme", width=12), Col("snapshot.col.landsdel", width=14),
                  Col("snapshot.col.month", "month", 12), Col("snapshot.col.new_inclusions", "int", 12),
                  Col("snapshot.col.active", "int", 12), Col("snapshot.col.dropouts", "int", 10),
                  Col("snapshot.col.target", "int", 12))

MUNICIPALITY_COLS = (Col("snapshot.col.programme", width=12), Col("snapshot.col.landsdel", width=14),
                     Col("snapshot.col.municipality_code", "int", 12), Col("snapshot.col.municipality", width=18),
                     Col("snapshot.col.month", "month", 12), Col("snapshot.col.new_inclusions", "int", 12),
                     Col("snapshot.col.active", "int", 12), Col("snapshot.col.dropouts", "int", 10))

FUT_COLS = (Col("snapshot.col.component", width=30), Col("snapshot.col.kind", width=12),
            Col("snapshot.col.phase", width=16), Col("snapshot.col.rag", "rag", 10),
            Col("snapshot.col.status_date", "date", 12), Col("snapshot.col.pilot_forecast", "date", 12),
            Col("snapshot.col.production_forecast", "date", 12), Col("snapshot.col.note", width=50),
            Col("snapshot.col.phase_before", width=16), Col("snapshot.col.rag_before", "rag", 10),
            Col("snapshot.col.production_before", "date", 14))

FUT_HISTORY_COLS = (Col("snapshot.col.component", width=30), Col("snapshot.col.status_date", "date", 12),
                    Col("snapshot.col.phase", width=16), Col("snapshot.col.rag", "rag", 10),
                    Col("snapshot.col.pilot_forecast", "date", 12), Col("snapshot.col.production_forecast", "date", 12),
                    Col("snapshot.col.note", width=60), Col("snapshot.col.source", width=30))

RISK_COLS = (Col("snapshot.col.risk", width=60), Col("snapshot.col.rag", "rag", 10),
             Col("snapshot.col.status", width=10), Col("snapshot.col.raised_on", "date", 12),
             Col("snapshot.col.component", width=20), Col("snapshot.col.owner", width=16),
             Col("snapshot.col.source", width=30))


def _milestone_row(programme: str, m: dict[str, Any], lang: str) -> list[Any]:
    return [programme, m["code"], m["title"], m["category"], m["owner"],
            t("snapshot.export.yes", lang) if m["is_key"] else None,
            view.date_of(m["baseline"]), view.text_of(m["baseline"]), view.date_of(m["forecast"]),
            view.text_of(m["forecast"]), view.date_of(m["actual"]), view.status_text(m["status"], lang),
            view.health_text(m.get("health"), lang), view.slip_from_baseline(m), view.depends_text(m), m["comment"]]


def _inclusion_rows(payload: dict[str, Any], lang: str) -> list[list[Any]]:
    rows = []
    for programme, entry in view.entries(payload):
        targets = entry["targets"]
        points = [(view.date_of(p["due_date"]), p["target_count"]) for p in targets["points"]] if targets else []
        for month in entry["inclusion_summary"]["monthly"]:
            first = view.date_of(month["month"])
            assert first is not None
            month_end = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            rows.append([view.short_programme(programme["code"], payload, lang), entry["name"], first,
                         month["new_inclusions"], month["active_citizens"], month["dropouts"],
                         expected_target(points, month_end)])  # type: ignore[arg-type]
    return rows


def _municipality_rows(payload: dict[str, Any], lang: str) -> list[list[Any]]:
    names = payload.get("municipalities", {})
    rows = []
    for programme, entry in view.entries(payload):
        for month, code, new, active, dropouts in entry["inclusion"]["rows"]:
            rows.append([view.short_programme(programme["code"], payload, lang), entry["name"], code,
                         names.get(str(code), "") if code is not None else "", view.date_of(month), new, active,
                         dropouts])
    return rows


def _fut_rows(payload: dict[str, Any], diff: SnapshotDiff | None, lang: str) -> list[list[Any]]:
    before = {c.code: c for c in diff.fut} if diff else {}
    rows = []
    for component in payload["fut"]:
        current = component["current"] or {}
        change = before.get(component["code"])
        rows.append([component["name"], view.kind_text(component["kind"], lang),
                     view.phase_text(current.get("phase"), lang), current.get("rag"),
                     view.date_of(current.get("status_date")), view.date_of(current.get("pilot_forecast")),
                     view.date_of(current.get("production_forecast")), current.get("note", ""),
                     view.phase_text(change.phase_before, lang) if change else None,
                     change.rag_before if change else None,
                     view.date_of(change.production_before) if change else None])
    return rows


def snapshot_workbook(snapshot: FrozenSnapshot, diff: SnapshotDiff | None, *, lang: str = "da") -> bytes:
    """The annex workbook. ``diff``: changes since the previous snapshot (None for the first one)."""
    payload, info = snapshot.payload, snapshot.info
    buffer = io.BytesIO()
    xb = _Book(buffer, info.created_at.replace(microsecond=0), lang)
    made = t("snapshot.export.made", lang, id=info.id, label=info.label, created=format_date(info.created_at, lang),
             by=info.created_by)
    intro: list[tuple[str, str]] = [(t("snapshot.export.title", lang), "title"), (info.label, "title"),
                                    (view.as_of_text(payload, lang), "note"), (made, "note")]
    if payload.get("demo"):
        intro.append((t("snapshot.export.demo", lang), "warn"))
    intro.append((t("snapshot.export.report_note", lang), "note"))  # the importer recognises and refuses it

    sheet = xb.sheet(t("snapshot.export.sheet.summary", lang))
    xb.table(sheet, xb.heading(sheet, intro), SUMMARY_COLS, _summary_rows(payload, lang))

    sheet = xb.sheet(t("snapshot.export.sheet.changes", lang))
    lines = [(t("snapshot.diff.title", lang), "title"),
             (view.diff_caption(diff, lang) if diff else t("snapshot.diff.first", lang), "note")]
    if diff:
        lines.append((view.counts_text(diff, lang), "note"))
    change_rows = [[r["kind"], view.short_programme(r["programme"], payload, lang), r["landsdel"], r["code"],
                    r["title"], r["before"], r["after"], r["days"]]
                   for r in (view.milestone_change_rows(diff, lang) if diff else [])]
    xb.table(sheet, xb.heading(sheet, lines), CHANGE_COLS, change_rows)

    sheet = xb.sheet(t("snapshot.export.sheet.landsdel_changes", lang))
    landsdel_rows = []
    if diff:
        rags = {(r.programme, r.landsdel_key): r for r in diff.rag}
        incs = {(i.programme, i.landsdel_key): i for i in diff.inclusion}
        for key in dict.fromkeys([*rags, *incs]):
            r, i = rags.get(key), incs.get(key)
            name = (r or i).landsdel  # type: ignore[union-attr]
            landsdel_rows.append([view.short_programme(key[0], payload, lang), name, r.before if r else None,
                                  r.after if r else None, i.active_before if i else None,
                                  i.active_after if i else None, i.active_delta if i else None,
                                  i.included_since if i else None, i.expected_after if i else None])
    xb.table(sheet, xb.heading(sheet, [(t("snapshot.diff.rag", lang) + " · " + t("snapshot.diff.inclusion", lang),
                                        "title")]), LANDSDEL_CHANGE_COLS, landsdel_rows)

    for landsdel in payload["landsdele"]:
        sheet = xb.sheet(t("snapshot.export.sheet.milestones", lang, landsdel=landsdel["name"]))
        rows = []
        for programme, entry in view.entries(payload):
            if entry["key"] == landsdel["key"]:
                short = view.short_programme(programme["code"], payload, lang)
                rows += [_milestone_row(short, m, lang) for m in entry["milestones"]]
        xb.table(sheet, xb.heading(sheet, [(f"{t('snapshot.col.milestones', lang)}: {landsdel['name']}", "title"),
                                           (view.as_of_text(payload, lang), "note")]), MILESTONE_COLS, rows)

    tables: list[tuple[str, Sequence[Col], Callable[[], list[list[Any]]]]] = [
        ("snapshot.export.sheet.inclusion", INCLUSION_COLS, lambda: _inclusion_rows(payload, lang)),
        ("snapshot.export.sheet.municipalities", MUNICIPALITY_COLS, lambda: _municipality_rows(payload, lang)),
        ("snapshot.export.sheet.fut", FUT_COLS, lambda: _fut_rows(payload, diff, lang)),
        ("snapshot.export.sheet.fut_history", FUT_HISTORY_COLS, lambda: [
            [c["name"], view.date_of(h["status_date"]), view.phase_text(h["phase"], lang), h["rag"],
             view.date_of(h["pilot_forecast"]), view.date_of(h["production_forecast"]), h["note"], h["source"]]
            for c in payload["fut"] for h in c["history"]]),
        ("snapshot.export.sheet.risks", RISK_COLS, lambda: [
            [r["title"], r["rag"], view.state_text(r["state"], lang, risk=True), view.date_of(r["raised_on"]),
             r["component"], r["owner"], r["source"]] for r in payload.get("risks", [])]),
    ]
    for key, cols, rows_of in tables:
        sheet = xb.sheet(t(key, lang))
        xb.table(sheet, xb.heading(sheet, [(t(key, lang), "title"), (view.as_of_text(payload, lang), "note")]),
                 cols, rows_of())
    xb.book.close()
    return buffer.getvalue()
