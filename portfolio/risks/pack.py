"""The risk log's slides in the snapshot pack: the 5×5 heat map as a native (editable) chart with the lit lamps,
and the risks new, closed or re-scored since the previous snapshot.

:func:`risk_section` reads the log into plain data as of the snapshot's date; :func:`add_risk_slides` draws it onto
the pack's presentation (as portfolio/meetings/pack.py does). A store without risks gets no extra slides.
"Since the previous snapshot": versions recorded after the previous snapshot's date, up to this one's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.i18n import format_date, t
from portfolio.meetings.pack import _note, _slide, _table
from portfolio.models import Snapshot
from portfolio.risks import reads
from portfolio.risks.domain import RiskStatus
from portfolio.risks.freeze import changes_between
from portfolio.risks.models import RiskVersion
from portfolio.risks.views import BANDS, band_colour

MAX_LAMPS = 8


def _changes(session: Session, since: dt.date | None, until: dt.date) -> list[dict[str, Any]]:
    versions = list(session.scalars(select(RiskVersion).order_by(RiskVersion.risk_id, RiskVersion.version_no)))
    by_risk: dict[int, list[RiskVersion]] = {}
    for version in versions:
        by_risk.setdefault(version.risk_id, []).append(version)
    changes = []
    for risk_id, history in by_risk.items():
        inside = [v for v in history if (since is None or v.recorded_at.date() > since)
                  and v.recorded_at.date() <= until]
        for version in inside:
            before = next((v for v in reversed(history) if v.version_no < version.version_no), None)
            if before is None:
                kind = "new"
            elif version.status is not before.status and version.status is not RiskStatus.OPEN:
                kind = version.status.value  # closed / accepted
            elif version.score != before.score:
                kind = "rescored"
            else:
                continue
            changes.append({"id": risk_id, "title": version.title, "change": kind, "score": version.score,
                            "before": before.score if before is not None else None,
                            "decision": version.decision, "date": version.recorded_at.date().isoformat()})
    return changes


def _frozen_log(session: Session, snapshot_id: int | None) -> list[dict[str, Any]] | None:
    """The risk log frozen into a snapshot (None: frozen before snapshots held it)."""
    if snapshot_id is None:
        return None
    payload = session.scalar(select(Snapshot.payload).where(Snapshot.id == snapshot_id))
    return payload.get("risk_log") if isinstance(payload, dict) else None


def risk_section(session: Session, snapshot_id: int, as_of: dt.date) -> dict[str, Any] | None:
    """What the pack shows of the risk log for this snapshot; None when the log is empty.

    A snapshot that froze the log (``risk_log`` in its payload) is shown as frozen, and its changes are those
    against the previous snapshot's frozen log. A snapshot frozen before the log held anything (or before snapshots
    froze it) is read from the log's versions as of its date; so are the changes since a previous snapshot like
    that.
    """
    if session.scalar(select(RiskVersion.id).limit(1)) is None:
        return None
    previous_row = session.execute(select(Snapshot.id, Snapshot.as_of)
                                   .where(Snapshot.as_of < as_of, Snapshot.id != snapshot_id)
                                   .order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1)).first()
    previous_id, previous = previous_row if previous_row else (None, None)
    frozen = _frozen_log(session, snapshot_id)
    if frozen:
        before = _frozen_log(session, previous_id)
        return {
            "as_of": as_of.isoformat(), "since": previous.isoformat() if previous else None, "frozen": True,
            "risks": frozen,
            "changes": changes_between(before or [], frozen, as_of) if before or previous is None
            else _changes(session, previous, as_of),
        }
    rows = reads.risk_rows(session, as_of)
    return {
        "as_of": as_of.isoformat(), "since": previous.isoformat() if previous else None, "frozen": False,
        "risks": [{"id": r.id, "title": r.version.title, "probability": r.version.probability,
                   "consequence": r.version.consequence, "score": r.score, "status": r.version.status.value,
                   "lit": r.lamp.lit, "why_da": r.lamp.text("da") if r.lamp.lit else "",
                   "why_en": r.lamp.text("en") if r.lamp.lit else ""} for r in rows],
        "changes": _changes(session, previous, as_of),
    }


def _heat_chart(slide: Any, risks: list[dict[str, Any]], lang: str) -> None:
    """A bubble chart on the 5×5 grid: one series per score band, one bubble per occupied cell sized by the
    number of open risks in it, labelled with their ids."""
    from pptx.chart.data import BubbleChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    cells: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for risk in risks:
        if risk["status"] == RiskStatus.OPEN.value:
            cells.setdefault((risk["probability"], risk["consequence"]), []).append(risk)
    data = BubbleChartData()
    labels: list[list[str]] = []
    bands = [(low, top, colour) for (low, (top, colour)) in
             zip([1, *[b[0] + 1 for b in BANDS[:-1]]], BANDS, strict=True)]
    for low, top, colour in bands:
        series = data.add_series(t("risk.pack.band", lang, low=low, top=top))
        labels.append([])
        for (p, c), inside in sorted(cells.items()):
            if band_colour(p * c) == colour:
                series.add_data_point(p, c, len(inside))
                labels[-1].append(", ".join(f"{r['id']}{'!' if r['lit'] else ''}" for r in inside))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BUBBLE, Inches(0.4), Inches(1.2), Inches(6.6), Inches(6.0), data)
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for axis, title in ((chart.category_axis, t("risk.heat.probability", lang)),
                        (chart.value_axis, t("risk.heat.consequence", lang))):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 6, 1
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.has_major_gridlines = True
        axis.tick_labels.font.size = Pt(11)
    for series, (_, _, colour), texts in zip(chart.plots[0].series, bands, labels, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
        for point, text in zip(series.points, texts, strict=False):
            point.data_label.has_text_frame = True
            point.data_label.text_frame.text = text
            point.data_label.font.size = Pt(11)
    chart.plots[0].bubble_scale = 40


def add_risk_slides(prs: Any, section: dict[str, Any] | None, lang: str) -> None:
    """The heat map with the lit lamps, and the changes since the previous snapshot (two slides)."""
    if section is None:
        return
    day = format_date(dt.date.fromisoformat(section["as_of"]), lang, "short")
    slide = _slide(prs, t("risk.pack.heat_title", lang, date=day))
    _heat_chart(slide, section["risks"], lang)
    lit = [r for r in section["risks"] if r["lit"]]
    if lit:
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(7.2), Inches(1.3), Inches(5.8), Inches(5.8))
        frame = box.text_frame
        frame.word_wrap = True
        frame.paragraphs[0].add_run().text = t("risk.overview.title", lang)
        frame.paragraphs[0].runs[0].font.bold = True
        for risk in lit[:MAX_LAMPS]:
            paragraph = frame.add_paragraph()
            run = paragraph.add_run()
            run.text = f"{risk['id']}. {risk['title']}: {risk['why_en' if lang == 'en' else 'why_da']}"
            run.font.size = Pt(11)
        if len(lit) > MAX_LAMPS:
            frame.add_paragraph().add_run().text = t("snapshot.diff.more", lang, n=len(lit) - MAX_LAMPS)
    since = (format_date(dt.date.fromisoformat(section["since"]), lang, "short") if section["since"]
             else t("risk.pack.since_start", lang))
    slide = _slide(prs, t("risk.pack.changes_title", lang, since=since))
    if section["changes"]:
        _table(slide, ["ID", t("risk.col.title", lang), t("risk.pack.change", lang), "Score",
                       t("risk.col.decision", lang)],
               [[str(c["id"]), c["title"], t(f"risk.pack.change.{c['change']}", lang),
                 f"{c['before']} → {c['score']}" if c["before"] not in (None, c["score"]) else str(c["score"]),
                 c["decision"] or ""]
                for c in section["changes"]], [0.6, 7.0, 1.8, 1.4, 1.7], lang)
    else:
        _note(slide, t("risk.pack.no_changes", lang))
