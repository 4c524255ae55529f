"""The JSON API's schemas (`XPublic` out, `XCreate` in) and their construction from domain objects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from coach.domain.athletes import Athlete
from coach.domain.plans import Workout
from coach.domain.runs import Run
from coach.services.feed import FeedItem


class ErrorPublic(BaseModel):
    detail: str


class AthletePublic(BaseModel):
    id: UUID
    handle: str
    display_name: str


class DonePublic(BaseModel):
    run_id: str
    distance_m: float
    moving_s: float


class WorkoutPublic(BaseModel):
    date: date
    kind: Literal["rest", "recovery", "easy", "long", "marathon", "tempo", "intervals", "repetition",
                  "race", "cross"]
    distance_m: float | None
    duration_s: float | None
    pace_s_per_km: list[float] | None = Field(description="[fast, slow] seconds per km")
    description: str
    done: DonePublic | None = None


class PlanWeekPublic(BaseModel):
    """One week exactly as `runcoach plan --json` prints it."""

    week: str = Field(pattern=r"^\d{4}-W\d{2}$")
    version: int
    phase: Literal["base", "build", "peak", "taper", "race", "recovery", "maintenance"]
    planned_distance_m: float
    done_distance_m: float
    workouts: list[WorkoutPublic]


class FeedItemPublic(BaseModel):
    run_id: UUID
    athlete: AthletePublic
    is_own: bool
    source: Literal["strava", "file", "manual"]
    source_id: str | None
    title: str | None
    sport: str
    start_time: datetime
    distance_m: float
    moving_s: float
    elapsed_s: float
    pace_s_per_km: float | None
    avg_hr: float | None
    max_hr: float | None
    elevation_gain_m: float | None
    visibility: Literal["followers", "private"]
    planned: WorkoutPublic | None
    coach_note: str | None


class FeedPublic(BaseModel):
    items: list[FeedItemPublic]
    next_cursor: str | None


class LapPublic(BaseModel):
    start_time: datetime
    distance_m: float
    elapsed_s: float
    moving_s: float | None
    avg_hr: float | None
    max_hr: float | None


class SplitPublic(BaseModel):
    index: int
    distance_m: float
    elapsed_s: float
    avg_hr: float | None
    elevation_change_m: float | None


class RunPublic(FeedItemPublic):
    utc_offset_s: int | None
    avg_cadence: float | None
    runner_note: str | None
    is_race: bool
    device: str | None
    import_notes: list[str]
    laps: list[LapPublic]
    splits: list[SplitPublic]


class ChatCreate(BaseModel):
    text: str | None = Field(None, max_length=4000, description="What the runner says")
    action: str | None = Field(None, max_length=200, description="A button the runner pressed")


class ButtonPublic(BaseModel):
    label: str
    action: str


class ChatReplyPublic(BaseModel):
    reply: str
    plan_changed: bool
    buttons: list[list[ButtonPublic]]


def athlete_public(athlete: Athlete) -> AthletePublic:
    return AthletePublic(id=athlete.id, handle=athlete.handle, display_name=athlete.display_name)


def workout_public(workout: Workout | None) -> WorkoutPublic | None:
    if workout is None:
        return None
    return WorkoutPublic(date=workout.date, kind=workout.kind.value, distance_m=workout.distance_m,
                         duration_s=workout.duration_s,
                         pace_s_per_km=list(workout.pace_s_per_km) if workout.pace_s_per_km else None,
                         description=workout.description)


def _summary(run: Run, athlete: Athlete, planned: Workout | None, is_own: bool) -> dict[str, Any]:
    assert run.id is not None
    return {
        "run_id": run.id, "athlete": athlete_public(athlete), "is_own": is_own,
        "source": run.source.value, "source_id": run.source_id, "title": run.title,
        "sport": run.sport.value, "start_time": run.start_time, "distance_m": run.distance_m,
        "moving_s": run.moving_s, "elapsed_s": run.elapsed_s, "pace_s_per_km": run.pace_s_per_km,
        "avg_hr": run.avg_hr, "max_hr": run.max_hr, "elevation_gain_m": run.elevation_gain_m,
        "visibility": run.visibility.value, "planned": workout_public(planned),
        "coach_note": run.coach_note,
    }


def feed_item_public(item: FeedItem) -> FeedItemPublic:
    return FeedItemPublic(**_summary(item.run, item.athlete, item.planned, item.is_own))


def run_public(item: FeedItem) -> RunPublic:
    run = item.run
    return RunPublic(
        **_summary(run, item.athlete, item.planned, item.is_own),
        utc_offset_s=run.utc_offset_s, avg_cadence=run.avg_cadence, runner_note=run.runner_note,
        is_race=run.is_race, device=run.device, import_notes=list(run.import_notes),
        laps=[LapPublic(start_time=lap.start_time, distance_m=lap.distance_m, elapsed_s=lap.elapsed_s,
                        moving_s=lap.moving_s, avg_hr=lap.avg_hr, max_hr=lap.max_hr)
              for lap in run.laps],
        splits=[SplitPublic(index=s.index, distance_m=s.distance_m, elapsed_s=s.elapsed_s,
                            avg_hr=s.avg_hr, elevation_change_m=s.elevation_change_m)
                for s in run.splits],
    )
