"""Reading and exporting the audit log (admins only). Nothing here, or anywhere in the tool, edits or deletes it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from sqlalchemy import Engine, String, cast, func, or_, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, authorize
from portfolio.db import read_session, unit_of_work
from portfolio.models import AuditEvent

COLUMNS = ("at", "actor", "action", "target", "file_name", "checksum", "detail")
ACTION_EXPORT = "audit.export"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None  # an exact action, or a prefix ending in "." ("auth.")
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    text: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class AuditRows:
    rows: list[dict[str, Any]]
    total: int  # matching events (rows holds at most the limit, newest first)


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes
    mime: str
    checksum: str


def _where(query, filters: AuditFilter):  # type: ignore[no-untyped-def]
    if filters.actor:
        query = query.where(AuditEvent.actor == filters.actor)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True)
                            if filters.action.endswith(".") else AuditEvent.action == filters.action)
    if filters.since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(filters.since, dt.time()))
    if filters.until:
        query = query.where(AuditEvent.at < dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time()))
    if filters.text.strip():
        needle = f"%{filters.text.strip().lower()}%"
        query = query.where(or_(*(func.lower(column).like(needle) for column in (
            AuditEvent.actor, AuditEvent.action, AuditEvent.target, AuditEvent.file_name,
            cast(AuditEvent.detail, String)))))
    return query


def _row(event: AuditEvent) -> dict[str, Any]:
    return {"at": event.at.replace(microsecond=0), "actor": event.actor, "action": event.action,
            "target": event.target, "file_name": event.file_name or "", "checksum": event.checksum or "",
            "detail": json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else ""}


def read_audit_log(session: Session, *, viewer: str, filters: AuditFilter = AuditFilter(),
                   limit: int | None = 1000) -> AuditRows:
    """Audit events matching the filters, newest first (admins only)."""
    authorize(session, viewer, Action.VIEW_AUDIT)
    total = session.scalar(_where(select(func.count()).select_from(AuditEvent), filters)) or 0
    query = _where(select(AuditEvent), filters).order_by(AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return AuditRows([_row(e) for e in session.scalars(query)], total)


def audit_choices(session: Session, *, viewer: str) -> tuple[list[str], list[str]]:
    """The users and the actions that occur in the log (for the filters)."""
    authorize(session, viewer, Action.VIEW_AUDIT)
    actors = list(session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))
    actions = list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    return actors, actions


def _cell(value: Any) -> str:
    """Text as text: a cell that starts like a formula is quoted, so a spreadsheet never runs it."""
    text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_audit_log(engine: Engine, *, viewer: str, filters: AuditFilter = AuditFilter(), fmt: str = "csv",
                     headers: dict[str, str] | None = None) -> ExportFile:
    """The whole filtered log as CSV (UTF-8 with BOM, for Excel) or Excel (admins only)."""
    with read_session(engine) as session:
        rows = read_audit_log(session, viewer=viewer, filters=filters, limit=None).rows
    titles = [(headers or {}).get(c, c) for c in COLUMNS]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
        sheet = book.add_worksheet("Audit")
        sheet.write_row(0, 0, titles, book.add_format({"bold": True}))
        for r, row in enumerate(rows, start=1):
            for c, column in enumerate(COLUMNS):
                sheet.write_string(r, c, _cell(row[column]))
        sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
        sheet.freeze_panes(1, 0)
        book.close()
        data = buffer.getvalue()
        name, mime = f"revisionslog-{stamp}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(titles)
        writer.writerows([_cell(row[c]) for c in COLUMNS] for row in rows)
        data = ("\ufeff" + text.getvalue()).encode("utf-8")
        name, mime = f"revisionslog-{stamp}.csv", "text/csv"
    return ExportFile(name, data, mime, audit.sha256(data))


def record_audit_export(engine: Engine, *, viewer: str, export: ExportFile, filters: AuditFilter) -> None:
    """The export itself is audited (who, when, which file and checksum, which filters)."""
    with unit_of_work(engine) as session:
        authorize(session, viewer, Action.VIEW_AUDIT)
        audit.record(session, actor=viewer, action=ACTION_EXPORT, target="audit log", file_name=export.name,
                     checksum=export.checksum, detail={"filters": filters.as_json()})
