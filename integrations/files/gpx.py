"""GPX tracks (phone apps, Strava and Garmin exports, GPS units) turned into an importer extract."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import gpxpy
from gpxpy import geo

from coach.domain.errors import FileRejected
from coach.domain.runs import Sport

from .common import Extract, num, offset_seconds, steps_per_minute
from .sports import sport_from_name
from .streams import Track, mean

_HR_TAGS = frozenset({"hr", "heartrate"})
_CADENCE_TAGS = frozenset({"cad", "cadence", "runcadence"})
# Faster than any runner holds for long (about 2:20 per km): a file that doesn't name its
# sport and moves this fast was recorded on wheels.
_RUNNING_SPEED_LIMIT = 7.0


def read_gpx(filename: str, text: str) -> Extract:
    gpx = gpxpy.parse(text)
    points = [point for track in gpx.tracks for segment in track.segments for point in segment.points]
    if not points:
        if gpx.routes or gpx.waypoints:
            raise FileRejected(
                filename, "this GPX file holds a planned route or waypoints, not a recorded run"
            )
        raise FileRejected(filename, "this GPX file holds no track points")
    timed = sum(1 for p in points if p.time is not None)
    if not timed:
        raise FileRejected(
            filename,
            "this GPX file has no times, so the run's duration can't be known; "
            "export it again with times from the app or watch that recorded it",
        )
    if timed * 2 < len(points):
        raise FileRejected(
            filename,
            f"only {timed} of its {len(points)} points have a time, so the run's duration can't be known",
        )
    track, distance = _track(gpx)
    first, last = min(track.t_s), max(track.t_s)
    track.t_s = [t - first for t in track.t_s]
    start = datetime.fromtimestamp(first, UTC)
    extract = Extract(format="gpx", start_time=start, elapsed_s=last - first)
    extract.track, extract.distance_m = track, distance
    # 'Z' only says UTC; a file that writes its times with an offset tells the local clock.
    zoned = next(p.time for p in points if p.time is not None)
    extract.utc_offset_s = (offset_seconds(zoned) or None) if zoned.tzinfo else None
    moving = gpx.get_moving_data()
    if moving is not None and moving.moving_time > 0:
        extract.moving_s = float(moving.moving_time)
    if any(p.elevation is not None for p in points):
        extract.elevation_gain_m = float(gpx.get_uphill_downhill().uphill)
    extract.title = _title(gpx)
    extract.device = (gpx.creator or "").strip() or None
    extract.sport = _sport(extract, gpx)
    cadence = mean(extract.track.cadence, skip_zero=True)
    extract.avg_cadence = steps_per_minute(cadence, extract.sport)
    if extract.avg_cadence is not None and extract.avg_cadence != cadence:
        doubled = extract.track.cadence
        extract.track.cadence = [None if c is None else c * 2 for c in doubled]
    return extract


def _track(gpx: Any) -> tuple[Track, float]:
    """Points with a time (in Unix seconds), and the 2-D length as gpxpy's length_2d counts it
    (segment gaps not counted)."""
    track = Track()
    # Plain list appends: this loop runs once a point and is most of what we add to gpxpy.
    t_s, distances, hrs, altitudes = track.t_s, track.distance_m, track.hr, track.altitude_m
    cadences, lats, lons = track.cadence, track.lat, track.lon
    distance = geo.distance
    total = 0.0
    for gpx_track in gpx.tracks:
        for segment in gpx_track.segments:
            previous: tuple[float, float] | None = None
            for point in segment.points:
                lat, lon = point.latitude, point.longitude
                if previous is not None:
                    total += distance(previous[0], previous[1], None, lat, lon, None)
                previous = (lat, lon)
                if point.time is None:
                    continue
                hr, cadence = _extensions(point.extensions) if point.extensions else (None, None)
                t_s.append(_unix_seconds(point.time))
                distances.append(total)
                hrs.append(hr)
                altitudes.append(num(point.elevation))
                cadences.append(cadence)
                lats.append(lat)
                lons.append(lon)
    return track, total


def _unix_seconds(moment: datetime) -> float:
    # One zone lookup a point: gpxpy's zone objects are Python code, slow to ask twice.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _extensions(extensions: list[Any]) -> tuple[float | None, float | None]:
    """Heart rate and cadence from Garmin's TrackPointExtension or the plain <hr> forms."""
    hr = cadence = None
    for extension in extensions:
        for element in extension.iter():
            kind = _tag_kind(element.tag)
            if kind is None:
                continue
            try:
                value = float((element.text or "").strip())
            except ValueError:
                continue
            if kind == "hr":
                hr = value if value > 0 else hr
            else:
                cadence = value
    return hr, cadence


@lru_cache(maxsize=256)
def _tag_kind(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None
    name = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
    return "hr" if name in _HR_TAGS else "cadence" if name in _CADENCE_TAGS else None


def _title(gpx: Any) -> str | None:
    for candidate in [*(t.name for t in gpx.tracks), gpx.name]:
        if candidate and candidate.strip():
            return str(candidate.strip())
    return None


def _sport(extract: Extract, gpx: Any) -> Sport:
    named = next((t.type for t in gpx.tracks if t.type and t.type.strip()), None)
    sport = sport_from_name(named)
    if sport is not None:
        return sport
    moving = extract.moving_s or extract.elapsed_s or 0.0
    if moving > 0 and (extract.distance_m or 0.0) / moving > _RUNNING_SPEED_LIMIT:
        extract.notes.append(
            "The file doesn't name its sport and moves faster than running, so it is kept as 'other'."
        )
        return Sport.OTHER
    extract.notes.append("The file doesn't name its sport; it was taken to be a run.")
    return Sport.RUN
