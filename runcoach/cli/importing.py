"""`runcoach import`: FIT / GPX / TCX files, folders and .zip exports into the athlete's runs."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer

from coach.domain.errors import FileRejected
from coach.domain.runs import Run
from coach.units import format_distance, format_duration
from runcoach.cli.common import load, with_runtime

if TYPE_CHECKING:
    from runcoach.bootstrap import Runtime

# Show progress on stderr for imports longer than this many files.
_PROGRESS_EVERY = 25


def run_json(run: Run) -> dict[str, Any]:
    return {"id": str(run.id), "sport": run.sport.value,
            "start_time": run.start_time.isoformat().replace("+00:00", "Z"),
            "distance_m": run.distance_m, "moving_s": run.moving_s, "elapsed_s": run.elapsed_s,
            "avg_hr": run.avg_hr, "max_hr": run.max_hr, "elevation_gain_m": run.elevation_gain_m,
            "laps": len(run.laps)}


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_files(
        paths: list[str] = typer.Argument(..., help="Files, folders or .zip exports."),
        user: str = typer.Option("me", "--user", help="Local runner name."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per file."),
    ) -> None:
        """Import FIT / GPX / TCX files (or a .zip of them). Exit status 1 if any was rejected."""
        from integrations.files import iter_paths, parse_activity

        settings = load()

        async def work(runtime: Runtime) -> int:
            athlete = await runtime.services.athletes.local(user)
            units = athlete.preferences.units
            counts = {"imported": 0, "duplicate": 0, "rejected": 0}

            def emit(name: str, status: str, error: str | None, run: Run | None) -> None:
                counts[status] += 1
                if as_json:
                    typer.echo(json.dumps({"file": name, "status": status, "error": error,
                                           "run": run_json(run) if run else None},
                                          ensure_ascii=False))
                elif run is not None:
                    typer.echo(f"{status:<9} {name}  {format_distance(run.distance_m, units)}  "
                               f"{format_duration(run.moving_s)}  {run.sport.value}")
                else:
                    typer.echo(f"{status:<9} {error}")
                done = sum(counts.values())
                if done % _PROGRESS_EVERY == 0:
                    print(f"… {done} files so far", file=sys.stderr, flush=True)

            rejected_early: list[FileRejected] = []
            files = iter_paths(paths, max_bytes=settings.upload_max_bytes,
                               on_error=rejected_early.append)
            for name, data in files:
                for problem in rejected_early:
                    emit(problem.filename, "rejected", problem.message, None)
                rejected_early.clear()
                try:
                    parsed = parse_activity(name, data, max_bytes=settings.upload_max_bytes)
                except FileRejected as exc:
                    emit(name, "rejected", exc.message, None)
                    continue
                result = await runtime.services.runs.record_run(
                    athlete.id, parsed.run, original=parsed.original, filename=name)
                emit(name, result.status, None, result.run)
            for problem in rejected_early:
                emit(problem.filename, "rejected", problem.message, None)
            if counts["imported"]:
                await runtime.services.plans.reconcile(athlete.id)
            if not as_json:
                typer.echo(f"{counts['imported']} imported, {counts['duplicate']} duplicates, "
                           f"{counts['rejected']} rejected.")
            return 1 if counts["rejected"] else 0

        raise typer.Exit(with_runtime(settings, work))
