"""A run: one normalised activity, whatever device, file or service it came from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID


class Sport(enum.StrEnum):
    RUN = "run"
    TRAIL_RUN = "trail_run"
    TREADMILL = "treadmill"
    WALK = "walk"
    RIDE = "ride"
    SWIM = "swim"
    OTHER = "other"

    @property
    def is_running(self) -> bool:
        """Only running counts as running volume; the rest is cross-training load."""
        return self in (Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL)


class RunSource(enum.StrEnum):
    STRAVA = "strava"
    FILE = "file"
    MANUAL = "manual"


class Visibility(enum.StrEnum):
    FOLLOWERS = "followers"
    PRIVATE = "private"


@dataclass(slots=True)
class Lap:
    start_time: datetime
    distance_m: float
    elapsed_s: float
    moving_s: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None


@dataclass(slots=True)
class Split:
    """One whole kilometre (the last one may be partial) of a run, from its point stream."""

    index: int
    distance_m: float
    elapsed_s: float
    avg_hr: float | None = None
    elevation_change_m: float | None = None


@dataclass(slots=True)
class Stream:
    """The point stream kept compactly for charts: parallel lists, seconds from the start.

    Lists other than `t_s` may be empty when the device did not record that channel;
    otherwise they have the same length as `t_s` (None where a point lacks a value).
    """

    t_s: list[float] = field(default_factory=list)
    distance_m: list[float | None] = field(default_factory=list)
    hr: list[float | None] = field(default_factory=list)
    altitude_m: list[float | None] = field(default_factory=list)
    cadence: list[float | None] = field(default_factory=list)
    lat: list[float | None] = field(default_factory=list)
    lon: list[float | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.t_s)


@dataclass(slots=True)
class Run:
    """A normalised activity. `start_time` is timezone-aware UTC; distances in metres."""

    sport: Sport
    start_time: datetime
    distance_m: float
    moving_s: float
    elapsed_s: float
    source: RunSource = RunSource.MANUAL
    source_id: str | None = None
    title: str | None = None
    utc_offset_s: int | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence: float | None = None
    elevation_gain_m: float | None = None
    laps: list[Lap] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    stream: Stream | None = None
    import_notes: list[str] = field(default_factory=list)
    runner_note: str | None = None
    is_race: bool = False
    visibility: Visibility = Visibility.FOLLOWERS
    coach_note: str | None = None
    device: str | None = None
    id: UUID | None = None
    athlete_id: UUID | None = None

    @property
    def local_start(self) -> datetime:
        """Start in the runner's local clock when known, else UTC."""
        if self.utc_offset_s is None:
            return self.start_time
        return self.start_time + timedelta(seconds=self.utc_offset_s)

    @property
    def pace_s_per_km(self) -> float | None:
        if self.distance_m <= 0 or self.moving_s <= 0:
            return None
        return self.moving_s / (self.distance_m / 1000.0)

    @property
    def counts_as_running(self) -> bool:
        return self.sport.is_running
