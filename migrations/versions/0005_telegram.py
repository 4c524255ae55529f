"""Chat coach: once-only marks for proactive messages (morning message, weekly review)

Revision ID: 0005_telegram
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_telegram"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coach_deliveries",
        sa.Column("athlete_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("athlete_id", "kind", "day"),
    )
    # Old marks are only ever looked up by day; this keeps pruning them cheap.
    op.create_index("ix_coach_deliveries_day", "coach_deliveries", ["day"])


def downgrade() -> None:
    op.drop_index("ix_coach_deliveries_day", table_name="coach_deliveries")
    op.drop_table("coach_deliveries")
