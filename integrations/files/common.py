"""What every format reader hands over, and the shared checks that turn it into a domain Run."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from coach.domain.errors import FileRejected
from coach.domain.runs import Lap, Run, RunSource, Sport

from .streams import (
    Track,
    compact_stream,
    elevation_gain,
    has_values,
    mean,
    monotonic_distance,
    path_distances,
    per_km_splits,
)

EARLIEST_START = datetime(1990, 1, 1, tzinfo=UTC)
_LONGEST_S = 14 * 24 * 3600.0
_FASTEST_M_PER_S = 60.0
_HR_RANGE = (25.0, 250.0)
_CADENCE_MAX = 300.0
_CLIMB_MAX_M = 20000.0
# Runners take 140-200 steps a minute; some formats count one foot (strides), some both.
_STRIDES_BELOW = 120.0


@dataclass(slots=True)
class Extract:
    """One activity as a format reader understood it, before the shared checks."""

    format: str
    start_time: datetime | None
    sport: Sport = Sport.OTHER
    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence: float | None = None
    elevation_gain_m: float | None = None
    utc_offset_s: int | None = None
    title: str | None = None
    device: str | None = None
    laps: list[Lap] = field(default_factory=list)
    track: Track = field(default_factory=Track)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def num(value: object) -> float | None:
    """A finite float, or None for anything else a damaged file might hold."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def as_utc(moment: datetime) -> datetime:
    """Files without a zone mean UTC (GPX and TCX say so); others are converted."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def offset_seconds(moment: datetime) -> int | None:
    offset = moment.utcoffset()
    if offset is None:
        return None
    seconds = int(offset.total_seconds())
    return seconds if abs(seconds) <= 14 * 3600 else None


def steps_per_minute(cadence: float | None, sport: Sport) -> float | None:
    """Running cadence in steps a minute; files that count strides (one foot) are doubled."""
    if cadence is None or not sport.is_running:
        return cadence
    return cadence * 2 if cadence < _STRIDES_BELOW else cadence


def finish_run(filename: str, extract: Extract, source_id: str, *, now: datetime) -> Run:
    """Check an extract for sense, fill what the points can tell, and build the Run."""
    start = _checked_start(filename, extract.start_time, now)
    track = extract.track
    track.sort_by_time()
    distances = monotonic_distance(track.distance_m)
    if distances is None and has_values(track.lat):
        distances = monotonic_distance(path_distances(track.lat, track.lon))
    distance = _distance(filename, extract, distances)
    elapsed, moving = _durations(filename, extract, track)
    if distance / max(elapsed, 1.0) > _FASTEST_M_PER_S:
        raise FileRejected(
            filename,
            f"it says {distance / 1000:.1f} km in {elapsed / 60:.0f} min, "
            "which no runner, rider or swimmer can do; the file is probably damaged",
        )
    avg_hr, max_hr = _heart_rate(extract)
    cadence = extract.avg_cadence
    if cadence is None and extract.sport is not Sport.OTHER:
        cadence = steps_per_minute(mean(track.cadence, skip_zero=True), extract.sport)
    if cadence is not None and not 0 < cadence <= _CADENCE_MAX:
        cadence = None
    climb = extract.elevation_gain_m
    if climb is None:
        climb = elevation_gain(track.altitude_m)
    if climb is not None and not 0 <= climb <= _CLIMB_MAX_M:
        extract.warnings.append(f"An elevation gain of {climb:.0f} m can't be right; left out.")
        climb = None
    splits = []
    stream = None
    if len(track) >= 2:
        if distances is not None:
            splits = per_km_splits(track.t_s, distances, track.hr, track.altitude_m)
        stream = compact_stream(track, distances)
    return Run(
        sport=extract.sport,
        start_time=start,
        distance_m=round(distance, 2),
        moving_s=round(moving, 3),
        elapsed_s=round(elapsed, 3),
        source=RunSource.FILE,
        source_id=source_id,
        title=extract.title,
        utc_offset_s=extract.utc_offset_s,
        avg_hr=None if avg_hr is None else round(avg_hr, 1),
        max_hr=max_hr,
        avg_cadence=None if cadence is None else round(cadence, 1),
        elevation_gain_m=None if climb is None else round(climb, 1),
        laps=extract.laps,
        splits=splits,
        stream=stream,
        import_notes=[*extract.warnings, *extract.notes],
        device=extract.device,
    )


def _checked_start(filename: str, start: datetime | None, now: datetime) -> datetime:
    if start is None:
        raise FileRejected(filename, "it has no start time, so the run can't be placed on a day")
    start = as_utc(start)
    if start < EARLIEST_START:
        raise FileRejected(
            filename,
            f"its times say {start:%Y-%m-%d}, which can't be right "
            "(the recording device's clock was not set)",
        )
    if start > now + timedelta(days=1):
        raise FileRejected(filename, f"its start time {start:%Y-%m-%d %H:%M} UTC is in the future")
    return start


def _distance(filename: str, extract: Extract, distances: list[float] | None) -> float:
    distance = extract.distance_m
    if distance is None and distances is not None:
        distance = distances[-1]
    if distance is not None and distance < 0:
        raise FileRejected(filename, "it says the distance is negative; the file is damaged")
    if not distance and len(extract.track) == 0:
        raise FileRejected(filename, "it holds no distance and no recorded points, so no run")
    return distance or 0.0


def _durations(filename: str, extract: Extract, track: Track) -> tuple[float, float]:
    elapsed = extract.elapsed_s
    if (elapsed is None or elapsed <= 0) and len(track) >= 2:
        elapsed = track.t_s[-1] - track.t_s[0]
    moving = extract.moving_s
    if elapsed is None or elapsed <= 0:
        elapsed = moving
    if elapsed is None or elapsed <= 0:
        raise FileRejected(filename, "it has no duration (its points carry no usable times)")
    if elapsed > _LONGEST_S:
        raise FileRejected(
            filename, f"it says the activity lasted {elapsed / 86400:.0f} days; that can't be right"
        )
    if moving is None or moving <= 0:
        moving = elapsed
    elif moving > elapsed + 1:
        extract.notes.append(
            f"The timer time ({moving:.0f} s) was longer than the whole activity "
            f"({elapsed:.0f} s); the activity's length is used for both."
        )
        moving = elapsed
    return elapsed, moving


def _heart_rate(extract: Extract) -> tuple[float | None, float | None]:
    track = extract.track
    avg = extract.avg_hr if extract.avg_hr is not None else mean(track.hr)
    peak = extract.max_hr
    if peak is None and has_values(track.hr):
        peak = max(v for v in track.hr if v is not None)
    low, high = _HR_RANGE
    if avg is not None and not low <= avg <= high:
        extract.warnings.append(f"An average heart rate of {avg:.0f} bpm can't be right; left out.")
        avg = None
    if peak is not None and not low <= peak <= high:
        peak = None
    return avg, peak
