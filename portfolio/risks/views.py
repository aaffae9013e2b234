"""What the risk page and the overview draw: plain rows (cacheable), the 5×5 heat map, tables in either language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio import palette
from portfolio.dashboard import queries
from portfolio.i18n import format_date, t
from portfolio.meetings.models import Organisation
from portfolio.models import Component
from portfolio.risks import reads
from portfolio.risks.domain import RiskStatus


@dataclass(frozen=True)
class RiskPage:
    as_of: dt.date
    rows: tuple[dict[str, Any], ...]  # RiskRow.as_json plus "why_da"/"why_en"
    landsdele: tuple[tuple[str, str], ...]
    components: tuple[tuple[str, str], ...]
    owners: tuple[tuple[str, str, str], ...]  # key, Danish name, English name


def risk_page(session: Session, as_of: dt.date | None = None) -> RiskPage:
    as_of = as_of or reads.default_as_of(session)
    rows = []
    for row in reads.risk_rows(session, as_of):
        data = row.as_json("da")
        data["why_da"], data["why_en"] = data.pop("why"), row.lamp.text("en") if row.lamp.bound else None
        data["owner_da"], data["owner_en"] = row.version.owner.name_da, row.version.owner.name_en
        rows.append(data)
    return RiskPage(
        as_of=as_of, rows=tuple(rows),
        landsdele=tuple((ld.key, ld.name) for ld in queries.landsdele(session)),
        components=tuple((code, name) for code, name in
                         session.execute(select(Component.code, Component.name).order_by(Component.sort_order))),
        owners=tuple((key, da, en) for key, da, en in
                     session.execute(select(Organisation.key, Organisation.name_da, Organisation.name_en)
                                     .order_by(Organisation.sort_order))),
    )


def risk_history(session: Session, risk_id: int) -> list[dict[str, Any]]:
    return [{"version": v.version_no, "recorded_at": v.recorded_at, "recorded_by": v.recorded_by, "title": v.title,
             "probability": v.probability, "consequence": v.consequence, "score": v.score,
             "residual_score": v.residual_score, "status": v.status.value, "decision": v.decision,
             "strategy": v.strategy.value if v.strategy else None, "signal": v.signal, "threshold": v.threshold,
             "note": v.note} for v in reads.history(session, risk_id)]


def lit_lamps(session: Session, as_of: dt.date | None = None,
              landsdele: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The open risks whose lamp is lit as of the date (for the overview); with ``landsdele``, those about one of
    them or about no landsdel (FUT and national risks concern every landsdel)."""
    return [row for row in risk_page(session, as_of).rows
            if row["lit"] and (landsdele is None or not row["landsdel"] or row["landsdel"] in landsdele)]


def filter_rows(rows: Sequence[dict[str, Any]], *, landsdel: str | None = None, component: str | None = None,
                owner: str | None = None, lit_only: bool = False) -> list[dict[str, Any]]:
    return [r for r in rows if (not landsdel or r["landsdel"] == landsdel) and (not component or r["component"]
            == component) and (not owner or r["owner"] == owner) and (not lit_only or r["lit"])]


def risk_table(rows: Sequence[dict[str, Any]], lang: str) -> pd.DataFrame:
    en = lang == "en"
    return pd.DataFrame({
        "ID": [r["id"] for r in rows],
        t("risk.col.lamp", lang): [t("risk.lamp.lit_word", lang) if r["lit"] else ("–" if r["signal"] else "")
                                   for r in rows],
        "Score": [r["score"] for r in rows],
        t("risk.col.pc", lang): [f"{r['probability']}×{r['consequence']}" for r in rows],
        t("risk.col.title", lang): [r["title"] for r in rows],
        t("risk.col.owner", lang): [r["owner_en" if en else "owner_da"] for r in rows],
        t("risk.col.where", lang): [" · ".join(x for x in (r["landsdel"], r["component"]) if x) for r in rows],
        "Status": [t(f"risk.status.{r['status']}", lang) for r in rows],
        t("risk.col.why", lang): [r["why_en" if en else "why_da"] or "" for r in rows],
    })


def history_table(versions: Sequence[dict[str, Any]], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        "Version": [v["version"] for v in versions],
        t("risk.col.when", lang): [f"{format_date(v['recorded_at'].date(), lang, 'short')} "
                                   f"{v['recorded_at']:%H:%M}" for v in versions],
        t("risk.col.who", lang): [v["recorded_by"] for v in versions],
        t("risk.col.title", lang): [v["title"] for v in versions],
        "Score": [v["score"] for v in versions],
        "Status": [t(f"risk.status.{v['status']}", lang) for v in versions],
        t("risk.col.decision", lang): [v["decision"] or "" for v in versions],
        t("risk.col.note", lang): [v["note"] for v in versions],
    })


# Score bands of the 5×5 matrix (portfolio.palette, as the RAG badges): 1–4 low, 5–9 medium, 10–14 high, 15–25 critical
BANDS = tuple(zip((4, 9, 14, 25), palette.RISK_BAND_COLOUR, strict=True))


def band_colour(score: int) -> str:
    return next(colour for top, colour in BANDS if score <= top)


def heat_cells(rows: Sequence[dict[str, Any]]) -> dict[tuple[int, int], list[int]]:
    """(probability, consequence) -> the ids of the open risks in that cell."""
    cells: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        if row["status"] == RiskStatus.OPEN.value:
            cells.setdefault((row["probability"], row["consequence"]), []).append(row["id"])
    return cells


def heat_map_figure(rows: Sequence[dict[str, Any]], lang: str) -> go.Figure:
    """The 5×5 heat map: probability across, consequence up, each cell coloured by its score band and showing the
    open risks in it (their ids, a ring on lit lamps)."""
    cells = heat_cells(rows)
    lit = {r["id"] for r in rows if r["lit"]}
    scale = list(range(1, 6))
    band = [[next(n for n, (top, _) in enumerate(BANDS) if p * c <= top) for p in scale] for c in scale]
    score = [[p * c for p in scale] for c in scale]
    colours = [step for n, (_, colour) in enumerate(BANDS)
               for step in ([n / len(BANDS), colour], [(n + 1) / len(BANDS), colour])]
    text = [[", ".join(f"{i}{'!' if i in lit else ''}" for i in cells.get((p, c), [])) for p in scale] for c in scale]
    figure = go.Figure(go.Heatmap(
        x=scale, y=scale, z=band, zmin=-0.5, zmax=len(BANDS) - 0.5, colorscale=colours, showscale=False, text=text,
        customdata=score, texttemplate="%{text}", textfont={"size": 14, "color": palette.RISK_BAND_INK},
        hovertemplate=t("risk.heat.hover", lang) + "<extra></extra>", xgap=3, ygap=3))
    figure.update_layout(
        xaxis={"title": t("risk.heat.probability", lang), "tickvals": scale, "constrain": "domain"},
        yaxis={"title": t("risk.heat.consequence", lang), "tickvals": scale, "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=420,
        title={"text": t("risk.heat.title", lang), "font": {"size": 14}})
    return figure
