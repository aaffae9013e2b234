"""Read model of the inclusion page: included against target per landsdel, pace, forecast, municipalities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

import portfolio.dashboard.messages  # noqa: F401 - registers the messages used below
from portfolio.dashboard import queries
from portfolio.i18n import format_date, format_number, format_share, t
from portfolio.inventory import holds_portfolio_data, is_demo_store
from portfolio.metrics import (
    InclusionForecast,
    expected_target,
    inclusion_forecast,
    next_target,
    required_monthly_rate,
    share,
)

FORECAST_WINDOW = 6  # months of net growth the forecast averages


@dataclass(frozen=True)
class RequiredRate:
    due: dt.date
    target_count: int
    per_month: float | None  # None: no month left before the due date


@dataclass(frozen=True)
class LandsdelInclusion:
    key: str
    name: str
    monthly: pd.DataFrame  # month, new_inclusions, active_citizens, dropouts, cumulative_new, version_no, source_file…
    target: queries.TargetRef | None
    expected_now: int | None
    forecast: InclusionForecast
    required_next: RequiredRate | None
    required_full: RequiredRate | None

    @property
    def share_of_expected(self) -> float | None:
        return share(self.forecast.active_now, self.expected_now)


@dataclass(frozen=True)
class InclusionView:
    programme: queries.ProgrammeRef
    as_of: dt.date
    landsdele: list[LandsdelInclusion]
    municipalities: pd.DataFrame
    window: int
    is_demo: bool
    store_has_data: bool

    @property
    def has_data(self) -> bool:
        return any(not ld.monthly.empty for ld in self.landsdele)


def _required(forecast: InclusionForecast, due_point: tuple[dt.date, int] | None) -> RequiredRate | None:
    """The pace that reaches the target point from the latest reported month (None: no point or no figures)."""
    if due_point is None or forecast.last_month is None:
        return None
    due, count = due_point
    return RequiredRate(due, count, required_monthly_rate(target_count=count, active_now=forecast.active_now,
                                                          last_month=forecast.last_month, due=due))


def inclusion_view(session: Session, programme_code: str | None, as_of: dt.date | None,
                   landsdel_keys: Sequence[str] | None = None) -> InclusionView | None:
    """Everything the inclusion page shows, in one call. None when the store has no programme."""
    scope = queries.resolve_scope(session, programme_code, as_of, landsdel_keys)
    if scope is None:
        return None
    programme, as_of, chosen = scope.programme, scope.as_of, scope.landsdele
    keys = [ld.key for ld in chosen]
    monthly = queries.inclusion_by_month(session, programme.code, as_of, keys)
    sources = queries.inclusion_sources(session, programme.code, as_of, keys)
    municipalities = queries.inclusion_by_municipality(session, programme.code, as_of, keys)
    targets = queries.current_targets(session, programme.code, as_of)
    merged = monthly.merge(sources, on=["landsdel", "month"], how="left")
    result = []
    for ld in chosen:
        frame = merged[merged["landsdel"] == ld.key].sort_values("month").reset_index(drop=True)
        frame["cumulative_new"] = frame["new_inclusions"].cumsum()
        target = targets.get(ld.key)
        points = target.points if target else ()
        forecast = inclusion_forecast(list(zip(frame["month"], frame["active_citizens"].astype(int), strict=True)),
                                      target.target_group_size if target else None, FORECAST_WINDOW)
        after = forecast.last_month or as_of
        result.append(LandsdelInclusion(
            key=ld.key, name=ld.name, monthly=frame, target=target, expected_now=expected_target(points, as_of),
            forecast=forecast,
            required_next=_required(forecast, next_target(points, max(as_of, after))),
            required_full=_required(forecast, max(points) if points and max(points)[0] > after else None),
        ))
    return InclusionView(programme=programme, as_of=as_of, landsdele=result, municipalities=municipalities,
                         window=FORECAST_WINDOW, is_demo=is_demo_store(session),
                         store_has_data=holds_portfolio_data(session))


# --- tables (plain strings in the users' formats) ---------------------------------------------------


def _rate(value: float | None, lang: str) -> str:
    return format_number(value, lang, 1) if value is not None else "–"


def _full(forecast: InclusionForecast, day: dt.date | None, lang: str) -> str:
    if forecast.reached:
        return t("dash.inc.reached", lang)
    if day is None:
        return t("dash.inc.never", lang) if forecast.rate is not None and forecast.remaining else "–"
    return format_date(day, lang, "short")


def forecast_table(view: InclusionView, lang: str) -> pd.DataFrame:
    records = []
    for ld in view.landsdele:
        f = ld.forecast
        # The group's questions first: how far now, when full, what pace is needed; the method's detail after.
        records.append({
            t("dash.col.landsdel", lang): ld.name,
            t("dash.col.active", lang): format_number(f.active_now, lang),
            t("dash.col.target_now", lang): format_number(ld.expected_now, lang),
            t("dash.col.share", lang): format_share(ld.share_of_expected, lang),
            t("dash.col.full_date", lang): _full(f, f.full_date, lang),
            t("dash.col.required_full", lang): _rate(ld.required_full.per_month, lang) if ld.required_full else "–",
            t("dash.col.rate", lang): _rate(f.rate, lang),
            t("dash.col.next_due", lang): (f"{format_number(ld.required_next.target_count, lang)} · "
                                           f"{format_date(ld.required_next.due, lang, 'short')}")
            if ld.required_next else "–",
            t("dash.col.required_next", lang): _rate(ld.required_next.per_month, lang) if ld.required_next else "–",
            t("dash.col.full_band", lang): f"{_full(f, f.full_date_early, lang)} – {_full(f, f.full_date_late, lang)}",
            t("dash.col.band", lang): f"{_rate(f.rate_low, lang)} – {_rate(f.rate_high, lang)}",
            t("dash.col.target_group", lang): format_number(f.target_group_size, lang),
            t("dash.col.month", lang): format_date(f.last_month, lang, "short") if f.last_month else "–",
        })
    return pd.DataFrame(records)


def municipality_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        t("dash.col.landsdel", lang): frame["landsdel_name"],
        t("dash.col.municipality", lang): frame["municipality"],
        t("dash.col.active", lang): [format_number(v, lang) for v in frame["active_citizens"]],
        t("dash.col.new", lang): [format_number(v, lang) for v in frame["new_inclusions"]],
        t("dash.col.dropouts", lang): [format_number(v, lang) for v in frame["dropouts"]],
        t("dash.col.month", lang): [format_date(m, lang, "short") for m in frame["month"]],
    })
