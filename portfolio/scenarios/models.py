"""The saved scenarios' tables (same metadata as portfolio.models).

A scenario is a name, the snapshot it is computed against and its assumptions; nothing about it is updated in
place (its result is computed from the frozen snapshot, so it says the same thing whenever it is read). A scenario
offered as a decision option is linked to a (B) agenda item.
"""

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.meetings.models import AgendaItem
from portfolio.models import CODE_WIDTH, KIND_WIDTH, LABEL_WIDTH, WHO_WIDTH, Base, Snapshot, _now


class Scenario(Base):
    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(LABEL_WIDTH))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    snapshot: Mapped[Snapshot] = relationship()
    assumptions: Mapped[list["ScenarioAssumption"]] = relationship(back_populates="scenario",
                                                                 order_by="ScenarioAssumption.id")


class ScenarioAssumption(Base):
    """One assumption: ``component_slip`` (subject a component code, amount in weeks) or ``inclusion_rate``
    (subject a landsdel key, amount the change of its monthly inclusion rate in per cent)."""

    __tablename__ = "scenario_assumption"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id"), index=True)
    kind: Mapped[str] = mapped_column(String(KIND_WIDTH))
    subject: Mapped[str] = mapped_column(String(CODE_WIDTH))
    amount: Mapped[int] = mapped_column(Integer)

    scenario: Mapped[Scenario] = relationship(back_populates="assumptions")


class ScenarioOption(Base):
    """A scenario offered as a decision option on a (B) agenda item."""

    __tablename__ = "scenario_option"
    __table_args__ = (UniqueConstraint("scenario_id", "agenda_item_id", name="uq_scenario_option"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    scenario: Mapped[Scenario] = relationship()
    item: Mapped[AgendaItem] = relationship()
