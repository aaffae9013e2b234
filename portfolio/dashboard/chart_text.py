# ruff: noqa: E501 - message tables: one message per line reads better than wrapped lines
"""Text alternatives for charts (issue #19, WCAG 2.1 1.1.1 and 1.4.1): a short summary a screen reader reaches and
the chart's data as a table, both built from a Plotly figure's own traces.

Built from the figure, not from the page's read model, so every chart has one, including charts added later: the
title, the axis titles, and per series what it shows (bars: the value per category; lines: first and last point
and the highest value). Numbers and dates the Danish way in Danish. No Streamlit here (ui/chart.py draws it).
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from portfolio.i18n import format_date, format_number, register_messages, t

MESSAGES: dict[str, tuple[str, str]] = {
    "a11y.chart.summary_label": ("Kort fortalt", "In short"),
    "a11y.chart.table": ("Vis som tabel", "Show as table"),
    "a11y.chart.untitled": ("Diagram", "Chart"),
    "a11y.chart.empty": ("Diagrammet har ingen data.", "The chart has no data."),
    "a11y.chart.x_axis": ("vandret akse: {title}", "horizontal axis: {title}"),
    "a11y.chart.y_axis": ("lodret akse: {title}", "vertical axis: {title}"),
    "a11y.chart.series": ("{count} dataserier", "{count} data series"),
    "a11y.chart.one_series": ("1 dataserie", "1 data series"),
    "a11y.chart.line": ("{name}: {count} punkter fra {first} ({first_value}) til {last} ({last_value}), højst {high}", "{name}: {count} points from {first} ({first_value}) to {last} ({last_value}), highest {high}"),
    "a11y.chart.point": ("{name}: {where} ({value})", "{name}: {where} ({value})"),
    "a11y.chart.more_items": ("og {count} flere", "and {count} more"),
    "a11y.chart.more_series": ("{count} serier mere står i tabellen", "{count} more series are in the table"),
    "a11y.chart.col.series": ("Serie", "Series"),
    "a11y.chart.col.panel": ("Delfigur", "Panel"),
    "a11y.chart.col.label": ("Tekst", "Text"),
    "a11y.chart.col.value": ("Værdi", "Value"),
    "a11y.chart.col.x": ("Vandret", "Horizontal"),
    "a11y.chart.col.y": ("Lodret", "Vertical"),
}
register_messages(MESSAGES)

MAX_ITEMS = 6  # values per bar series named in the summary (the table has them all)
MAX_SERIES = 8  # series described in the summary
_TAG = re.compile(r"<[^>]+>")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00(?:\.0+)?)?)?$")


@dataclass(frozen=True)
class ChartText:
    """What a chart shows, in words (``summary``) and as data (``table``)."""

    title: str
    summary: str
    table: pd.DataFrame


def plain_text(value: Any) -> str:
    """A Plotly label as plain text: its few HTML tags dropped (``<br>`` becomes a space), entities decoded."""
    text = re.sub(r"(?i)<br\s*/?>", " ", str(value or ""))
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _spec(figure: Any) -> dict:
    if isinstance(figure, dict):
        return figure
    return figure.to_dict()


def _title(entry: Any) -> str:
    if isinstance(entry, dict):
        return plain_text(entry.get("text"))
    return plain_text(entry)


def _as_list(values: Any) -> list:
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:  # Plotly's typed arrays: numpy decodes them
        import base64

        import numpy as np

        data = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        if "shape" in values:
            data = data.reshape([int(n) for n in str(values["shape"]).split(",")])
        return data.tolist()
    if isinstance(values, (list, tuple)):
        return list(values)
    if hasattr(values, "tolist"):
        return list(values.tolist())
    return [values]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    return None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def show_value(value: Any, lang: str) -> str:
    """One value of a chart for people: dates and numbers the way the language writes them."""
    day = _day(value)
    if day is not None:
        return format_date(day, lang)
    number = _number(value)
    if number is not None:
        decimals = 0 if float(number).is_integer() else 1
        return format_number(number, lang, decimals)
    if value is None:
        return "–"
    return plain_text(value)


def _panel_titles(layout: dict) -> dict[str, str]:
    """make_subplots' titles, by x axis ("x", "x2", …): the annotation centred above each panel's domain."""
    axes = [key for key in layout if re.fullmatch(r"xaxis\d*", key)]
    if len(axes) < 2:
        return {}
    notes = [n for n in layout.get("annotations", []) or []
             if n.get("xref") == "paper" and n.get("yref") == "paper" and n.get("yanchor") == "bottom"
             and n.get("showarrow") is False and n.get("x") is not None and n.get("y") is not None]
    titles: dict[str, str] = {}
    for key in axes:
        axis = layout.get(key) or {}
        anchor = axis.get("anchor", "y")
        y_axis = layout.get("yaxis" + anchor[1:]) or {}
        x_domain, y_domain = axis.get("domain"), y_axis.get("domain")
        if not x_domain or not y_domain:
            continue
        centre, top = (x_domain[0] + x_domain[1]) / 2, y_domain[1]
        for note in notes:
            if abs(note["x"] - centre) < 1e-6 and abs(note["y"] - top) < 1e-6:
                titles["x" + key[5:]] = plain_text(note.get("text"))
                break
    return titles


def _visible(trace: dict) -> bool:
    return trace.get("visible", True) is True


def _where_and_value(trace: dict) -> tuple[list, list]:
    """(the category/position values, the measured values) of a trace: horizontal bars swap x and y."""
    xs, ys = _as_list(trace.get("x")), _as_list(trace.get("y"))
    if trace.get("type") == "bar" and trace.get("orientation") == "h":
        return ys, xs
    return xs, ys


def _trace_data(trace: dict, layout: dict, lang: str) -> tuple[list, list, list[str]]:
    """What a trace says: its positions or categories, its values and its labels; nothing for a legend entry."""
    if trace.get("showlegend") is False and trace.get("hoverinfo") == "skip":  # neither named nor pointable: an aid
        return [], [], []                                                        # to the drawing (a second axis)
    where, values = _where_and_value(trace)
    labels = _labels(trace)
    if labels and _placed_only(trace, layout):  # x and y only place the labels (a tile map): say the labels
        return [], [], labels
    if not labels and all(v is None for v in (*where, *values)):  # a legend entry, no data
        return [], [], []
    periods = _periods(trace, values, lang)
    if periods:  # bars from a start date ("base") lasting x milliseconds: the dates, and each bar's label with them
        return where, [f"{p} {labels[i]}".strip() if i < len(labels) else p for i, p in enumerate(periods)], []
    return where, values, labels


def _periods(trace: dict, values: list, lang: str) -> list[str]:
    """A timeline's bars as "2. maj 2022 – 8. september 2022" (Plotly draws a date bar from ``base`` for ``x`` ms)."""
    days = [_day(start) for start in _as_list(trace.get("base"))]
    lengths = [_number(value) for value in values]
    if trace.get("type") != "bar" or not days or None in days or len(days) != len(values) or None in lengths:
        return []
    return [f"{format_date(day, lang)} – {format_date(day + dt.timedelta(milliseconds=length), lang)}"
            for day, length in zip(days, lengths, strict=True)]


def _placed_only(trace: dict, layout: dict) -> bool:
    """True when both of the trace's axes are hidden: its x and y are positions on a drawing, not data."""
    def hidden(axis: str) -> bool:
        return (layout.get(axis) or {}).get("visible") is False

    x_axis = "xaxis" + str(trace.get("xaxis", "x"))[1:]
    y_axis = "yaxis" + str(trace.get("yaxis", "y"))[1:]
    return hidden(x_axis) and hidden(y_axis)


def _labels(trace: dict) -> list[str]:
    text = trace.get("text")
    if isinstance(text, (list, tuple)) and any(plain_text(v) for v in text):
        return [plain_text(v) for v in text]
    hover = trace.get("hovertext")
    if isinstance(hover, (list, tuple)) and any(plain_text(v) for v in hover):
        return [plain_text(v) for v in hover]
    return []


def _series_name(trace: dict, index: int, lang: str) -> str:
    return plain_text(trace.get("name")) or f"{t('a11y.chart.col.series', lang)} {index + 1}"


def describe_figure(figure: Any, lang: str, *, lead: str = "") -> ChartText:
    """The text alternative of a Plotly figure (a ``go.Figure``, ui.state.BuiltFigure or its dict).

    ``lead``: an optional sentence the page knows better (e.g. the headline figure), put first.
    """
    spec = _spec(figure)
    layout = spec.get("layout", {}) or {}
    title = _title(layout.get("title")) or t("a11y.chart.untitled", lang)
    panels = _panel_titles(layout)
    rows: list[dict[str, str]] = []
    parts: list[str] = []
    described = 0
    traces = [trace for trace in spec.get("data", []) or [] if _visible(trace)]
    named_series = 0
    for index, trace in enumerate(traces):
        where, values, labels = _trace_data(trace, layout, lang)
        count = max(len(where), len(values), len(labels))
        if count == 0:
            continue
        name = _series_name(trace, index, lang)
        panel = panels.get(trace.get("xaxis", "x"), "")
        for i in range(count):
            row = {"panel": panel, "series": name,
                   "x": show_value(where[i], lang) if i < len(where) else "",
                   "y": show_value(values[i], lang) if i < len(values) else "",
                   "label": labels[i] if i < len(labels) else ""}
            rows.append(row)
        named_series += 1
        if described >= MAX_SERIES:
            continue
        described += 1
        shown_name = f"{panel} – {name}" if panel else name
        parts.append(_series_sentence(trace, shown_name, where, values, labels, lang))
    if not rows:
        notes = [plain_text(n.get("text")) for n in layout.get("annotations", []) or [] if n.get("text")]
        said = [note.rstrip(".") + "." for note in notes] or [t("a11y.chart.empty", lang)]
        summary = " ".join(s for s in [lead, title + ".", *said] if s)
        return ChartText(title, summary, pd.DataFrame())
    axes = []
    for key, message in (("xaxis", "a11y.chart.x_axis"), ("yaxis", "a11y.chart.y_axis")):
        axis_title = _title((layout.get(key) or {}).get("title"))
        if axis_title:
            axes.append(t(message, lang, title=axis_title))
    count_text = t("a11y.chart.one_series", lang) if named_series == 1 else t("a11y.chart.series", lang,
                                                                               count=named_series)
    head = f"{title} ({', '.join([count_text, *axes])})."
    if named_series > described:
        parts.append(t("a11y.chart.more_series", lang, count=named_series - described))
    summary = " ".join(s for s in [lead, head, "; ".join(parts) + "."] if s)
    return ChartText(title, summary, _table(rows, lang))


def _series_sentence(trace: dict, name: str, where: list, values: list, labels: list[str], lang: str) -> str:
    numbers = [_number(v) for v in values]
    is_line = trace.get("type") in ("scatter", "scattergl") and "lines" in str(trace.get("mode", "lines"))
    if not values or all(n is None for n in numbers):  # text only (the tile map's labels, a timeline's periods)
        if any(values):
            items = [f"{show_value(w, lang)} {show_value(v, lang)}".strip() for w, v in zip(where, values, strict=False)]
        else:
            items = labels or [show_value(w, lang) for w in where]
        return f"{name}: " + _listing(items, lang) if name else _listing(items, lang)
    if is_line and len(values) > 2 and trace.get("fill") != "toself":
        known = [(w, n) for w, n in zip(where, numbers, strict=False) if n is not None]
        if known:
            (first, first_value), (last, last_value) = known[0], known[-1]
            high = max(n for _, n in known)
            return t("a11y.chart.line", lang, name=name, count=len(known), first=show_value(first, lang),
                     first_value=show_value(first_value, lang), last=show_value(last, lang),
                     last_value=show_value(last_value, lang), high=show_value(high, lang))
    items = []
    for i, value in enumerate(values):
        spot = show_value(where[i], lang) if i < len(where) else ""
        text = labels[i] if i < len(labels) and labels[i] and _number(value) is None else show_value(value, lang)
        items.append(f"{spot} {text}".strip())
    return f"{name}: " + _listing(items, lang)


def _listing(items: list[str], lang: str) -> str:
    shown = ", ".join(items[:MAX_ITEMS])
    if len(items) > MAX_ITEMS:
        shown += " " + t("a11y.chart.more_items", lang, count=len(items) - MAX_ITEMS)
    return shown


def _table(rows: list[dict[str, str]], lang: str) -> pd.DataFrame:
    columns = {"panel": "a11y.chart.col.panel", "series": "a11y.chart.col.series", "x": "a11y.chart.col.x",
               "y": "a11y.chart.col.y", "label": "a11y.chart.col.label"}
    frame = pd.DataFrame(rows, columns=list(columns))
    keep = [c for c in columns if frame[c].astype(bool).any()]
    return frame[keep].rename(columns={c: t(columns[c], lang) for c in keep})
