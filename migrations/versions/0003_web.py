"""Web face: web accounts (password hash, session generation, calendar secret, LLM data), follows, login links

Revision ID: 0003_web
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_web"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_accounts",
        sa.Column("athlete_id", sa.UUID(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False),
        sa.Column("calendar_token", sa.String(length=64), nullable=True),
        sa.Column("llm_data", sa.String(length=16), server_default="full", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("athlete_id"),
        sa.UniqueConstraint("calendar_token"),
    )
    op.create_table(
        "follows",
        sa.Column("follower_id", sa.UUID(), nullable=False),
        sa.Column("followee_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["follower_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["followee_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("follower_id", "followee_id"),
    )
    op.create_index("ix_follows_followee_id", "follows", ["followee_id"], unique=False)
    op.create_table(
        "login_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("athlete_id", sa.UUID(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_login_tokens_athlete_id", "login_tokens", ["athlete_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_login_tokens_athlete_id", table_name="login_tokens")
    op.drop_table("login_tokens")
    op.drop_index("ix_follows_followee_id", table_name="follows")
    op.drop_table("follows")
    op.drop_table("web_accounts")
