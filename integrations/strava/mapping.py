"""Strava's activity JSON and streams → the coach's Run (sport, laps, splits, a compact stream)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coach.domain.runs import Lap, Run, RunSource, Split, Sport, Stream, Visibility
from coach.domain.strava import ActivitySummary
from integrations.files.sports import sport_from_name
from integrations.files.streams import Track, compact_stream, monotonic_distance

STREAM_KEYS = "time,distance,heartrate,altitude,cadence,latlng"


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sport_of(activity: dict[str, Any]) -> Sport:
    """`sport_type` (modern) before `type` (legacy); a run on a trainer is a treadmill run."""
    name = activity.get("sport_type") or activity.get("type")
    sport = sport_from_name(str(name)) if name else None
    sport = sport or Sport.OTHER
    if sport is Sport.RUN and activity.get("trainer"):
        return Sport.TREADMILL
    return sport


def visibility_of(activity: dict[str, Any]) -> Visibility:
    if activity.get("private") or activity.get("visibility") == "only_me":
        return Visibility.PRIVATE
    return Visibility.FOLLOWERS


def summary_from_json(item: dict[str, Any]) -> ActivitySummary | None:
    start = parse_time(item.get("start_date"))
    if start is None or not isinstance(item.get("id"), int):
        return None
    return ActivitySummary(id=item["id"], start_time=start,
                           sport_type=str(item.get("sport_type") or item.get("type") or ""))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def run_from_activity(activity: dict[str, Any], streams: dict[str, Any] | None) -> Run:
    """A DetailedActivity (and its streams, keyed by type) as a Run."""
    start = parse_time(activity.get("start_date"))
    if start is None:
        raise ValueError("activity without start_date")
    sport = sport_of(activity)
    # Strava reports running cadence per leg; the coach (and every watch) counts both feet.
    cadence_factor = 2.0 if sport.is_running else 1.0
    cadence = _number(activity.get("average_cadence"))
    offset = _number(activity.get("utc_offset"))
    run = Run(
        sport=sport, start_time=start,
        distance_m=_number(activity.get("distance")) or 0.0,
        moving_s=_number(activity.get("moving_time")) or 0.0,
        elapsed_s=_number(activity.get("elapsed_time")) or _number(activity.get("moving_time")) or 0.0,
        source=RunSource.STRAVA, source_id=str(activity["id"]),
        title=(activity.get("name") or None),
        utc_offset_s=int(offset) if offset is not None else None,
        avg_hr=_number(activity.get("average_heartrate")),
        max_hr=_number(activity.get("max_heartrate")),
        avg_cadence=round(cadence * cadence_factor, 1) if cadence else None,
        elevation_gain_m=_number(activity.get("total_elevation_gain")),
        visibility=visibility_of(activity),
        device=(activity.get("device_name") or None),
        laps=[lap for item in activity.get("laps") or [] if (lap := _lap(item)) is not None],
        splits=[s for item in activity.get("splits_metric") or [] if (s := _split(item)) is not None],
    )
    if streams:
        run.stream = _stream(streams, cadence_factor)
    return run


def _lap(item: dict[str, Any]) -> Lap | None:
    start = parse_time(item.get("start_date"))
    distance, elapsed = _number(item.get("distance")), _number(item.get("elapsed_time"))
    if start is None or distance is None or elapsed is None:
        return None
    return Lap(start_time=start, distance_m=distance, elapsed_s=elapsed,
               moving_s=_number(item.get("moving_time")),
               avg_hr=_number(item.get("average_heartrate")), max_hr=_number(item.get("max_heartrate")))


def _split(item: dict[str, Any]) -> Split | None:
    distance, elapsed = _number(item.get("distance")), _number(item.get("elapsed_time"))
    index = item.get("split")
    if distance is None or elapsed is None or not isinstance(index, int):
        return None
    return Split(index=index, distance_m=distance, elapsed_s=elapsed,
                 avg_hr=_number(item.get("average_heartrate")),
                 elevation_change_m=_number(item.get("elevation_difference")))


def _series(streams: dict[str, Any], key: str, length: int) -> list[Any] | None:
    entry = streams.get(key)
    data = entry.get("data") if isinstance(entry, dict) else None
    if not isinstance(data, list) or len(data) != length:
        return None  # a channel that doesn't line up with time is dropped, not guessed
    return data


def _stream(streams: dict[str, Any], cadence_factor: float) -> Stream | None:
    entry = streams.get("time")
    time_s = entry.get("data") if isinstance(entry, dict) else None
    if not isinstance(time_s, list) or not time_s or _number(time_s[0]) is None:
        return None
    n = len(time_s)
    distance = _series(streams, "distance", n) or [None] * n
    hr = _series(streams, "heartrate", n) or [None] * n
    altitude = _series(streams, "altitude", n) or [None] * n
    cadence = _series(streams, "cadence", n) or [None] * n
    latlng = _series(streams, "latlng", n) or [None] * n
    track = Track()
    for t, d, h, a, c, ll in zip(time_s, distance, hr, altitude, cadence, latlng, strict=True):
        pair = ll if isinstance(ll, list) and len(ll) == 2 else (None, None)
        track.add(float(t), _number(d), _number(h), _number(a),
                  None if _number(c) is None else float(c) * cadence_factor,
                  _number(pair[0]), _number(pair[1]))
    track.sort_by_time()
    return compact_stream(track, monotonic_distance(track.distance_m))
