"""The PowerPoint status pack (bilag) of a snapshot, read from the payload only.

Slides: title; "siden sidst"; one per landsdel and programme with a milestone timeline and
inclusion against target as native, editable charts (a stacked-bar "Gantt" with an
invisible offset series, and a line chart); the FUT infrastructure; risks.
Every text a user typed goes through :func:`sanitize.neutralise` (chart labels included:
they also live in the chart's embedded workbook). The bytes are deterministic: the same
snapshot gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from portfolio import palette
from portfolio.i18n import format_date, format_number, t
from portfolio.meetings.pack import add_meeting_slides
from portfolio.metrics import expected_target
from portfolio.months import month_end, month_starts
from portfolio.risks.pack import add_risk_slides
from portfolio.scenarios.pack import add_scenario_slides
from portfolio.snapshots import view
from portfolio.snapshots.alt_text import describe_shapes
from portfolio.snapshots.diff import SnapshotDiff, due
from portfolio.snapshots.freeze import FrozenSnapshot
from portfolio.snapshots.sanitize import neutralise

EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_TIMELINE_ROWS = 24
MAX_INCLUSION_MONTHS = 36
MAX_TABLE_ROWS = 14
CHANGES_ROWS = 9  # rows per table on the "siden sidst" slides at 10 pt (the rest: "… og n flere")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
HEALTH_COLOUR = {key: colour.lstrip("#") for key, colour in palette.HEALTH_COLOUR.items()}
SLIP_COLOUR = palette.SLIP_COLOUR
DARK = RGBColor.from_string(palette.TEXT.lstrip("#"))
GREY = RGBColor.from_string(palette.MUTED_TEXT.lstrip("#"))
RAG_INK = {key: colour.lstrip("#") for key, colour in palette.RAG_TEXT.items()}  # text: 4.5:1, with symbols
MIN_TABLE_PT = 10
LOCALE_ID = {"da": "[$-406]", "en": "[$-809]"}  # Danish / English (UK) month names and separators in charts


class Own(str):
    """Text the pack itself made (e.g. "+31"): not user input, so it is not neutralised."""

    __slots__ = ()


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


# --- slide furniture -----------------------------------------------------------------------------


def _palette_theme(prs: Any) -> None:
    """The template's theme accents are the palette's colours: the tables' header rows (white text on accent 1:
    the template's blue gives 4.2:1, the palette's blue 5.2:1) and any chart series without a colour of its own
    (#19)."""
    import re

    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    for number, colour in enumerate(palette.THEME_ACCENTS, start=1):
        xml = re.sub(rf'(<a:accent{number}>\s*<a:srgbClr val=")[0-9A-Fa-f]{{6}}', rf"\g<1>{colour.lstrip('#')}", xml)
    theme._blob = xml.encode("utf-8")


class _Deck:
    def __init__(self, lang: str) -> None:
        self.prs = Presentation()
        _palette_theme(self.prs)
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        self.lang = lang
        self.cover = self.prs.slide_layouts[0]  # "Title Slide": title and subtitle placeholders
        self.titled = self.prs.slide_layouts[5]  # "Title Only": the title in the layout's title placeholder

    def slide(self, title: str, subtitle: str = "") -> Any:
        """A slide whose title sits in the title placeholder (PowerPoint's outline and accessibility checker)."""
        slide = self.prs.slides.add_slide(self.titled)
        placeholder = slide.shapes.title
        placeholder.left, placeholder.top = Inches(0.4), Inches(0.2)
        placeholder.width, placeholder.height = Inches(12.5), Inches(0.65)
        placeholder.text = title
        paragraph = placeholder.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(26), True, DARK
        if subtitle:
            self.text(slide, subtitle, 0.4, 0.85, 12.5, 0.4, size=13, colour=GREY)
        return slide

    def text(self, slide: Any, text: str, left: float, top: float, width: float, height: float, *,
             size: int = 12, bold: bool = False, colour: RGBColor = DARK, align: Any = None) -> Any:
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
            if align is not None:
                paragraph.alignment = align
        return box

    def table(self, slide: Any, headers: list[str], rows: list[list[Any]], left: float, top: float, width: float,
              widths: list[float], *, size: int = 11, rag_columns: tuple[int, ...] = ()) -> Any:
        size = max(size, MIN_TABLE_PT)
        shape = slide.shapes.add_table(len(rows) + 1, len(headers), Inches(left), Inches(top), Inches(width),
                                       Inches(0.26 * (len(rows) + 1)))
        table = shape.table
        total = sum(widths)
        for c, share_ in enumerate(widths):
            table.columns[c].width = Emu(int(Inches(width) * share_ / total))
        for r, row in enumerate([headers, *rows]):
            table.rows[r].height = Inches(0.26)
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_top = cell.margin_bottom = Inches(0.02)
                raw = value[1] if isinstance(value, tuple) else None
                text = value[0] if isinstance(value, tuple) else ("" if value is None else value)
                cell.text = text if isinstance(text, Own) else neutralise(str(text))
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
                        run.font.bold = r == 0
                if r and c in rag_columns and raw in RAG_INK:
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            run.font.color.rgb = _rgb(RAG_INK[raw])
                            run.font.bold = True
        return shape


def _rag(value: str | None, lang: str) -> tuple[str, str | None]:
    return (view.rag_text(value, lang), value)


def _day(value: str | dt.date | None, lang: str) -> str:
    day = view.date_of(value) if isinstance(value, str) else value
    return format_date(day, lang, "short")


# --- slides --------------------------------------------------------------------------------------


def _title_slide(deck: _Deck, snapshot: FrozenSnapshot) -> None:
    lang, payload, info = deck.lang, snapshot.payload, snapshot.info
    slide = deck.prs.slides.add_slide(deck.cover)
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.2)
    title.text = t("snapshot.export.title", lang)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.8), Inches(2.9), Inches(11.7), Inches(1.4)
    subtitle.text = f"{neutralise(info.label)}\n{view.as_of_text(payload, lang)}"
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    made = t("snapshot.export.made", lang, id=info.id, label=info.label, created=format_date(info.created_at, lang),
             by=info.created_by)
    deck.text(slide, neutralise(made), 0.8, 4.5, 11.7, 0.5, size=12, colour=GREY)
    if payload.get("demo"):
        deck.text(slide, t("snapshot.export.demo", lang), 0.8, 5.3, 11.7, 0.5, size=16, bold=True,
                  colour=_rgb(palette.ALERT_TEXT))


def _more(rows: list[list[Any]], total: int, width: int, lang: str) -> list[list[Any]]:
    if total > len(rows):
        rows.append([t("snapshot.diff.more", lang, n=total - len(rows))] + [""] * (width - 1))
    return rows


def _changes_slide(deck: _Deck, snapshot: FrozenSnapshot, diff: SnapshotDiff | None) -> None:
    lang, payload = deck.lang, snapshot.payload
    if diff is None:
        slide = deck.slide(t("snapshot.diff.title", lang), t("snapshot.diff.first", lang))
        return
    slide = deck.slide(t("snapshot.diff.title", lang), neutralise(view.diff_caption(diff, lang)))
    deck.text(slide, view.counts_text(diff, lang), 0.4, 1.25, 12.5, 0.35, size=12, bold=True)
    short = {p["code"]: view.short_programme(p["code"], payload, lang) for p in payload["programmes"]}
    slipped = sorted(diff.slipped, key=lambda m: (-m.days, m.programme, m.landsdel, m.code))
    rows = [[short.get(m.programme, m.programme), m.landsdel, m.code, m.title,
             f"{_day(m.before, lang)} → {_day(m.after, lang)}", Own(f"+{m.days}")] for m in slipped[:CHANGES_ROWS]]
    deck.text(slide, t("snapshot.diff.slipped", lang), 0.4, 1.65, 7.4, 0.3, size=12, bold=True)
    if rows:
        deck.table(slide, [t("snapshot.col.programme", lang), t("snapshot.col.landsdel", lang),
                           t("snapshot.col.code", lang), t("snapshot.col.title", lang),
                           t("snapshot.col.change", lang), t("snapshot.col.days", lang)],
                   _more(rows, len(slipped), 6, lang), 0.4, 2.0, 7.4, [1.05, 1.2, 0.5, 2.6, 2.1, 0.75])
    else:
        deck.text(slide, t("snapshot.diff.none", lang), 0.4, 2.0, 7.4, 0.3, size=11)
    inclusion = {(i.programme, i.landsdel_key): i for i in diff.inclusion}
    rag_rows = []
    for r in diff.rag:
        inc = inclusion.get((r.programme, r.landsdel_key))
        rag_rows.append([short.get(r.programme, r.programme), r.landsdel, _rag(r.before, lang), _rag(r.after, lang),
                         Own(f"{inc.active_delta:+d}") if inc else ""])
    deck.text(slide, t("snapshot.diff.rag", lang), 8.1, 1.65, 4.9, 0.3, size=12, bold=True)
    deck.table(slide, [t("snapshot.col.programme", lang), t("snapshot.col.landsdel", lang),
                       t("snapshot.col.rag_before", lang), t("snapshot.col.rag_after", lang),
                       t("snapshot.col.active_delta", lang)],
               rag_rows[:CHANGES_ROWS], 8.1, 2.0, 4.9, [1.0, 1.2, 0.9, 0.9, 0.9], size=8, rag_columns=(2, 3))
    fut = [[c.name, f"{view.phase_text(c.phase_before, lang) or '–'} → {view.phase_text(c.phase_after, lang) or '–'}",
            _rag(c.rag_after, lang)] for c in diff.fut_changes]
    top = 2.0 + 0.3 * (min(len(rag_rows), CHANGES_ROWS) + 1) + 0.25
    deck.text(slide, t("snapshot.diff.fut", lang), 8.1, top, 4.9, 0.3, size=12, bold=True)
    if fut:
        deck.table(slide, [t("snapshot.col.component", lang), t("snapshot.col.phase", lang),
                           t("snapshot.col.rag_after", lang)], _more(fut[:4], len(fut), 3, lang), 8.1, top + 0.35,
                   4.9, [2.2, 1.8, 0.9],
                   size=8, rag_columns=(2,))
    else:
        deck.text(slide, t("snapshot.diff.none", lang), 8.1, top + 0.35, 4.9, 0.3, size=11)


def _reason(plan: dict[str, Any] | None, lang: str, limit: int = 90) -> str:
    reasons = ((plan or {}).get("derived_rag_reasons") or {}).get(lang) or ""
    return reasons if len(reasons) <= limit else reasons[: limit - 1] + "…"


def _share(active: int | None, expected: int | None) -> float | None:
    return active / expected if active is not None and expected else None


def _share_text(active: int | None, expected: int | None, lang: str) -> str:
    """Active citizens as a share of the target due; before any target falls due there is nothing to compare."""
    if expected == 0 and active is not None:
        return t("snapshot.export.no_target_yet", lang)
    return palette.share_text(_share(active, expected), lang)


TILE_POSITIONS = {"nord": (0, 2), "midt": (0, 1), "syd": (0, 0), "hovedstaden": (1, 1.5), "sjaelland": (1, 0.5)}


def _tile_map(deck: _Deck, slide: Any, entries: list[dict[str, Any]], left: float, top: float) -> None:
    """The landsdele as tiles where they lie, in the app's stepped colours, each with its value or "ingen data"."""
    for entry in entries:
        col, row = TILE_POSITIONS.get(entry["key"], (2, 0))
        summary = entry["inclusion_summary"]
        value = _share(summary["active_citizens"], summary["expected_now"])
        band = palette.share_band(value)
        x, y = left + col * 1.45, top + (2 - row) * 1.1
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(1.35), Inches(1.0))
        tile.fill.solid()
        tile.fill.fore_color.rgb = _rgb(band.colour if band else palette.NO_DATA_COLOUR)
        tile.line.color.rgb = _rgb(palette.BACKGROUND)  # a gap between tiles
        frame = tile.text_frame
        frame.word_wrap = True
        ink = _rgb(band.ink if band else palette.NO_DATA_INK)
        for i, line in enumerate((entry["name"], palette.share_text(value, deck.lang))):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(12 if i else 11), i == 1, ink


def _next_key_milestones(payload: dict[str, Any], as_of: dt.date, lang: str, limit: int = 5) -> list[str]:
    upcoming = []
    for programme, entry in view.entries(payload):
        for m in entry["milestones"]:
            when = view.date_of(due(m))
            if m.get("is_key") and m.get("health") != "done" and when and when >= as_of:
                upcoming.append((when, view.short_programme(programme["code"], payload, lang), entry["name"], m))
    upcoming.sort(key=lambda item: (item[0], item[1], item[2]))
    return [neutralise(f"{_day(when, lang)} · {short} {name} · {m['code']} {m['title']}")[:95]
            for when, short, name, m in upcoming[:limit]]


def _summary_slide(deck: _Deck, payload: dict[str, Any]) -> None:
    """After the title: the whole picture on one slide, so the pack reads without the app."""
    lang = deck.lang
    as_of = view.date_of(payload["as_of"])
    assert as_of is not None
    slide = deck.slide(t("snapshot.export.summary_title", lang), view.as_of_text(payload, lang))
    kpis, rows, first_entries, first_name = [], [], [], ""
    for programme in payload["programmes"]:
        entries = [e for e in programme["landsdele"] if view.has_content(e)]
        if not entries:
            continue
        short = view.short_programme(programme["code"], payload, lang)
        if not first_entries:
            first_entries, first_name = programme["landsdele"], short
        active = sum(e["inclusion_summary"]["active_citizens"] or 0 for e in entries)
        expected = sum(e["inclusion_summary"]["expected_now"] or 0 for e in entries)
        group = sum(e["inclusion_summary"]["target_group_size"] or 0 for e in entries)
        health = {h: sum(e["health"].get(h, 0) for e in entries) for h in ("done", "late", "at_risk", "on_track")}
        kpis.append(t("snapshot.export.summary_kpi", lang, programme=short, active=format_number(active, lang),
                      expected=format_number(expected, lang), share=_share_text(active, expected, lang),
                      group=format_number(group, lang), **health))
        for e in entries:
            plan = e["plan"]
            summary = e["inclusion_summary"]
            rows.append([short, e["name"], _rag(plan["reported_rag"] if plan else None, lang),
                         _rag(plan.get("derived_rag") if plan else None, lang), _reason(plan, lang),
                         Own(_share_text(summary["active_citizens"], summary["expected_now"], lang))])
    deck.text(slide, "\n".join(kpis), 0.4, 1.2, 12.5, 0.7, size=12)
    deck.table(slide, [t("snapshot.col.programme", lang), t("snapshot.col.landsdel", lang),
                       t("snapshot.col.reported_rag", lang), t("snapshot.col.derived_rag", lang),
                       t("snapshot.col.reason", lang), t("snapshot.col.share", lang)],
               rows[:10], 0.4, 2.0, 8.4, [0.9, 1.15, 1.15, 1.05, 3.35, 0.8], size=10, rag_columns=(2, 3))
    if first_entries:
        deck.text(slide, t("snapshot.export.summary_map", lang, programme=first_name), 9.1, 1.95, 4.0, 0.45,
                  size=10, bold=True)
        _tile_map(deck, slide, first_entries, 9.2, 2.4)
    deck.text(slide, t("snapshot.export.next_key", lang), 9.1, 5.55, 4.0, 0.3, size=11, bold=True)
    upcoming = _next_key_milestones(payload, as_of, lang)
    deck.text(slide, "\n".join(upcoming) or t("snapshot.export.none_next", lang), 9.1, 5.85, 4.1, 1.5, size=9)


def _more_changes_slide(deck: _Deck, snapshot: FrozenSnapshot, diff: SnapshotDiff) -> None:
    """Completed, new and removed milestones, and the status changes with the reasons the rules give now."""
    lang, payload = deck.lang, snapshot.payload
    slide = deck.slide(t("snapshot.export.changes_more", lang), neutralise(view.diff_caption(diff, lang)))
    short = {p["code"]: view.short_programme(p["code"], payload, lang) for p in payload["programmes"]}
    items = [(t(f"snapshot.export.kind.{kind}", lang), i) for kind, group in
             (("completed", diff.completed), ("new", diff.new), ("removed", diff.removed)) for i in group]
    rows = [[Own(kind), short.get(i.programme, i.programme), i.landsdel, i.code, i.title, _day(i.date, lang)]
            for kind, i in items[:CHANGES_ROWS + 2]]
    if rows:
        deck.table(slide, [t("snapshot.col.kind", lang), t("snapshot.col.programme", lang),
                           t("snapshot.col.landsdel", lang), t("snapshot.col.code", lang),
                           t("snapshot.col.title", lang), t("snapshot.col.date", lang)],
                   _more(rows, len(items), 6, lang), 0.4, 1.4, 7.6, [1.0, 0.8, 1.1, 0.5, 3.1, 1.1], size=10)
    else:
        deck.text(slide, t("snapshot.diff.none", lang), 0.4, 1.4, 7.4, 0.3, size=12)
    plans = {(p["code"], e["key"]): e["plan"] for p, e in view.entries(payload)}
    changes = [[short.get(r.programme, r.programme), r.landsdel, _rag(r.derived_before, lang),
                _rag(r.derived_after, lang), _reason(plans.get((r.programme, r.landsdel_key)), lang, 70)]
               for r in diff.rag_changes]
    deck.text(slide, t("snapshot.diff.rag", lang), 8.3, 1.05, 4.7, 0.3, size=12, bold=True)
    if changes:
        deck.table(slide, [t("snapshot.col.programme", lang), t("snapshot.col.landsdel", lang),
                           t("snapshot.col.derived_before", lang), t("snapshot.col.derived_after", lang),
                           t("snapshot.col.reason", lang)], changes[:8], 8.3, 1.4, 4.8, [0.8, 1.0, 0.9, 0.9, 2.2],
                   size=10, rag_columns=(2, 3))
    else:
        deck.text(slide, t("snapshot.diff.none", lang), 8.3, 1.4, 4.7, 0.3, size=12)


def _when(m: dict[str, Any]) -> dt.date | None:
    return view.date_of(m.get("actual")) or view.date_of(due(m))


def timeline_chart_data(milestones: list[dict[str, Any]], lang: str) -> tuple[CategoryChartData, int, int, list[str]]:
    """The Gantt data: an invisible offset, the slip from baseline, a marker at the forecast/actual date."""
    shown = milestones[:MAX_TIMELINE_ROWS]
    dates = [d for m in shown for d in (view.date_of(m.get("baseline")), _when(m)) if d]
    low = min(dates) if dates else dt.date.today()
    high = max(dates) if dates else low
    span = max((high - low).days, 60)
    marker = max(7, span // 80)
    data = CategoryChartData(number_format="0")
    labels, offsets, slips, markers, health = [], [], [], [], []
    for m in shown:
        title = m["title"] if len(m["title"]) <= 42 else m["title"][:41] + "…"
        labels.append(neutralise(f"{m['code']} {title}"))
        baseline, when = view.measured_baseline(m), _when(m)
        if when is None and baseline is None:
            offsets.append(None)
            slips.append(None)
            markers.append(None)
        else:
            start = min(d for d in (baseline, when) if d)
            offsets.append(serial(start))
            slips.append(max(0, (when - baseline).days) if when and baseline else 0)
            markers.append(marker)
        health.append(HEALTH_COLOUR.get(m.get("health") or "", HEALTH_COLOUR["paused"]))
    data.categories = labels
    data.add_series(t("snapshot.export.series.offset", lang), offsets)
    data.add_series(t("snapshot.export.series.slip", lang), slips)
    data.add_series(t("snapshot.export.series.due", lang), markers)
    return data, serial(low) - span // 20 - 15, serial(high) + marker + span // 20 + 15, health


# Where the plot area lies inside the timeline chart (fractions of the chart): fixed, so the status-date line drawn
# over the chart meets the date axis where it should.
PLOT_X, PLOT_Y, PLOT_W, PLOT_H = 0.42, 0.15, 0.55, 0.78


def _manual_plot_area(chart: Any) -> None:
    from lxml import etree

    plot_area = chart._chartSpace.chart.plotArea
    ns = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    for old in plot_area.findall(f"{{{ns}}}layout"):
        plot_area.remove(old)
    layout = etree.SubElement(plot_area, f"{{{ns}}}layout")
    plot_area.remove(layout)
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, f"{{{ns}}}manualLayout")
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", PLOT_X),
                       ("y", PLOT_Y), ("w", PLOT_W), ("h", PLOT_H)):
        etree.SubElement(manual, f"{{{ns}}}{tag}").set("val", str(value))


def _status_line(deck: _Deck, slide: Any, as_of: dt.date, low: int, high: int, left: float, top: float,
                 width: float, height: float) -> None:
    """A dashed vertical line at the snapshot's date across the timeline's plot area, labelled with the date."""
    if not low < serial(as_of) < high:
        return
    x = left + width * (PLOT_X + PLOT_W * (serial(as_of) - low) / (high - low))
    y0, y1 = top + height * PLOT_Y, top + height * (PLOT_Y + PLOT_H)
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(x), Inches(y0), Inches(x), Inches(y1))
    line.line.color.rgb = _rgb(palette.STATUS_DATE_COLOUR)
    line.line.width = Pt(2)
    line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    line.name = "status-date line"
    deck.text(slide, t("snapshot.export.status_line", deck.lang, date=format_date(as_of, deck.lang, "short")),
              x - 1.0, y1 + 0.02, 2.0, 0.3, size=9, colour=_rgb(palette.STATUS_DATE_COLOUR), align=PP_ALIGN.CENTER)


def _timeline(deck: _Deck, slide: Any, milestones: list[dict[str, Any]], left: float, top: float, width: float,
              height: float, as_of: dt.date | None = None) -> None:
    data, low, high, colours = timeline_chart_data(milestones, deck.lang)
    if as_of is not None:  # the status date inside the axis, so the line can be drawn
        low, high = min(low, serial(as_of) - 15), max(high, serial(as_of) + 15)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, Inches(left), Inches(top), Inches(width),
                                   Inches(height), data)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = t("snapshot.export.timeline", deck.lang)
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = 40, 100
    offset, slip, marker = plot.series
    offset.format.fill.background()
    offset.format.line.fill.background()
    slip.format.fill.solid()
    slip.format.fill.fore_color.rgb = _rgb(SLIP_COLOUR)
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = _rgb(palette.ACTUAL_COLOUR)
    for index, colour in enumerate(colours):
        point = marker.points[index]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(colour)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = low, high
    axis.major_unit = max(30, ((high - low) // 6 // 30) * 30)
    axis.tick_labels.number_format = f"{LOCALE_ID.get(deck.lang, '')}mmm yyyy"
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(8)
    axis.has_major_gridlines = True
    categories = chart.category_axis
    categories.reverse_order = True
    categories.tick_labels.font.size = Pt(8)
    _manual_plot_area(chart)
    if as_of is not None:
        _status_line(deck, slide, as_of, low, high, left, top, width, height)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    return month_starts(first, last)


def _month_end(first: dt.date) -> dt.date:
    return month_end(first)


def inclusion_chart_data(entry: dict[str, Any], as_of: dt.date, lang: str) -> CategoryChartData:
    """Active citizens per month and the target line (read off the target points at each month's end)."""
    summary, targets = entry["inclusion_summary"], entry["targets"]
    monthly = {m["month"]: m["active_citizens"] for m in summary["monthly"]}
    points = [(view.date_of(p["due_date"]), p["target_count"]) for p in targets["points"]] if targets else []
    upcoming = [d for d, _ in points if d and d >= as_of]
    known = [view.date_of(m) for m in monthly]
    first = min(known) if known else as_of.replace(day=1)
    last_candidates = [d for d in (*known, as_of.replace(day=1), upcoming[0].replace(day=1) if upcoming else None) if d]
    months = _months(first, max(last_candidates))[-MAX_INCLUSION_MONTHS:]  # type: ignore[type-var]
    data = CategoryChartData(number_format=f"{LOCALE_ID.get(lang, '')}#,##0")
    data.categories = [_month_label(m, lang) for m in months]  # "sep. 2022"
    data.add_series(t("snapshot.export.series.active", lang), [monthly.get(m.isoformat()) for m in months])
    data.add_series(t("snapshot.export.series.target", lang),
                    [expected_target(points, _month_end(m)) for m in months])  # type: ignore[arg-type]
    return data


def _month_label(month: dt.date, lang: str) -> str:
    from babel.dates import format_date as babel_date

    return babel_date(month, format="MMM y", locale="da_DK" if lang == "da" else "en_GB")


def has_inclusion_data(entry: dict[str, Any]) -> bool:
    """Any active citizens reported: a target line alone (often zero until its first due date) is no chart."""
    return any(m.get("active_citizens") for m in entry["inclusion_summary"]["monthly"])


def _inclusion(deck: _Deck, slide: Any, entry: dict[str, Any], as_of: dt.date, left: float, top: float,
               width: float, height: float) -> None:
    if not has_inclusion_data(entry):  # a sentence, never an empty plot
        deck.text(slide, t("snapshot.export.no_inclusion", deck.lang), left + 0.1, top + 0.2, width - 0.2, 0.8,
                  size=14, colour=GREY)
        return
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(left), Inches(top), Inches(width),
                                   Inches(height), inclusion_chart_data(entry, as_of, deck.lang))
    chart = frame.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = t("snapshot.export.inclusion_chart", deck.lang)
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(9)
    active, target = chart.plots[0].series
    active.format.line.color.rgb = _rgb(palette.ACTUAL_COLOUR)
    active.smooth = target.smooth = False
    target.format.line.color.rgb = _rgb(palette.TARGET_COLOUR)
    target.format.line.dash_style = 4  # MSO_LINE_DASH_STYLE.DASH
    chart.value_axis.tick_labels.font.size = Pt(9)
    chart.value_axis.tick_labels.number_format = f"{LOCALE_ID.get(deck.lang, '')}#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    chart.category_axis.tick_labels.font.size = Pt(9)


def _landsdel_slide(deck: _Deck, payload: dict[str, Any], programme: dict[str, Any], entry: dict[str, Any]) -> None:
    lang = deck.lang
    plan = entry["plan"]
    title = t("snapshot.export.landsdel_slide", lang, programme=view.short_programme(programme["code"], payload, lang),
              landsdel=entry["name"])
    if plan:
        subtitle = t("snapshot.export.plan_line", lang, version=plan["version_no"],
                     date=format_date(view.date_of(plan["submitted_on"]), lang), rag=view.rag_text(plan["reported_rag"],
                                                                                                    lang))
        if plan.get("derived_rag"):
            subtitle += f" · {t('snapshot.col.derived_rag', lang)}: {view.rag_text(plan['derived_rag'], lang)}"
    else:
        subtitle = t("snapshot.export.no_plan", lang)
    slide = deck.slide(title, subtitle)
    health = entry["health"]
    counts = " · ".join(f"{view.health_text(h, lang)}: {health[h]}" for h in ("done", "on_track", "at_risk", "late",
                                                                              "paused") if health.get(h))
    if counts:
        deck.text(slide, counts, 0.4, 1.2, 7.6, 0.3, size=11)
    as_of = view.date_of(payload["as_of"])
    assert as_of is not None
    if entry["milestones"]:
        _timeline(deck, slide, entry["milestones"], 0.3, 1.55, 7.9, 5.35, as_of)
        deck.text(slide, t("snapshot.export.timeline_note", lang), 0.4, 6.95, 7.7, 0.4, size=9, colour=GREY)
    else:
        deck.text(slide, t("snapshot.export.no_milestones", lang), 0.4, 1.75, 7.6, 0.6, size=14, colour=GREY)
    _inclusion(deck, slide, entry, as_of, 8.3, 1.55, 4.8, 4.4)
    summary = entry["inclusion_summary"]
    line = t("snapshot.export.inclusion_line", lang, active=format_number(summary["active_citizens"], lang),
             expected=format_number(summary["expected_now"], lang), group=format_number(summary["target_group_size"],
                                                                                       lang))
    deck.text(slide, line, 8.4, 6.05, 4.7, 0.6, size=10)


def _fut_slide(deck: _Deck, payload: dict[str, Any]) -> None:
    lang = deck.lang
    slide = deck.slide(t("snapshot.export.fut_title", lang), view.as_of_text(payload, lang))
    rows = []
    for c in payload["fut"]:
        current = c["current"] or {}
        note = current.get("note", "")
        rows.append([c["name"], view.phase_text(current.get("phase"), lang) or "–", _rag(current.get("rag"), lang),
                     _day(current.get("status_date"), lang), _day(current.get("production_forecast"), lang),
                     note if len(note) <= 110 else note[:109] + "…"])
    deck.table(slide, [t("snapshot.col.component", lang), t("snapshot.col.phase", lang), t("snapshot.col.rag", lang),
                       t("snapshot.col.status_date", lang), t("snapshot.col.production_forecast", lang),
                       t("snapshot.col.note", lang)], rows[:MAX_TABLE_ROWS + 4], 0.4, 1.4, 12.5,
               [2.6, 1.4, 1.0, 1.1, 1.2, 5.2], size=9, rag_columns=(2,))


def _risks_slide(deck: _Deck, payload: dict[str, Any]) -> None:
    lang = deck.lang
    risks = sorted(payload.get("risks", []), key=lambda r: ({"red": 0, "amber": 1, "green": 2}.get(r["rag"], 3),
                                                             r["raised_on"]))
    if not risks:
        return
    slide = deck.slide(t("snapshot.export.risks_title", lang), view.as_of_text(payload, lang))
    names = {c["code"]: c["name"] for c in payload["fut"]}
    rows = [[r["title"], _rag(r["rag"], lang), names.get(r["component"], r["component"] or ""),
             _day(r["raised_on"], lang)] for r in risks[:MAX_TABLE_ROWS]]
    deck.table(slide, [t("snapshot.col.risk", lang), t("snapshot.col.rag", lang), t("snapshot.col.component", lang),
                       t("snapshot.col.raised_on", lang)], _more(rows, len(risks), 4, lang), 0.4, 1.4, 12.5,
               [7.0, 1.0, 3.0, 1.2], size=10, rag_columns=(1,))


# --- the pack ------------------------------------------------------------------------------------------

_CREATED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def deterministic_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same package with fixed entry times and document dates (embedded workbooks too)."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.endswith("core.xml"):
                content = _CREATED.sub(rb"\g<1>" + fixed + rb"\g<2>", content)
            elif item.filename.endswith(".xlsx"):
                content = deterministic_zip(content, stamp)
            out.writestr(zipfile.ZipInfo(item.filename, date_time=FIXED_TIME), content,
                         compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def status_pack(snapshot: FrozenSnapshot, diff: SnapshotDiff | None, *, lang: str = "da",
                meetings: dict[str, Any] | None = None, risks: dict[str, Any] | None = None,
                scenarios: dict[str, Any] | None = None) -> bytes:
    """The pack as .pptx bytes. ``diff``: changes since the previous snapshot (None for the first one);
    ``meetings``: the meeting register's section (portfolio.meetings.pack.meeting_section), None for none."""
    deck = _Deck(lang)
    payload = snapshot.payload
    _title_slide(deck, snapshot)
    _summary_slide(deck, payload)
    add_meeting_slides(deck.prs, meetings, lang)  # agenda, decisions since the last meeting, open actions
    add_scenario_slides(deck.prs, scenarios, lang)  # scenarios offered on (B) items (portfolio/scenarios/pack.py)
    _changes_slide(deck, snapshot, diff)
    if diff is not None:
        _more_changes_slide(deck, snapshot, diff)
    for programme, entry in view.entries(payload):
        if view.has_content(entry):
            _landsdel_slide(deck, payload, programme, entry)
    _fut_slide(deck, payload)
    _risks_slide(deck, payload)
    add_risk_slides(deck.prs, risks, lang)  # the risk log's heat map and changes (portfolio/risks/pack.py)
    stamp = snapshot.info.created_at.replace(microsecond=0)
    describe_shapes(deck.prs, lang)  # alt text on every chart and picture (#19)
    props = deck.prs.core_properties
    props.title = t("snapshot.export.title", lang)
    props.subject = neutralise(snapshot.info.label)
    props.author = props.last_modified_by = "telemed-portfolio"
    props.created = props.modified = stamp
    props.revision = 1
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return deterministic_zip(buffer.getvalue(), stamp)

