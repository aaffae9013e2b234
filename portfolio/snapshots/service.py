"""The snapshot use cases the CLI and the page call: compare two snapshots, export one (audited)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portfolio import audit
from portfolio.auth.permissions import Action, require
from portfolio.db import read_session, unit_of_work
from portfolio.models import TARGET_WIDTH, Snapshot
from portfolio.snapshots import FORMATS
from portfolio.snapshots.diff import SnapshotDiff, diff_payloads
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.freeze import FrozenSnapshot, load_snapshot
from portfolio.text import clip

MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "plans": "application/zip",
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed entry times: the same snapshot gives the same bytes


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    data: bytes
    mime: str
    files: dict[str, bytes] = field(default_factory=dict)  # the single workbooks of a "plans" export
    base_snapshot_id: int | None = None  # the snapshot "siden sidst" compares with (None: the first one)


def compare(session: Session, older_id: int, newer_id: int) -> SnapshotDiff:
    older, newer = load_snapshot(session, older_id), load_snapshot(session, newer_id)
    return diff_payloads(older.payload, newer.payload, older_id=older_id, newer_id=newer_id)


def diff_since_previous(session: Session, snapshot: FrozenSnapshot, base_id: int | None = None) -> SnapshotDiff | None:
    """Changes since ``base_id``, else since the previous snapshot recorded at freezing (None: the first one)."""
    chosen = base_id if base_id is not None else snapshot.previous_id
    if chosen is None:
        return None
    base = load_snapshot(session, chosen)
    return diff_payloads(base.payload, snapshot.payload, older_id=chosen, newer_id=snapshot.info.id)


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_NAMES = {"xlsx": "Bilag_{base}.xlsx", "pptx": "Statuspakke_{base}.pptx", "pdf": "Statuspakke_{base}.pdf",
          "plans": "Planer_{base}.zip"}


_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
MAX_LABEL_IN_NAME = 60


def label_slug(label: str) -> str:
    """The label as a safe file-name part: ASCII letters, digits and hyphens ("Møde 8. sep." -> "Moede-8-sep")."""
    text = unicodedata.normalize("NFKD", (label or "").translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:MAX_LABEL_IN_NAME].strip("-")


def file_name(snapshot_id: int, as_of: str, fmt: str, label: str = "") -> str:
    """The download's file name: date, label and id of the snapshot (``Bilag_2022-09-08_Moede-8-sep_snapshot-2.xlsx``).

    The label's CPR check happened at freezing; a label with no letters or digits adds nothing.
    """
    slug = label_slug(label)
    return _NAMES[fmt].format(base=f"{as_of}_{slug + '_' if slug else ''}snapshot-{snapshot_id}")


def render(snapshot: FrozenSnapshot, diff: SnapshotDiff | None, fmt: str, *, lang: str = "da",
           progress: Callable[[float], None] | None = None, meetings: dict | None = None,
           risks: dict | None = None, scenarios: dict | None = None) -> ExportFile:
    """The export's bytes, from the payload (and the diff) only. Nothing is written to the store."""
    # heavy imports only when exporting, and only the exporter asked for (python-pptx costs the xlsx 0.2 s)
    if fmt == "xlsx":
        from portfolio.snapshots import excel
    elif fmt in ("pptx", "pdf"):
        from portfolio.snapshots import pdf, pptx_pack
    elif fmt == "plans":
        from portfolio.snapshots import plans_export

    name = file_name(snapshot.info.id, snapshot.payload["as_of"], fmt, snapshot.info.label) if fmt in FORMATS else ""
    if fmt == "xlsx":
        return ExportFile(name, excel.snapshot_workbook(snapshot, diff, lang=lang), MIME[fmt])
    if fmt == "pptx":
        return ExportFile(name, pptx_pack.status_pack(snapshot, diff, lang=lang, meetings=meetings, risks=risks,
                                                       scenarios=scenarios),
                          MIME[fmt])
    if fmt == "pdf":
        pack = pptx_pack.status_pack(snapshot, diff, lang=lang, meetings=meetings, risks=risks,
                                     scenarios=scenarios)
        if progress:
            progress(0.3)
        return ExportFile(name, pdf.pptx_to_pdf(pack), MIME[fmt])
    if fmt == "plans":
        files = plans_export.plan_workbooks(snapshot.payload)
        return ExportFile(name, zip_files(files), MIME[fmt], files)
    raise SnapshotRefused("snapshot.error.format", format=fmt)


def check_export(engine: Engine, snapshot_id: int, fmt: str, *, actor: str) -> None:
    """Refuse an unknown format or a user who may not export, before anything is rendered."""
    if fmt not in FORMATS:
        raise SnapshotRefused("snapshot.error.format", format=fmt)
    require(engine, actor, Action.EXPORT_SNAPSHOT, target=f"snapshot {snapshot_id}")


def build_export(engine: Engine, snapshot_id: int, fmt: str, *, lang: str = "da", base_id: int | None = None,
                 progress: Callable[[float], None] | None = None) -> ExportFile:
    """The export's bytes; nothing is written. A snapshot never changes, so the result may be cached per
    (snapshot, format, language, base)."""
    with read_session(engine) as session:
        snapshot = load_snapshot(session, snapshot_id)
        diff = diff_since_previous(session, snapshot, base_id)
        meetings = risks = scenarios = None
        if fmt in ("pptx", "pdf"):  # imported here: the risk log's reads load pandas, which the xlsx never needs
            from portfolio.meetings.pack import meeting_section
            from portfolio.risks.pack import risk_section
            from portfolio.scenarios.pack import scenario_section
            meetings = meeting_section(session, snapshot_id, snapshot.info.as_of)
            risks = risk_section(session, snapshot_id, snapshot.info.as_of)
            scenarios = scenario_section(session, snapshot_id, snapshot.info.as_of)
    if progress:
        progress(0.1)
    result = render(snapshot, diff, fmt, lang=lang, progress=progress, meetings=meetings, risks=risks,
                    scenarios=scenarios)
    return ExportFile(result.file_name, result.data, result.mime, result.files,
                      base_snapshot_id=diff.older.id if diff else None)


def record_export(engine: Engine, snapshot_id: int, fmt: str, result: ExportFile, *, actor: str,
                  lang: str = "da") -> None:
    """The audit entry of one export handed to a user (format and checksum of the bytes)."""
    with unit_of_work(engine) as session:
        label = session.scalar(select(Snapshot.label).where(Snapshot.id == snapshot_id)) or ""
        audit.record(session, actor=actor, action="snapshot.export",
                     target=clip(f"snapshot {snapshot_id}: {label}", TARGET_WIDTH),
                     file_name=result.file_name, checksum=audit.sha256(result.data),
                     detail={"snapshot_id": snapshot_id, "format": fmt, "bytes": len(result.data),
                             "base_snapshot_id": result.base_snapshot_id, "lang": lang})


def export_snapshot(engine: Engine, snapshot_id: int, fmt: str, *, actor: str, lang: str = "da",
                    base_id: int | None = None, progress: Callable[[float], None] | None = None) -> ExportFile:
    """Render one export of a snapshot and audit it (format and checksum of the bytes)."""
    check_export(engine, snapshot_id, fmt, actor=actor)
    result = build_export(engine, snapshot_id, fmt, lang=lang, base_id=base_id, progress=progress)
    if progress:
        progress(0.9)
    record_export(engine, snapshot_id, fmt, result, actor=actor, lang=lang)
    if progress:
        progress(1.0)
    return result
