"""Job queue: procrastinate's schema (jobs are rows, enqueued in the same transaction as their cause)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The SQL comes from the installed procrastinate package (its `schema.sql`), so this revision
matches the pinned procrastinate release. When procrastinate is upgraded, add a revision that
applies the files of `procrastinate/sql/migrations/` between the two releases.
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager
from sqlalchemy.util import await_only

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _execute_script(sql: str) -> None:
    # The schema is many statements with $$-quoted function bodies; asyncpg runs such a script
    # only through its simple-query path, so hand it to the driver connection directly.
    driver = op.get_bind().connection.dbapi_connection.driver_connection  # type: ignore[union-attr]
    await_only(driver.execute(sql))


def upgrade() -> None:
    _execute_script(SchemaManager.get_schema())


def downgrade() -> None:
    _execute_script("""
        DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
            procrastinate_jobs, procrastinate_workers, procrastinate_version CASCADE;
        DO $$ DECLARE f record; BEGIN
          FOR f IN SELECT oid::regprocedure AS sig FROM pg_proc
                   WHERE proname LIKE 'procrastinate\\_%' LOOP
            EXECUTE 'DROP FUNCTION IF EXISTS ' || f.sig || ' CASCADE';
          END LOOP; END $$;
        DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_status,
            procrastinate_job_event_type CASCADE;
    """)
