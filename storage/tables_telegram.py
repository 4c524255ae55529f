"""Tables of the chat coach: marks of proactive messages already sent (one per athlete, kind and day)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class CoachDeliveryRow(Base):
    """A morning message or weekly review that went out; the primary key makes sending once-only."""

    __tablename__ = "coach_deliveries"
    # Old marks are pruned by day.
    __table_args__ = (Index("ix_coach_deliveries_day", "day"),)

    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
