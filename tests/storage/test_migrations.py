"""The migrations build exactly the schema the tables describe, and unwind cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

import storage.tables_strava
import storage.tables_telegram
import storage.tables_web  # noqa: F401 - registers their tables on the shared metadata
from runcoach.migrate import alembic_config, upgrade
from storage.tables import Base

_IGNORED_TABLES = {"alembic_version"}


def _sync_url(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def _drift(url: str) -> list[object]:
    engine = create_engine(_sync_url(url))
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()

    def ours(diff: object) -> bool:
        # procrastinate's tables come from its own schema, not from our models.
        text = repr(diff)
        return "procrastinate" not in text and not any(t in text for t in _IGNORED_TABLES)

    return [d for d in diffs if ours(d)]


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("postgresql://unused/x")).get_heads()
    assert len(heads) == 1, heads


def test_migrated_schema_matches_the_tables(database_url: str) -> None:
    assert _drift(database_url) == []


def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    engine = create_engine(_sync_url(database_url))
    try:
        with engine.connect() as conn:
            names = set(conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars())
    finally:
        engine.dispose()
    assert names <= {"alembic_version"}, names
    upgrade(database_url)
    assert _drift(database_url) == []
