"""GPX tracks (phone apps, Strava and Garmin exports, GPS units) turned into an importer extract."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import gpxpy
from gpxpy import geo

from coach.domain.errors import FileRejected
from coach.domain.runs import Sport

from .common import Extract, as_utc, num, offset_seconds, steps_per_minute
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
    timed = [p.time for p in points if p.time is not None]
    if not timed:
        raise FileRejected(
            filename,
            "this GPX file has no times, so the run's duration can't be known; "
            "export it again with times from the app or watch that recorded it",
        )
    if len(timed) * 2 < len(points):
        raise FileRejected(
            filename,
            f"only {len(timed)} of its {len(points)} points have a time, so the run's "
            "duration can't be known",
        )
    times = [as_utc(t) for t in timed]
    start, end = min(times), max(times)
    extract = Extract(format="gpx", start_time=start, elapsed_s=(end - start).total_seconds())
    # 'Z' only says UTC; a file that writes its times with an offset tells the local clock.
    extract.utc_offset_s = (offset_seconds(timed[0]) or None) if timed[0].tzinfo else None
    extract.track, extract.distance_m = _track(gpx, start)
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


def _track(gpx: Any, start: datetime) -> tuple[Track, float]:
    """Points with a time, and the 2-D length (gpxpy's length_2d, segment gaps not counted)."""
    track = Track()
    total = 0.0
    for gpx_track in gpx.tracks:
        for segment in gpx_track.segments:
            previous = None
            for point in segment.points:
                if previous is not None:
                    total += geo.distance(
                        previous.latitude,
                        previous.longitude,
                        None,
                        point.latitude,
                        point.longitude,
                        None,
                    )
                previous = point
                if point.time is None:
                    continue
                hr, cadence = _extensions(point.extensions)
                track.add(
                    (as_utc(point.time) - start).total_seconds(),
                    distance_m=total,
                    hr=hr,
                    altitude_m=num(point.elevation),
                    cadence=cadence,
                    lat=point.latitude,
                    lon=point.longitude,
                )
    return track, total


def _extensions(extensions: list[Any]) -> tuple[float | None, float | None]:
    """Heart rate and cadence from Garmin's TrackPointExtension or the plain <hr> forms."""
    hr = cadence = None
    for extension in extensions:
        for element in extension.iter():
            tag = element.tag
            if not isinstance(tag, str):
                continue
            name = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
            if name in _HR_TAGS or name in _CADENCE_TAGS:
                try:
                    value = float((element.text or "").strip())
                except ValueError:
                    continue
                if name in _HR_TAGS:
                    hr = value if value > 0 else hr
                else:
                    cadence = value
    return hr, cadence


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
