"""Tables of the web face: web accounts (password, sessions, calendar secret), follows, login links."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base


class WebAccountRow(Base):
    """Per-athlete web state. The email itself is an `email` identity; only its password lives here."""

    __tablename__ = "web_accounts"

    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    # Every session cookie carries the generation it was issued under; bumping it signs out everywhere.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    llm_data: Mapped[str] = mapped_column(String(16), default="full", server_default="full")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FollowRow(Base):
    __tablename__ = "follows"

    follower_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    followee_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginTokenRow(Base):
    """A one-time sign-in link; only the token's sha256 is kept, so a database leak signs nobody in."""

    __tablename__ = "login_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    athlete_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
