"""`runcoach calc` and `runcoach plan`: the science and the athlete's plan, as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from coach.domain.athletes import Units
from coach.domain.errors import InvalidInput
from coach.domain.goals import parse_distance, parse_duration
from coach.science.calc import calc as compute_calc
from coach.science.calc import format_calc
from runcoach.cli.common import load, with_runtime

if TYPE_CHECKING:
    from runcoach.bootstrap import Runtime


def register(app: typer.Typer) -> None:
    @app.command()
    def calc(
        distance: str = typer.Option(..., "--distance", "-d",
                                     help="Metres, or 5k, 10k, half, marathon."),
        time: str = typer.Option(..., "--time", "-t", help="mm:ss or h:mm:ss (tenths allowed)."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
        miles: bool = typer.Option(False, "--miles", help="Also show paces per mile."),
    ) -> None:
        """VDOT, training paces and race predictions from one race or time trial."""
        if ":" not in time:
            raise InvalidInput(f"I can't read {time!r} as a time (try mm:ss or h:mm:ss).")
        result = compute_calc(parse_distance(distance), parse_duration(time))
        if as_json:
            typer.echo(json.dumps(result))
        else:
            typer.echo(format_calc(result, Units.MI if miles else Units.KM))

    @app.command()
    def plan(
        user: str = typer.Option("me", "--user", help="Local runner name."),
        week: str = typer.Option(None, "--week", help="ISO week, e.g. 2027-W05 (default: this week)."),
        all_weeks: bool = typer.Option(False, "--all", help="Every week of the plan."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (a week object, or a list)."),
    ) -> None:
        """The athlete's plan for a week (or every week), with what was done against it."""
        from coach.conversation.render import week_lines

        settings = load()

        async def work(runtime: Runtime) -> None:
            athlete = await runtime.services.athletes.local(user)
            plans = runtime.services.plans
            if as_json:
                data = (await plans.all_weeks_json(athlete.id) if all_weeks
                        else await plans.week_json(athlete.id, week))
                typer.echo(json.dumps(data, ensure_ascii=False))
                return
            lang, units = athlete.preferences.language, athlete.preferences.units
            active = await plans.active(athlete.id)
            names = ([w.week for w in active.weeks] if all_weeks and active else [week])
            for name in names:
                view = await plans.week(athlete.id, name)
                typer.echo("\n".join(week_lines(lang, units, view.week, view.done)))
                typer.echo()

        with_runtime(settings, work)
