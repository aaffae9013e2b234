# ruff: noqa: E501 - message tables: one message per line reads better than wrapped lines
"""Alternative text for the pack's charts and pictures (issue #19, WCAG 2.1 1.1.1 / EN 301 549 10.1.1.1).

:func:`describe_shapes` runs once over a finished Presentation and writes a description (PowerPoint's "alt text",
``descr`` on the shape's ``cNvPr``) on every chart and picture that has none: built from the chart's own data
(title, series, categories, values; a value axis formatted as dates reads as dates), so it works for every chart the
pack draws. LibreOffice carries ``descr`` into the PDF as the figure's /Alt text (tagged PDF, portfolio/snapshots/pdf.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE

from portfolio.dashboard.chart_text import plain_text
from portfolio.i18n import format_date, format_number, register_messages, t

MESSAGES: dict[str, tuple[str, str]] = {
    "a11y.pack.chart": ("Diagram: {title}.", "Chart: {title}."),
    "a11y.pack.picture": ("Billede: {name}.", "Picture: {name}."),
    "a11y.pack.no_data": ("Ingen data.", "No data."),
    "a11y.pack.span": ("{category}: {start} til {end}", "{category}: {start} to {end}"),
    "a11y.pack.more": ("og {count} flere", "and {count} more"),
}
register_messages(MESSAGES)

MAX_ITEMS = 12  # values per series named in a description (a description stays readable aloud)
MAX_CHARS = 1500
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def describe_shapes(prs: Any, lang: str) -> int:
    """Give every chart and picture in ``prs`` (also inside groups) a description; returns how many were set."""
    count = 0
    for slide in prs.slides:
        for shape in _walk(slide.shapes):
            if _description(shape):
                continue
            text = ""
            if getattr(shape, "has_chart", False) and shape.has_chart:
                text = chart_description(shape.chart, lang)
            elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                text = t("a11y.pack.picture", lang, name=plain_text(shape.name))
            if text:
                _set_description(shape, text[:MAX_CHARS])
                count += 1
    return count


def _walk(shapes: Any) -> Any:
    for shape in shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _walk(shape.shapes)


def _cnvpr(shape: Any) -> Any:
    element = shape._element
    found = element.xpath("./*[1]/p:cNvPr")
    return found[0] if found else None


def _description(shape: Any) -> str:
    node = _cnvpr(shape)
    return (node.get("descr") or "").strip() if node is not None else ""


def _set_description(shape: Any, text: str) -> None:
    node = _cnvpr(shape)
    if node is not None:
        node.set("descr", text)


def description_of(shape: Any) -> str:
    """A shape's description (for tests and checks)."""
    return _description(shape)


def _is_date_format(number_format: str) -> bool:
    lowered = (number_format or "").lower()
    return any(part in lowered for part in ("yy", "mmm", "dd"))


def _date(serial: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def chart_description(chart: Any, lang: str) -> str:
    title = plain_text(chart.chart_title.text_frame.text) if chart.has_title else ""
    head = t("a11y.pack.chart", lang, title=title or "–")
    try:
        plot = chart.plots[0]
    except IndexError:
        return f"{head} {t('a11y.pack.no_data', lang)}"
    categories = [plain_text(c) for c in plot.categories]
    series = list(plot.series)
    dates = False
    with contextlib.suppress(ValueError, AttributeError):  # a chart without a value axis
        dates = _is_date_format(chart.value_axis.tick_labels.number_format)
    if not series or not categories:
        return f"{head} {t('a11y.pack.no_data', lang)}"
    if dates:  # a Gantt: stacked bars from a start date; the bars up to the last one span start → end
        parts = []
        for index, category in enumerate(categories):
            values = [s.values[index] for s in series]
            if values[0] is None:
                continue
            start = values[0]
            end = start + sum(v or 0 for v in values[1:-1]) if len(values) > 2 else start + (values[-1] or 0)
            parts.append(t("a11y.pack.span", lang, category=category, start=format_date(_date(start), lang),
                           end=format_date(_date(end), lang)))
        return f"{head} {_listing(parts, lang)}."
    sentences = []
    for s in series:
        items = [f"{category} {format_number(value, lang)}" for category, value in zip(categories, s.values, strict=False)
                 if value is not None]
        if items:
            sentences.append(f"{plain_text(s.name)}: {_listing(items, lang)}")
    return f"{head} " + ("; ".join(sentences) + "." if sentences else t("a11y.pack.no_data", lang))


def _listing(items: list[str], lang: str) -> str:
    if len(items) <= MAX_ITEMS:
        return ", ".join(items)
    # Keep the first and the last: the start of a series and where it stands now.
    kept = items[: MAX_ITEMS - 2] + items[-2:]
    return ", ".join(kept[:-2]) + f" … {', '.join(kept[-2:])} ({t('a11y.pack.more', lang, count=len(items) - MAX_ITEMS)})"
