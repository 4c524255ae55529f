"""Alembic migrations (async template); one concern per revision."""
