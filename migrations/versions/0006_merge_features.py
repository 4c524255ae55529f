"""Merge the feature branches (web, Strava, Telegram) back into one line of history

Revision ID: 0006
Revises: 0003_web, 0004_strava, 0005_telegram
Create Date: 2026-11-26

The web, Strava and Telegram tables were built side by side, each on top of 0002. This
revision joins them so later migrations have a single parent again; it changes no schema.
"""

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | Sequence[str] | None = ("0003_web", "0004_strava", "0005_telegram")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
