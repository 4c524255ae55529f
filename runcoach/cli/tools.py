"""Operator commands: `runcoach migrate`."""

from __future__ import annotations

import asyncio

import typer

from runcoach.bootstrap import resolve_database_url
from runcoach.cli.common import load
from runcoach.migrate import upgrade


def register(app: typer.Typer) -> None:
    @app.command()
    def migrate() -> None:
        """Apply database migrations (alembic upgrade head)."""
        settings = load()
        url, _ = asyncio.run(resolve_database_url(settings))
        upgrade(url)
        typer.echo("Database is up to date.")
