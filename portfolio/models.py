"""The store's tables, as typed SQLAlchemy 2.x models.

Append-only by design: a new plan submission, status report or target set is a
new row; nothing a landsdel reported is overwritten, so any past state can be
reconstructed and every figure is attributable (who, when, which file).
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from portfolio.domain import (
    ComponentKind,
    DatePrecision,
    MilestoneStatus,
    Phase,
    ProgrammeKind,
    ProjectState,
    Rag,
    RiskState,
)

# Deterministic constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Column widths, named once: the models' columns (here and in the wings' models) and the services that cut text to
# fit (portfolio.text.clip). Changing one is a migration.
WHO_WIDTH = 80  # an account's username: actor, recorded_by, created_by, imported_by, …
NAME_WIDTH = 120  # a display name, a component's or a person's name, a milestone's owner
TARGET_WIDTH = 300  # an audit target, a file name, a source, a title, a feed's etag and last outcome
KEY_WIDTH = 20  # a landsdel's key ("sjaelland")
SHEET_KIND_WIDTH = 20  # ImportMapping.sheet_kind ("milestones", "inclusion", "targets")
KIND_WIDTH = 24  # a scenario option's or a risk signal's kind
PROGRAMME_CODE_WIDTH = 30  # a programme's code ("KOL")
ORG_KEY_WIDTH = 30  # an organisation's key (meetings)
CODE_WIDTH = 40  # a milestone's or a component's code, a mapped field, a scenario's subject
ACTION_WIDTH = 40  # an audit event's action ("plan.import")
PLACE_WIDTH = 60  # a region's or a municipality's name
ISO_CODE_WIDTH = 8  # a municipality's code
CHECKSUM_WIDTH = 64  # a SHA-256 in hex
SHORT_TEXT_WIDTH = 80  # a category, a date as written, a draft key, a risk signal's argument
HTTP_DATE_WIDTH = 100  # a feed's Last-Modified header
LABEL_WIDTH = 200  # a snapshot's label, a scenario's name, a normalised header text
SOURCE_WIDTH = 500  # a component status's source
URL_WIDTH = 1000  # a feed's URL
EMAIL_WIDTH = 254  # an e-mail address (RFC 5321)
PASSWORD_HASH_WIDTH = 255  # a password hash


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(cls: type) -> Enum:
    # Stored as plain strings: new members need no database-specific ALTER TYPE.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- reference data -------------------------------------------------------------------


class Landsdel(Base):
    """One of the five regional programmes: a region and its municipalities."""

    __tablename__ = "landsdel"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_WIDTH), unique=True)  # "nord", "sjaelland"
    name: Mapped[str] = mapped_column(String(CODE_WIDTH))  # "Nord", "Sjælland"
    region_code: Mapped[int] = mapped_column(Integer, unique=True)  # 1081–1085
    region_name: Mapped[str] = mapped_column(String(PLACE_WIDTH))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    municipalities: Mapped[list["Municipality"]] = relationship(back_populates="landsdel")


class Municipality(Base):
    __tablename__ = "municipality"

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(PLACE_WIDTH), unique=True)
    landsdel_id: Mapped[int] = mapped_column(ForeignKey("landsdel.id"), index=True)
    iso_code: Mapped[str] = mapped_column(String(ISO_CODE_WIDTH))

    landsdel: Mapped[Landsdel] = relationship(back_populates="municipalities")


class Programme(Base):
    """KOL, HJERTESVIGT, or another national project the board follows."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(PROGRAMME_CODE_WIDTH), unique=True)
    name_da: Mapped[str] = mapped_column(String(NAME_WIDTH))
    name_en: Mapped[str] = mapped_column(String(NAME_WIDTH))
    kind: Mapped[ProgrammeKind] = mapped_column(_enum(ProgrammeKind))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ProgrammeStatus(Base):
    """A dated status report of a national project (RAG, state, enrolment)."""

    __tablename__ = "programme_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    rag: Mapped[Rag | None] = mapped_column(_enum(Rag))
    state: Mapped[ProjectState] = mapped_column(_enum(ProjectState))
    enrolled: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    programme: Mapped[Programme] = relationship()


# --- milestone plans --------------------------------------------------------------------


class PlanVersion(Base):
    """One submitted milestone plan of one landsdel and programme. Every submission is kept."""

    __tablename__ = "plan_version"
    __table_args__ = (
        UniqueConstraint("landsdel_id", "programme_id", "version_no", name="uq_plan_version_no"),
        # What inclusion rows refer to: their plan version, and with it its landsdel and programme (one key check
        # per row instead of three; migration 0007).
        UniqueConstraint("id", "landsdel_id", "programme_id", name="uq_plan_version_identity"),
        Index("ix_plan_version_latest", "landsdel_id", "programme_id", "submitted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    landsdel_id: Mapped[int] = mapped_column(ForeignKey("landsdel.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    version_no: Mapped[int] = mapped_column(Integer)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    checksum: Mapped[str] = mapped_column(String(CHECKSUM_WIDTH), index=True)  # sha256 of the file
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    imported_by: Mapped[str] = mapped_column(String(WHO_WIDTH))
    reported_rag: Mapped[Rag | None] = mapped_column(_enum(Rag))  # the landsdel's own overall status
    note: Mapped[str] = mapped_column(Text, default="")

    landsdel: Mapped[Landsdel] = relationship()
    programme: Mapped[Programme] = relationship()
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="plan_version", cascade="all, delete-orphan", order_by="Milestone.sort_order"
    )


class Milestone(Base):
    """A milestone as one plan version states it. Dates keep the planner's own text and precision."""

    __tablename__ = "milestone"
    __table_args__ = (
        UniqueConstraint("plan_version_id", "code", name="uq_milestone_code"),
        Index("ix_milestone_trend", "code", "plan_version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(CODE_WIDTH))  # the id the landsdel gives it, e.g. "5.3"
    title: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    category: Mapped[str] = mapped_column(String(SHORT_TEXT_WIDTH), default="")
    owner: Mapped[str] = mapped_column(String(NAME_WIDTH), default="")
    is_key: Mapped[bool] = mapped_column(default=False)  # key milestones weigh in the derived RAG
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    baseline_date: Mapped[dt.date | None] = mapped_column(Date)
    baseline_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    baseline_text: Mapped[str] = mapped_column(String(SHORT_TEXT_WIDTH), default="")
    forecast_date: Mapped[dt.date | None] = mapped_column(Date)
    forecast_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    forecast_text: Mapped[str] = mapped_column(String(SHORT_TEXT_WIDTH), default="")
    actual_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    actual_text: Mapped[str] = mapped_column(String(SHORT_TEXT_WIDTH), default="")

    status: Mapped[MilestoneStatus | None] = mapped_column(_enum(MilestoneStatus))
    comment: Mapped[str] = mapped_column(Text, default="")

    plan_version: Mapped[PlanVersion] = relationship(back_populates="milestones")
    dependencies: Mapped[list["MilestoneDependency"]] = relationship(
        back_populates="milestone", cascade="all, delete-orphan"
    )


class MilestoneDependency(Base):
    """A milestone hangs on another milestone of the same plan, or on a FUT component."""

    __tablename__ = "milestone_dependency"
    __table_args__ = (
        CheckConstraint(
            "(depends_on_code IS NULL) <> (component_id IS NULL)", name="exactly_one_target"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True
    )
    depends_on_code: Mapped[str | None] = mapped_column(String(CODE_WIDTH))
    component_id: Mapped[int | None] = mapped_column(ForeignKey("component.id"), index=True)

    milestone: Mapped[Milestone] = relationship(back_populates="dependencies")
    component: Mapped["Component | None"] = relationship()


# --- inclusion and targets --------------------------------------------------------------


class InclusionCount(Base):
    """Citizens included in one month, as reported in one submission.

    A later submission that reports the same month again supersedes the earlier figure;
    both rows stay, so past states can be rebuilt.
    """

    __tablename__ = "inclusion_count"
    __table_args__ = (
        Index("ix_inclusion_lookup", "landsdel_id", "programme_id", "month"),
        Index("ix_inclusion_programme", "programme_id", "landsdel_id", "municipality_code", "month"),
        Index("ix_inclusion_version", "plan_version_id"),
        CheckConstraint(
            "new_inclusions >= 0 AND active_citizens >= 0 AND dropouts >= 0", name="non_negative"
        ),
        # The row's landsdel and programme are its plan version's (kept on the row for the as-of queries): one
        # composite key checks all three, where three keys made PostgreSQL check three rows per inserted row.
        ForeignKeyConstraint(["plan_version_id", "landsdel_id", "programme_id"],
                             ["plan_version.id", "plan_version.landsdel_id", "plan_version.programme_id"],
                             ondelete="CASCADE", name="fk_inclusion_count_plan_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(Integer)
    landsdel_id: Mapped[int] = mapped_column(Integer)
    programme_id: Mapped[int] = mapped_column(Integer)
    municipality_code: Mapped[int | None] = mapped_column(ForeignKey("municipality.code"))
    month: Mapped[dt.date] = mapped_column(Date)  # first day of the month
    new_inclusions: Mapped[int] = mapped_column(Integer, default=0)
    active_citizens: Mapped[int] = mapped_column(Integer, default=0)
    dropouts: Mapped[int] = mapped_column(Integer, default=0)

    plan_version: Mapped[PlanVersion] = relationship()


class TargetSet(Base):
    """Target group size and the target counts by date, for one landsdel and programme."""

    __tablename__ = "target_set"
    __table_args__ = (Index("ix_target_set_lookup", "landsdel_id", "programme_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    landsdel_id: Mapped[int] = mapped_column(ForeignKey("landsdel.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    target_group_size: Mapped[int] = mapped_column(Integer)  # målgruppe
    effective_from: Mapped[dt.date] = mapped_column(Date)
    plan_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_version.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    plan_version: Mapped[PlanVersion | None] = relationship()
    points: Mapped[list["TargetPoint"]] = relationship(
        back_populates="target_set", cascade="all, delete-orphan", order_by="TargetPoint.due_date"
    )


class TargetPoint(Base):
    __tablename__ = "target_point"
    __table_args__ = (UniqueConstraint("target_set_id", "due_date", name="uq_target_point_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_set_id: Mapped[int] = mapped_column(ForeignKey("target_set.id", ondelete="CASCADE"))
    due_date: Mapped[dt.date] = mapped_column(Date)
    target_count: Mapped[int] = mapped_column(Integer)

    target_set: Mapped[TargetSet] = relationship(back_populates="points")


# --- FUT infrastructure -----------------------------------------------------------------


class Component(Base):
    """A part of the FUT infrastructure: gateway, module, solution or integration."""

    __tablename__ = "component"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_WIDTH), unique=True)  # "KL_GATEWAY"
    name: Mapped[str] = mapped_column(String(NAME_WIDTH), unique=True)
    kind: Mapped[ComponentKind] = mapped_column(_enum(ComponentKind))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    statuses: Mapped[list["ComponentStatus"]] = relationship(
        back_populates="component", order_by="ComponentStatus.status_date"
    )


class ComponentStatus(Base):
    """One dated status entry from the FUT programme's reporting."""

    __tablename__ = "component_status"
    __table_args__ = (
        UniqueConstraint("component_id", "status_date", "content_hash", name="uq_component_status"),
        Index("ix_component_status_latest", "component_id", "status_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(ForeignKey("component.id"))
    status_date: Mapped[dt.date] = mapped_column(Date)
    phase: Mapped[Phase] = mapped_column(_enum(Phase))
    rag: Mapped[Rag] = mapped_column(_enum(Rag))
    note: Mapped[str] = mapped_column(Text, default="")
    # The FUT programme's forecasts at the time of the entry; a later one that moves
    # is what knocks on to the regional milestones that depend on the component.
    pilot_forecast: Mapped[dt.date | None] = mapped_column(Date)
    production_forecast: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(SOURCE_WIDTH))
    content_hash: Mapped[str] = mapped_column(String(CHECKSUM_WIDTH))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    component: Mapped[Component] = relationship(back_populates="statuses")


class Risk(Base):
    __tablename__ = "risk"

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int | None] = mapped_column(ForeignKey("component.id"), index=True)
    title: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    description: Mapped[str] = mapped_column(Text, default="")
    rag: Mapped[Rag] = mapped_column(_enum(Rag))
    state: Mapped[RiskState] = mapped_column(_enum(RiskState), default=RiskState.OPEN)
    raised_on: Mapped[dt.date] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(NAME_WIDTH), default="")
    source: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    component: Mapped[Component | None] = relationship()


class FeedSource(Base):
    """A configured FUT status feed URL and what the last pull learned (for conditional GET)."""

    __tablename__ = "feed_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_WIDTH), unique=True)
    etag: Mapped[str | None] = mapped_column(String(TARGET_WIDTH))
    last_modified: Mapped[str | None] = mapped_column(String(HTTP_DATE_WIDTH))
    last_fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_outcome: Mapped[str] = mapped_column(String(TARGET_WIDTH), default="")


# --- import, snapshots, audit -----------------------------------------------------------


class ImportMapping(Base):
    """A header a landsdel uses that the importer did not know, mapped by hand to a field."""

    __tablename__ = "import_mapping"
    __table_args__ = (
        UniqueConstraint("landsdel_id", "sheet_kind", "header_key", name="uq_import_mapping"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    landsdel_id: Mapped[int] = mapped_column(ForeignKey("landsdel.id"))
    sheet_kind: Mapped[str] = mapped_column(String(SHEET_KIND_WIDTH))  # "milestones", "inclusion", "targets"
    header_key: Mapped[str] = mapped_column(String(LABEL_WIDTH))  # normalised header text
    field: Mapped[str] = mapped_column(String(CODE_WIDTH))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))


class Snapshot(Base):
    """The frozen state of the portfolio as of a date. Never changed after creation."""

    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(LABEL_WIDTH))
    as_of: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEvent(Base):
    """Who did what, when, from which file. Only ever appended to."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(WHO_WIDTH))
    action: Mapped[str] = mapped_column(String(ACTION_WIDTH))
    target: Mapped[str] = mapped_column(String(TARGET_WIDTH), default="")
    file_name: Mapped[str | None] = mapped_column(String(TARGET_WIDTH))
    checksum: Mapped[str | None] = mapped_column(String(CHECKSUM_WIDTH))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The tamper-evident chain (portfolio/audit.py): the previous event's hash, and this event's.
    prev_hash: Mapped[str | None] = mapped_column(String(CHECKSUM_WIDTH))
    hash: Mapped[str | None] = mapped_column(String(CHECKSUM_WIDTH))
