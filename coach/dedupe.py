"""One run per real activity: telling when two runs are the same one, and merging the richer data.

The same run arrives from several places (a FIT upload and Strava, a re-upload, a bulk
export). Two runs of one athlete are the same activity when they start within a minute of
each other and their distances agree within 3 %. Runs without a distance (a treadmill
without a foot pod, a strength session) can't be compared by distance, so their durations
must agree instead, within 3 % or a minute, whichever is larger.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime

from coach.domain.runs import Run

START_TOLERANCE_S = 60.0
DISTANCE_TOLERANCE = 0.03
# Below this a run has no real distance (GPS noise while standing on a treadmill).
NO_DISTANCE_M = 50.0

_FILLABLE = ("title", "device", "utc_offset_s", "avg_hr", "max_hr", "avg_cadence", "elevation_gain_m")


def is_same_activity(a: Run, b: Run) -> bool:
    """Whether two runs of one athlete record the same activity."""
    if a.athlete_id is not None and b.athlete_id is not None and a.athlete_id != b.athlete_id:
        return False
    if abs((_utc(a.start_time) - _utc(b.start_time)).total_seconds()) > START_TOLERANCE_S:
        return False
    if a.distance_m < NO_DISTANCE_M or b.distance_m < NO_DISTANCE_M:
        return _close(a.elapsed_s, b.elapsed_s, floor=START_TOLERANCE_S)
    return _close(a.distance_m, b.distance_m, floor=0.0)


def find_duplicate(candidate: Run, existing: Iterable[Run]) -> Run | None:
    """The stored run that records the same activity as `candidate` (the nearest start wins)."""
    matches = [run for run in existing if run is not candidate and is_same_activity(candidate, run)]
    if not matches:
        return None
    start = _utc(candidate.start_time)
    return min(matches, key=lambda run: abs((_utc(run.start_time) - start).total_seconds()))


def merge_runs(kept: Run, incoming: Run) -> tuple[Run, list[str]]:
    """`kept` with the gaps `incoming` can fill; the names of what was filled.

    The kept run stays the record: its identity, source, sport, notes and totals are never
    overwritten. Only what it lacks is taken: a point stream (or one with more channels),
    laps, splits, heart rate, cadence, elevation, title, device, the local clock offset,
    and a distance or moving time when it has none.
    """
    changes: dict[str, object] = {}
    for name in _FILLABLE:
        if getattr(kept, name) is None and getattr(incoming, name) is not None:
            changes[name] = getattr(incoming, name)
    if _richer_stream(kept, incoming):
        changes["stream"] = incoming.stream
    for name in ("laps", "splits"):
        if not getattr(kept, name) and getattr(incoming, name):
            changes[name] = list(getattr(incoming, name))
    if kept.distance_m < NO_DISTANCE_M <= incoming.distance_m:
        changes["distance_m"] = incoming.distance_m
        if not changes.get("splits") and incoming.splits:
            changes["splits"] = list(incoming.splits)
    if kept.moving_s <= 0 < incoming.moving_s:
        changes["moving_s"] = incoming.moving_s
    if not changes:
        return kept, []
    merged = list(changes)
    source = incoming.source.value if incoming.source else "another source"
    note = f"Filled from a {source} copy of this run: {', '.join(merged)}."
    changes["import_notes"] = [*kept.import_notes, note]
    return dataclasses.replace(kept, **changes), merged  # type: ignore[arg-type]


def _richer_stream(kept: Run, incoming: Run) -> bool:
    if incoming.stream is None or len(incoming.stream) == 0:
        return False
    if kept.stream is None or len(kept.stream) == 0:
        return True
    return _channels(incoming) > _channels(kept)


def _channels(run: Run) -> set[str]:
    stream = run.stream
    if stream is None:
        return set()
    names = ("distance_m", "hr", "altitude_m", "cadence", "lat", "lon")
    return {name for name in names if any(v is not None for v in getattr(stream, name))}


def _close(x: float, y: float, *, floor: float) -> bool:
    return abs(x - y) <= max(floor, DISTANCE_TOLERANCE * max(abs(x), abs(y)))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
