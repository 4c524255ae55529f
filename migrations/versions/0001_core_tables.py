"""Core tables: athletes, identities, runs, goals, plans, conversation

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 12:15:48.381313
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('athletes',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('handle', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('units', sa.String(length=4), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('runs_per_week', sa.Integer(), nullable=False),
    sa.Column('long_run_day', sa.Integer(), nullable=False),
    sa.Column('unavailable_days', postgresql.ARRAY(sa.Integer()), nullable=False),
    sa.Column('morning_hour', sa.Integer(), nullable=False),
    sa.Column('morning_message', sa.Boolean(), nullable=False),
    sa.Column('weekly_review', sa.Boolean(), nullable=False),
    sa.Column('post_run_note', sa.Boolean(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('max_hr', sa.Integer(), nullable=True),
    sa.Column('threshold_hr', sa.Integer(), nullable=True),
    sa.Column('resting_hr', sa.Integer(), nullable=True),
    sa.Column('stated_weekly_km', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('handle')
    )
    op.create_table('telegram_processed_updates',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('update_id')
    )
    op.create_table('athlete_state',
    sa.Column('athlete_id', sa.UUID(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('athlete_id', 'key')
    )
    op.create_table('conversation_messages',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.UUID(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('meta', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_messages_athlete_id', 'conversation_messages', ['athlete_id', 'id'], unique=False)
    op.create_table('goals',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.UUID(), nullable=False),
    sa.Column('race_distance_m', sa.Float(), nullable=True),
    sa.Column('race_date', sa.Date(), nullable=True),
    sa.Column('target_time_s', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_goals_athlete_id'), 'goals', ['athlete_id'], unique=False)
    op.create_table('identities',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=320), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'external_id', name='uq_identities_kind_external')
    )
    op.create_index(op.f('ix_identities_athlete_id'), 'identities', ['athlete_id'], unique=False)
    op.create_table('plan_versions',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('athlete_id', sa.UUID(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('vdot', sa.Float(), nullable=True),
    sa.Column('rules_applied', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('diff', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('athlete_id', 'version', name='uq_plan_versions_version')
    )
    op.create_index(op.f('ix_plan_versions_athlete_id'), 'plan_versions', ['athlete_id'], unique=False)
    op.create_table('runs',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('athlete_id', sa.UUID(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.String(length=128), nullable=True),
    sa.Column('sport', sa.String(length=16), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('start_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('utc_offset_s', sa.Integer(), nullable=True),
    sa.Column('distance_m', sa.Float(), nullable=False),
    sa.Column('moving_s', sa.Float(), nullable=False),
    sa.Column('elapsed_s', sa.Float(), nullable=False),
    sa.Column('avg_hr', sa.Float(), nullable=True),
    sa.Column('max_hr', sa.Float(), nullable=True),
    sa.Column('avg_cadence', sa.Float(), nullable=True),
    sa.Column('elevation_gain_m', sa.Float(), nullable=True),
    sa.Column('laps', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('splits', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('stream', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('import_notes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('runner_note', sa.Text(), nullable=True),
    sa.Column('is_race', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('coach_note', sa.Text(), nullable=True),
    sa.Column('device', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_runs_athlete_start', 'runs', ['athlete_id', 'start_time'], unique=False)
    op.create_index('uq_runs_source', 'runs', ['athlete_id', 'source', 'source_id'], unique=True, postgresql_where='source_id IS NOT NULL')
    op.create_table('plan_weeks',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('plan_version_id', sa.UUID(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_versions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_plan_weeks_plan_version_id'), 'plan_weeks', ['plan_version_id'], unique=False)
    op.create_table('run_files',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.UUID(), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_run_files_run_id'), 'run_files', ['run_id'], unique=False)
    op.create_table('workouts',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('plan_week_id', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('distance_m', sa.Float(), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('pace_lo_s_per_km', sa.Float(), nullable=True),
    sa.Column('pace_hi_s_per_km', sa.Float(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_week_id'], ['plan_weeks.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_workouts_plan_week_id'), 'workouts', ['plan_week_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_workouts_plan_week_id'), table_name='workouts')
    op.drop_table('workouts')
    op.drop_index(op.f('ix_run_files_run_id'), table_name='run_files')
    op.drop_table('run_files')
    op.drop_index(op.f('ix_plan_weeks_plan_version_id'), table_name='plan_weeks')
    op.drop_table('plan_weeks')
    op.drop_index('uq_runs_source', table_name='runs', postgresql_where='source_id IS NOT NULL')
    op.drop_index('ix_runs_athlete_start', table_name='runs')
    op.drop_table('runs')
    op.drop_index(op.f('ix_plan_versions_athlete_id'), table_name='plan_versions')
    op.drop_table('plan_versions')
    op.drop_index(op.f('ix_identities_athlete_id'), table_name='identities')
    op.drop_table('identities')
    op.drop_index(op.f('ix_goals_athlete_id'), table_name='goals')
    op.drop_table('goals')
    op.drop_index('ix_messages_athlete_id', table_name='conversation_messages')
    op.drop_table('conversation_messages')
    op.drop_table('athlete_state')
    op.drop_table('telegram_processed_updates')
    op.drop_table('athletes')
