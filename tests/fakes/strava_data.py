"""Realistic Strava athletes, activities and streams for the fake Strava API.

DetailedActivity JSON starts from the real stravalib fixture (read in place at runtime from
``../shared/fixtures``), then its numbers are replaced by ones derived from generated streams,
so the summary, splits, laps and streams of one activity agree with each other.
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
import json
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PATH = (
    REPO_ROOT.parent / "shared" / "fixtures" / "activities" / "strava" / "stravalib__activity.3.json"
)
MILE_M = 1609.344
_DETAIL_ONLY = {
    "description", "calories", "segment_efforts", "splits_metric", "splits_standard", "laps",
    "best_efforts", "photos", "gear", "device_name", "embed_token", "similar_activities",
    "available_zones", "guid", "has_kudoed", "total_photo_count",
}
_LEGACY_TYPE = {"TrailRun": "Run", "MountainBikeRide": "Ride", "GravelRide": "Ride"}


@functools.cache
def _template() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def detailed_activity_template() -> dict[str, Any]:
    """A fresh copy of the real DetailedActivity fixture (resource_state 3)."""
    return dict(json.loads(_template()))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def summary_athlete(
    athlete_id: int, *, firstname: str, lastname: str, sex: str, city: str | None,
    country: str | None, username: str | None, created: datetime,
) -> dict[str, Any]:
    picture = f"https://dgalywyr863hv.cloudfront.net/pictures/athletes/{athlete_id}/1/"
    return {
        "id": athlete_id, "resource_state": 2, "username": username, "firstname": firstname,
        "lastname": lastname, "bio": None, "city": city, "state": None, "country": country,
        "sex": sex, "premium": False, "summit": False, "created_at": iso(created),
        "updated_at": iso(created), "badge_type_id": 0, "weight": None,
        "profile_medium": picture + "medium.jpg", "profile": picture + "large.jpg",
        "friend": None, "follower": None,
    }


def detailed_athlete(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        **summary, "resource_state": 3, "follower_count": 0, "friend_count": 0,
        "measurement_preference": "meters", "ftp": None, "clubs": [], "bikes": [], "shoes": [],
    }


def summary_of(detail: dict[str, Any]) -> dict[str, Any]:
    """The SummaryActivity (resource_state 2) that /athlete/activities lists for an activity."""
    summary = {k: copy.deepcopy(v) for k, v in detail.items() if k not in _DETAIL_ONLY}
    summary["resource_state"] = 2
    summary["map"] = {k: v for k, v in summary["map"].items() if k != "polyline"}
    summary["map"]["resource_state"] = 2
    return summary


@dataclass
class ActivityRecord:
    """An activity as the fake stores it: its DetailedActivity JSON, streams and visibility."""

    detail: dict[str, Any]
    streams: dict[str, list[Any]]

    @property
    def id(self) -> int:
        return int(self.detail["id"])

    @property
    def athlete_id(self) -> int:
        return int(self.detail["athlete"]["id"])

    @property
    def start_epoch(self) -> float:
        return datetime.fromisoformat(self.detail["start_date"].replace("Z", "+00:00")).timestamp()

    @property
    def only_me(self) -> bool:
        return self.detail.get("visibility") == "only_me" or bool(self.detail.get("private"))


def generate_streams(
    *, distance_m: float, moving_time_s: int, elapsed_time_s: int, avg_hr: float | None,
    start_latlng: tuple[float, float], seed: int,
) -> dict[str, list[Any]]:
    """Streams like a GPS watch records: monotonic time and distance, HR that warms up and drifts,
    one auto-pause (a time jump at constant distance) when elapsed exceeds moving time."""
    rng = random.Random(seed)
    # Smart recording: a sample every few seconds, at most ~1,200 points per activity.
    step = max(1, math.ceil(moving_time_s / 1200))
    moving_ts = list(range(0, moving_time_s + 1, step))
    if moving_ts[-1] != moving_time_s:
        moving_ts.append(moving_time_s)
    raw_speed = [1 + 0.05 * math.sin(t / 95) + rng.gauss(0, 0.02) for t in moving_ts]
    cumulative = [0.0]
    for i in range(1, len(moving_ts)):
        cumulative.append(cumulative[-1] + raw_speed[i] * (moving_ts[i] - moving_ts[i - 1]))
    scale = distance_m / cumulative[-1] if cumulative[-1] else 0.0
    points = [(t, round(d * scale, 1), True) for t, d in zip(moving_ts, cumulative, strict=True)]
    pause = max(0, elapsed_time_s - moving_time_s)
    if pause:
        k = next(i for i, (t, _, _) in enumerate(points) if t >= moving_time_s * 0.6)
        resumed = (points[k][0] + pause, points[k][1], False)
        points = points[: k + 1] + [resumed] + [(t + pause, d, m) for t, d, m in points[k + 1 :]]
    time_s = [p[0] for p in points]
    distance = [p[1] for p in points]
    moving = [p[2] for p in points]
    velocity = [0.0] + [
        round((distance[i] - distance[i - 1]) / (time_s[i] - time_s[i - 1]), 2) if moving[i] else 0.0
        for i in range(1, len(points))
    ]
    altitude = [round(30 + 8 * math.sin(d / 800) + 3 * math.sin(d / 170), 1) for d in distance]
    grade = [0.0] + [
        round(100 * (altitude[i] - altitude[i - 1]) / max(0.5, distance[i] - distance[i - 1]), 1)
        for i in range(1, len(points))
    ]
    base_speed = distance_m / max(1, moving_time_s)
    cadence = [round(80 + 4 * (base_speed - 2.8) + rng.gauss(0, 1.5)) if m else 0
               for m in moving]
    radius = max(distance_m, 1.0) / (2 * math.pi)
    lat0, lng0 = start_latlng
    metres_per_lng = 111_320 * math.cos(math.radians(lat0))
    latlng = [
        [round(lat0 + radius * math.sin(d / radius) / 111_320, 6),
         round(lng0 + radius * (1 - math.cos(d / radius)) / metres_per_lng, 6)]
        for d in distance
    ]
    streams: dict[str, list[Any]] = {
        "time": time_s, "distance": distance, "latlng": latlng, "altitude": altitude,
        "velocity_smooth": velocity, "cadence": cadence, "moving": moving, "grade_smooth": grade,
    }
    if avg_hr is not None:
        moving_clock = _moving_clock(streams)
        shape = [-25 * math.exp(-t / 180) + 6 * t / max(1, moving_time_s) + rng.gauss(0, 1.5)
                 for t in moving_clock]
        shift = avg_hr - sum(shape) / len(shape)
        streams["heartrate"] = [round(min(205, max(60, s + shift))) for s in shape]
    return streams


def _moving_clock(streams: dict[str, list[Any]]) -> list[float]:
    clock = [0.0]
    time_s, moving = streams["time"], streams["moving"]
    for i in range(1, len(time_s)):
        clock.append(clock[-1] + (time_s[i] - time_s[i - 1] if moving[i] else 0))
    return clock


def _at(series: list[float], distance: list[float], target_m: float) -> float:
    """``series`` linearly interpolated at the first point where distance reaches ``target_m``."""
    i = bisect.bisect_left(distance, target_m)
    if i == 0:
        return float(series[0])
    if i >= len(distance):
        return float(series[-1])
    span = distance[i] - distance[i - 1]
    frac = (target_m - distance[i - 1]) / span if span else 1.0
    return series[i - 1] + frac * (series[i] - series[i - 1])


def _segments(streams: dict[str, list[Any]], every_m: float) -> list[dict[str, Any]]:
    """Per-``every_m`` pieces with distance, times, elevation change, mean HR and index range."""
    distance, time_s = streams["distance"], streams["time"]
    clock = _moving_clock(streams)
    total = distance[-1]
    pieces: list[dict[str, Any]] = []
    start_m, index = 0.0, 0
    while start_m < total - 0.05:
        end_m = min(total, start_m + every_m)
        first = index
        while index < len(distance) - 1 and distance[index] < end_m:
            index += 1
        elapsed = _at(time_s, distance, end_m) - _at(time_s, distance, start_m)
        moving_s = _at(clock, distance, end_m) - _at(clock, distance, start_m)
        piece: dict[str, Any] = {
            "distance": round(end_m - start_m, 1), "elapsed_time": max(1, round(elapsed)),
            "moving_time": max(1, round(moving_s)),
            "elevation_difference": round(streams["altitude"][index] - streams["altitude"][first], 1),
            "start_index": first, "end_index": index,
        }
        piece["average_speed"] = round(piece["distance"] / piece["moving_time"], 2)
        if "heartrate" in streams:
            hr = streams["heartrate"][first : index + 1]
            piece["average_heartrate"] = round(sum(hr) / len(hr), 1)
        pieces.append(piece)
        start_m = end_m
    return pieces


def encode_polyline(points: list[list[float]]) -> str:
    """Google's encoded polyline algorithm, as Strava's ``map`` uses."""
    out, last_lat, last_lng = [], 0, 0
    for lat, lng in points:
        for value, last in ((round(lat * 1e5), last_lat), (round(lng * 1e5), last_lng)):
            delta = value - last
            delta = ~(delta << 1) if delta < 0 else delta << 1
            while delta >= 0x20:
                out.append(chr((0x20 | (delta & 0x1F)) + 63))
                delta >>= 5
            out.append(chr(delta + 63))
        last_lat, last_lng = round(lat * 1e5), round(lng * 1e5)
    return "".join(out)


def build_activity(
    *, activity_id: int, athlete_id: int, start: datetime, distance_m: float,
    moving_time_s: int, elapsed_time_s: int, name: str, sport_type: str, utc_offset_s: int,
    timezone: str, avg_hr: float | None, visibility: str, manual: bool, trainer: bool,
    start_latlng: tuple[float, float], lap_distance_m: float | None,
) -> ActivityRecord:
    detail = detailed_activity_template()
    detail.update({
        "id": activity_id, "athlete": {"id": athlete_id, "resource_state": 1}, "name": name,
        "distance": round(distance_m, 1), "moving_time": moving_time_s,
        "elapsed_time": elapsed_time_s, "type": _LEGACY_TYPE.get(sport_type, sport_type),
        "sport_type": sport_type, "start_date": iso(start),
        "start_date_local": iso(start + timedelta(seconds=utc_offset_s)).replace("+00:00", "Z"),
        "timezone": timezone, "utc_offset": float(utc_offset_s), "manual": manual,
        "trainer": trainer, "visibility": visibility, "private": visibility == "only_me",
        "external_id": None if manual else f"garmin_ping_{activity_id}.fit",
        "upload_id": None if manual else activity_id + 7_000_000_000,
        "upload_id_str": None if manual else str(activity_id + 7_000_000_000),
        "guid": None, "gear_id": None, "description": None, "location_city": None,
        "location_state": None, "location_country": None, "segment_efforts": [],
        "best_efforts": [], "achievement_count": 0, "kudos_count": 0, "comment_count": 0,
        "athlete_count": 1, "photo_count": 0, "total_photo_count": 0, "pr_count": 0,
        "workout_type": None, "average_speed": round(distance_m / max(1, moving_time_s), 3),
        "calories": round(distance_m / 1000 * 65, 1),
        "device_name": None if manual else "Garmin Forerunner 265",
    })
    if manual:
        detail.update({
            "max_speed": 0.0, "has_heartrate": False, "total_elevation_gain": 0,
            "start_latlng": [], "end_latlng": [], "splits_metric": [], "splits_standard": [],
            "laps": [], "map": {"id": f"a{activity_id}", "polyline": None,
                                "summary_polyline": "", "resource_state": 3},
        })
        for key in ("start_latitude", "start_longitude"):
            detail.pop(key, None)
        return ActivityRecord(detail, {})
    streams = generate_streams(
        distance_m=distance_m, moving_time_s=moving_time_s, elapsed_time_s=elapsed_time_s,
        avg_hr=avg_hr, start_latlng=start_latlng, seed=activity_id,
    )
    alt = streams["altitude"]
    moving_cadence = [c for c in streams["cadence"] if c]
    detail.update({
        "max_speed": max(streams["velocity_smooth"]),
        "total_elevation_gain": round(sum(max(0.0, b - a) for a, b in itertools.pairwise(alt)), 1),
        "elev_high": max(alt), "elev_low": min(alt),
        "average_cadence": round(sum(moving_cadence) / max(1, len(moving_cadence)), 1),
        "has_heartrate": "heartrate" in streams,
        "start_latlng": streams["latlng"][0], "end_latlng": streams["latlng"][-1],
        "start_latitude": streams["latlng"][0][0], "start_longitude": streams["latlng"][0][1],
        "map": {"id": f"a{activity_id}", "resource_state": 3,
                "polyline": encode_polyline(streams["latlng"][:: max(1, len(alt) // 500)]),
                "summary_polyline": encode_polyline(streams["latlng"][:: max(1, len(alt) // 60)])},
    })
    if "heartrate" in streams:
        hr = streams["heartrate"]
        detail["average_heartrate"] = round(sum(hr) / len(hr), 1)
        detail["max_heartrate"] = float(max(hr))
        effort = max(0.2, (detail["average_heartrate"] - 100) / 50)
        detail["suffer_score"] = round(moving_time_s / 60 * effort)
    for key, every in (("splits_metric", 1000.0), ("splits_standard", MILE_M)):
        detail[key] = [
            {k: v for k, v in piece.items() if k not in ("start_index", "end_index")}
            | {"split": n, "pace_zone": 0}
            for n, piece in enumerate(_segments(streams, every), start=1)
        ]
    laps = _segments(streams, lap_distance_m or distance_m + 1)
    detail["laps"] = []
    for n, piece in enumerate(laps, start=1):
        lap_start = start + timedelta(seconds=streams["time"][piece["start_index"]])
        lap = {
            "id": activity_id * 100 + n, "resource_state": 2, "name": f"Lap {n}",
            "activity": {"id": activity_id, "resource_state": 1},
            "athlete": {"id": athlete_id, "resource_state": 1}, "start_date": iso(lap_start),
            "start_date_local": iso(lap_start + timedelta(seconds=utc_offset_s)),
            "total_elevation_gain": max(0.0, piece["elevation_difference"]),
            "max_speed": max(streams["velocity_smooth"][piece["start_index"] : piece["end_index"] + 1]),
            "average_cadence": detail["average_cadence"], "lap_index": n, "split": n,
            "pace_zone": 0, **{k: v for k, v in piece.items() if k != "elevation_difference"},
        }
        if "average_heartrate" in piece:
            lap_hr = streams["heartrate"][piece["start_index"] : piece["end_index"] + 1]
            lap["max_heartrate"] = float(max(lap_hr))
        detail["laps"].append(lap)
    return ActivityRecord(detail, streams)
