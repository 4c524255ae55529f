"""Operator commands: `runcoach migrate` and `runcoach demo`."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import typer

from coach.demo import demo_runs
from coach.domain.goals import Goal
from coach.services.time import athlete_today
from runcoach.cli.common import load, with_runtime

if TYPE_CHECKING:
    from runcoach.bootstrap import Runtime

DEMO_RACE_WEEKS = 14


def register(app: typer.Typer) -> None:
    @app.command()
    def migrate() -> None:
        """Apply database migrations (alembic upgrade head)."""
        from runcoach.bootstrap import resolve_database_url
        from runcoach.migrate import upgrade

        settings = load()
        url, _ = asyncio.run(resolve_database_url(settings))
        upgrade(url)
        typer.echo("Database is up to date.")

    @app.command()
    def demo(user: str = typer.Option("me", "--user", help="Local runner to fill.")) -> None:
        """Load a demo athlete: twelve weeks of generated runs, a goal and a plan."""
        settings = load()

        async def work(runtime: Runtime) -> None:
            services = runtime.services
            athlete = await services.athletes.local(user)
            if athlete.preferences.timezone == "UTC":
                athlete = await services.athletes.update_preferences(
                    athlete.id, timezone="Asia/Seoul", runs_per_week=5)
            today = athlete_today(athlete, services.deps.clock)
            imported = 0
            for run in demo_runs(today):
                result = await services.runs.record_run(athlete.id, run)
                imported += result.status == "imported"
            race_day = today + timedelta(weeks=DEMO_RACE_WEEKS, days=6 - today.weekday())
            await services.goals.set_goal(athlete.id, Goal(21097.5, race_day, 100 * 60))
            plan = await services.plans.create_plan(athlete.id, reason="Demo plan")
            typer.echo(f"Demo athlete '{athlete.handle}': {imported} runs added over 12 weeks, "
                       f"goal a half marathon on {race_day}, plan of {len(plan.weeks)} weeks.")
            typer.echo(f"Try: runcoach chat --user {user}   (then /stats, /plan, /today)")

        with_runtime(settings, work)
