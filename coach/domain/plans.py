"""Plans: versions of periodised weeks of workouts, the changes asked of them and their diffs."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID


class WorkoutKind(enum.StrEnum):
    REST = "rest"
    RECOVERY = "recovery"
    EASY = "easy"
    LONG = "long"
    MARATHON = "marathon"
    TEMPO = "tempo"
    INTERVALS = "intervals"
    REPETITION = "repetition"
    RACE = "race"
    CROSS = "cross"

    @property
    def is_quality(self) -> bool:
        """Hard sessions that the guardrails count and space out."""
        return self in (WorkoutKind.MARATHON, WorkoutKind.TEMPO, WorkoutKind.INTERVALS,
                        WorkoutKind.REPETITION)

    @property
    def is_run(self) -> bool:
        return self not in (WorkoutKind.REST, WorkoutKind.CROSS)


class Phase(enum.StrEnum):
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RACE = "race"
    RECOVERY = "recovery"
    MAINTENANCE = "maintenance"


def iso_week(day: date) -> str:
    """`YYYY-Www` of the ISO week holding `day`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """Monday of an ISO week written `YYYY-Www`."""
    year, _, num = week.partition("-W")
    return date.fromisocalendar(int(year), int(num), 1)


@dataclass(slots=True)
class Workout:
    date: dt.date
    kind: WorkoutKind
    distance_m: float | None = None
    duration_s: float | None = None
    pace_s_per_km: tuple[float, float] | None = None
    description: str = ""

    @property
    def planned_distance_m(self) -> float:
        return (self.distance_m or 0.0) if self.kind.is_run else 0.0


@dataclass(slots=True)
class PlanWeek:
    week: str
    phase: Phase
    workouts: list[Workout] = field(default_factory=list)

    @property
    def planned_distance_m(self) -> float:
        """Always the sum of its workouts: the totals add up by construction."""
        return sum((w.planned_distance_m for w in self.workouts), 0.0)

    @property
    def monday(self) -> date:
        return week_monday(self.week)


@dataclass(slots=True)
class RuleNote:
    """A guardrail that changed what was asked, and why, in words a runner can read."""

    rule: str
    detail: str


@dataclass(slots=True)
class Plan:
    """One version of an athlete's plan. Later versions replace earlier ones from `valid_from`."""

    weeks: list[PlanWeek]
    version: int = 1
    reason: str = ""
    rules_applied: list[RuleNote] = field(default_factory=list)
    vdot: float | None = None
    athlete_id: UUID | None = None
    created_at: datetime | None = None
    id: UUID | None = None

    def week(self, week: str) -> PlanWeek | None:
        return next((w for w in self.weeks if w.week == week), None)

    def workout_on(self, day: date) -> Workout | None:
        wk = self.week(iso_week(day))
        if wk is None:
            return None
        return next((w for w in wk.workouts if w.date == day), None)


class ChangeKind(enum.StrEnum):
    SKIP = "skip"
    MOVE = "move"
    SWAP = "swap"
    SHORTEN = "shorten"
    LENGTHEN = "lengthen"
    EASIER = "easier"
    HARDER = "harder"
    REST_DAYS = "rest_days"
    UNAVAILABLE = "unavailable"
    SICK = "sick"


@dataclass(slots=True)
class PlanChange:
    """A change a runner (or the model on their behalf) asks of the plan."""

    kind: ChangeKind
    date: dt.date | None = None
    to_date: dt.date | None = None
    days: int | None = None
    distance_m: float | None = None
    percent: float | None = None
    reason: str | None = None


@dataclass(slots=True)
class WorkoutDiff:
    """One line of a diff: what a day held before and after (None = nothing planned)."""

    date: dt.date
    before: Workout | None
    after: Workout | None
    rule: str | None = None
