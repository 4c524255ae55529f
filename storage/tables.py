"""SQLAlchemy table definitions; Alembic migrations create them (never `create_all`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSONB, list[Any]: JSONB}


def _now() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class AthleteRow(Base):
    __tablename__ = "athletes"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")
    units: Mapped[str] = mapped_column(String(4), default="km")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    runs_per_week: Mapped[int] = mapped_column(Integer, default=4)
    long_run_day: Mapped[int] = mapped_column(Integer, default=6)
    unavailable_days: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    morning_hour: Mapped[int] = mapped_column(Integer, default=7)
    morning_message: Mapped[bool] = mapped_column(Boolean, default=True)
    weekly_review: Mapped[bool] = mapped_column(Boolean, default=True)
    post_run_note: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[str] = mapped_column(String(16), default="intermediate")
    max_hr: Mapped[int | None] = mapped_column(Integer)
    threshold_hr: Mapped[int | None] = mapped_column(Integer)
    resting_hr: Mapped[int | None] = mapped_column(Integer)
    stated_weekly_km: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()


class IdentityRow(Base):
    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("kind", "external_id", name="uq_identities_kind_external"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = _now()


class AthleteStateRow(Base):
    """Small per-athlete state kept across processes (onboarding step, chat summary, ...)."""

    __tablename__ = "athlete_state"

    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = _now()


class RunRow(Base):
    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_athlete_start", "athlete_id", "start_time"),
        Index("uq_runs_source", "athlete_id", "source", "source_id", unique=True,
              postgresql_where="source_id IS NOT NULL"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    athlete_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str | None] = mapped_column(String(128))
    sport: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    utc_offset_s: Mapped[int | None] = mapped_column(Integer)
    distance_m: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[float] = mapped_column(Float)
    elapsed_s: Mapped[float] = mapped_column(Float)
    avg_hr: Mapped[float | None] = mapped_column(Float)
    max_hr: Mapped[float | None] = mapped_column(Float)
    avg_cadence: Mapped[float | None] = mapped_column(Float)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    laps: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    splits: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    stream: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    import_notes: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    runner_note: Mapped[str | None] = mapped_column(Text)
    is_race: Mapped[bool] = mapped_column(Boolean, default=False)
    visibility: Mapped[str] = mapped_column(String(16), default="followers")
    coach_note: Mapped[str | None] = mapped_column(Text)
    device: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()


class RunFileRow(Base):
    """The original file a run came from, kept for the runner's data export."""

    __tablename__ = "run_files"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = _now()


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    race_distance_m: Mapped[float | None] = mapped_column(Float)
    race_date: Mapped[date | None] = mapped_column(Date)
    target_time_s: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = _now()


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("athlete_id", "version", name="uq_plan_versions_version"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # active | proposed | superseded | cancelled
    reason: Mapped[str] = mapped_column(Text, default="")
    vdot: Mapped[float | None] = mapped_column(Float)
    rules_applied: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    diff: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    created_at: Mapped[datetime] = _now()


class PlanWeekRow(Base):
    __tablename__ = "plan_weeks"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    plan_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    week: Mapped[str] = mapped_column(String(8))
    phase: Mapped[str] = mapped_column(String(16))


class WorkoutRow(Base):
    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    plan_week_id: Mapped[int] = mapped_column(
        ForeignKey("plan_weeks.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    distance_m: Mapped[float | None] = mapped_column(Float)
    duration_s: Mapped[float | None] = mapped_column(Float)
    pace_lo_s_per_km: Mapped[float | None] = mapped_column(Float)
    pace_hi_s_per_km: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text, default="")


class MessageRow(Base):
    __tablename__ = "conversation_messages"
    __table_args__ = (Index("ix_messages_athlete_id", "athlete_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    athlete_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = _now()


class ProcessedUpdateRow(Base):
    """Telegram update ids already handled, so a redelivered update is handled once."""

    __tablename__ = "telegram_processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = _now()
