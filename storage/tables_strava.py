"""Tables of the Strava feature: links with sealed tokens, push events, activity map, backfills."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class StravaLinkRow(Base):
    """One runner's Strava authorisation. Tokens are Fernet-sealed by the adapter, never plain."""

    __tablename__ = "strava_links"

    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    strava_athlete_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class StravaEventRow(Base):
    """Push events as received; `dedupe_key` makes a redelivered event a no-op."""

    __tablename__ = "strava_events"
    __table_args__ = (Index("ix_strava_events_owner", "owner_id", "object_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    object_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int] = mapped_column(BigInteger)
    aspect_type: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(BigInteger)
    subscription_id: Mapped[int | None] = mapped_column(BigInteger)
    event_time: Mapped[int] = mapped_column(BigInteger)
    updates: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    athlete_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    outcome: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StravaActivityRow(Base):
    """Which run a Strava activity became, and a tombstone once Strava deleted it."""

    __tablename__ = "strava_activities"

    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class StravaBackfillRow(Base):
    __tablename__ = "strava_backfills"

    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    before: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    page: Mapped[int] = mapped_column(Integer, default=1)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="running")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class StravaSubscriptionRow(Base):
    """The app's push subscription, so events naming another subscription can be ignored."""

    __tablename__ = "strava_subscriptions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    callback_url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
