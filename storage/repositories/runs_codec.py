"""Converts runs between the domain dataclasses and their row / JSONB form."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from coach.domain.runs import Lap, Run, RunSource, Split, Sport, Stream, Visibility
from storage.tables import RunRow

_SCALARS = (
    "source_id", "title", "start_time", "utc_offset_s", "distance_m", "moving_s", "elapsed_s",
    "avg_hr", "max_hr", "avg_cadence", "elevation_gain_m", "runner_note", "is_race",
    "coach_note", "device",
)


def _lap_to_json(lap: Lap) -> dict[str, Any]:
    data = asdict(lap)
    data["start_time"] = lap.start_time.isoformat()
    return data


def _lap_from_json(data: dict[str, Any]) -> Lap:
    return Lap(**{**data, "start_time": datetime.fromisoformat(data["start_time"])})


_STREAM_CHANNELS = tuple(f.name for f in fields(Stream))


def _stream_to_json(stream: Stream) -> dict[str, Any]:
    # asdict() deep-copies element by element: ~0.3 s for a long run's thousands of points.
    # The channels are flat lists of numbers, so a shallow copy of each is enough.
    return {name: list(getattr(stream, name)) for name in _STREAM_CHANNELS}


def run_to_row(run: Run, row: RunRow) -> None:
    for name in _SCALARS:
        setattr(row, name, getattr(run, name))
    row.source = run.source.value
    row.sport = run.sport.value
    row.visibility = run.visibility.value
    row.laps = [_lap_to_json(lap) for lap in run.laps]
    row.splits = [asdict(s) for s in run.splits]
    row.stream = _stream_to_json(run.stream) if run.stream is not None else None
    row.import_notes = list(run.import_notes)
    if run.athlete_id is not None:
        row.athlete_id = run.athlete_id


def run_from_row(row: RunRow, *, with_stream: bool = True) -> Run:
    return Run(
        id=row.id,
        athlete_id=row.athlete_id,
        sport=Sport(row.sport),
        source=RunSource(row.source),
        visibility=Visibility(row.visibility),
        laps=[_lap_from_json(lap) for lap in row.laps or []],
        splits=[Split(**s) for s in row.splits or []],
        stream=Stream(**row.stream) if (with_stream and row.stream) else None,
        import_notes=list(row.import_notes or []),
        **{name: getattr(row, name) for name in _SCALARS},
    )
