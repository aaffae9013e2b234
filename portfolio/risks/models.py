"""The risk log's tables (same metadata as portfolio.models).

A risk is an identity (``risk_log``) and its versions (``risk_log_version``): every change is a new version with
who and when; nothing is updated in place, so the history of a risk is its versions. The newest version counts.
(The older ``risk`` table holds the read-only FUT risk list from status reports; it is left as it is.)
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.meetings.models import Organisation
from portfolio.models import (
    CODE_WIDTH,
    KEY_WIDTH,
    KIND_WIDTH,
    SHORT_TEXT_WIDTH,
    TARGET_WIDTH,
    WHO_WIDTH,
    Base,
    _enum,
    _now,
)
from portfolio.risks.domain import RiskStatus, Strategy


class RiskRecord(Base):
    __tablename__ = "risk_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    versions: Mapped[list["RiskVersion"]] = relationship(back_populates="risk", order_by="RiskVersion.version_no")

    @property
    def current(self) -> "RiskVersion":
        return self.versions[-1]


class RiskVersion(Base):
    __tablename__ = "risk_log_version"
    __table_args__ = (UniqueConstraint("risk_id", "version_no", name="uq_risk_log_version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk_log.id"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TARGET_WIDTH))
    description: Mapped[str] = mapped_column(Text, default="")  # "Hvis … så …"
    category: Mapped[str] = mapped_column(String(SHORT_TEXT_WIDTH), default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    landsdel_key: Mapped[str | None] = mapped_column(String(KEY_WIDTH))
    component_code: Mapped[str | None] = mapped_column(String(CODE_WIDTH))
    probability: Mapped[int] = mapped_column(Integer)
    consequence: Mapped[int] = mapped_column(Integer)
    strategy: Mapped[Strategy | None] = mapped_column(_enum(Strategy))
    # [{"text": ..., "owner": org key | None, "due": "YYYY-MM-DD" | None, "status": planned|ongoing|done}]
    mitigations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    residual_probability: Mapped[int | None] = mapped_column(Integer)
    residual_consequence: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[RiskStatus] = mapped_column(_enum(RiskStatus), default=RiskStatus.OPEN)
    decision_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    decision_item: Mapped[int | None] = mapped_column(Integer)
    signal_kind: Mapped[str | None] = mapped_column(String(KIND_WIDTH))
    signal_arg: Mapped[str | None] = mapped_column(String(SHORT_TEXT_WIDTH))
    threshold: Mapped[int | None] = mapped_column(Integer)
    raised_on: Mapped[dt.date] = mapped_column(Date)  # the date the risk was raised (first version's date)
    note: Mapped[str] = mapped_column(Text, default="")  # why this version
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    risk: Mapped[RiskRecord] = relationship(back_populates="versions")
    owner: Mapped[Organisation] = relationship()

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def residual_score(self) -> int | None:
        if self.residual_probability is None or self.residual_consequence is None:
            return None
        return self.residual_probability * self.residual_consequence

    @property
    def signal(self) -> str | None:
        return f"{self.signal_kind}:{self.signal_arg}" if self.signal_kind else None

    @property
    def decision(self) -> str | None:
        return f"{self.decision_meeting_id}:{self.decision_item}" if self.decision_meeting_id else None
