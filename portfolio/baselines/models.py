"""The approved baselines' table (same metadata as portfolio.models).

An approval is appended, never changed: the plan version whose baseline the group approved, the meeting decision
(meeting and agenda item) that approved it, who recorded it and when. The newest approval whose meeting was held by
a date is the one in force on that date.
"""

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.meetings.models import Meeting
from portfolio.models import WHO_WIDTH, Base, Landsdel, PlanVersion, Programme, _now


class ApprovedBaseline(Base):
    __tablename__ = "approved_baseline"
    __table_args__ = (Index("ix_approved_baseline_lookup", "landsdel_id", "programme_id", "approved_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    landsdel_id: Mapped[int] = mapped_column(ForeignKey("landsdel.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"))
    decision_meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    decision_item: Mapped[int] = mapped_column(Integer)
    approved_on: Mapped[dt.date] = mapped_column(Date)  # the meeting's date: in force from then on
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    recorded_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    landsdel: Mapped[Landsdel] = relationship()
    programme: Mapped[Programme] = relationship()
    plan_version: Mapped[PlanVersion] = relationship()
    meeting: Mapped[Meeting] = relationship()

    @property
    def decision(self) -> str:
        return f"{self.decision_meeting_id}:{self.decision_item}"
