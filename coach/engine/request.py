"""What the plan engine is asked for (goal, week shape, volume, level) and the facts derived from it."""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from coach.domain.athletes import Level
from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal
from coach.domain.plans import iso_week, week_monday

logger = logging.getLogger(__name__)

# Below this a week is too small to be worth planning (three runs of ~3 km); every runner may
# start from it, even one who has not run lately.
MIN_BASE_KM = 10.0
DEFAULT_WEEKLY_KM = {Level.BEGINNER: 15.0, Level.INTERMEDIATE: 30.0, Level.ADVANCED: 50.0}
DEFAULT_VDOT = {Level.BEGINNER: 32.0, Level.INTERMEDIATE: 40.0, Level.ADVANCED: 50.0}
MARATHON_LIKE_M = 30_000.0
RECENT_WEEKS_FOR_BASE = 4


@dataclass(slots=True, kw_only=True)
class PlanRequest:
    """Everything the engine needs to build a plan, and later to adjust or check it (`ctx`).

    `recent_weekly_km` is actual running per ISO week, oldest first (4–6 weeks); when it is
    empty `stated_weekly_km` (a new runner's own figure) is used. `today` is always passed in:
    the engine never reads a clock.
    """

    goal: Goal
    start: date
    today: date
    runs_per_week: int = 4
    long_run_day: int = 6
    unavailable_days: Sequence[int] = ()
    recent_weekly_km: Sequence[float] = field(default_factory=tuple)
    stated_weekly_km: float | None = None
    level: Level = Level.INTERMEDIATE
    vdot: float | None = None


# Adjusting and checking a plan needs the same facts as building it.
PlanContext = PlanRequest


def validate(req: PlanRequest) -> None:
    """Refuse requests no plan can answer, with a message fit for the runner."""
    if not 3 <= req.runs_per_week <= 7:
        raise InvalidInput("Runs per week must be between 3 and 7.")
    if not 0 <= req.long_run_day <= 6:
        raise InvalidInput("The long-run day must be a weekday number from 0 (Mon) to 6 (Sun).")
    if any(not 0 <= d <= 6 for d in req.unavailable_days):
        raise InvalidInput("Days you can't run must be weekday numbers from 0 (Mon) to 6 (Sun).")
    if len(available_days(req)) < 2:
        raise InvalidInput("I need at least two days a week you can run to build a plan.")
    if any(km < 0 for km in req.recent_weekly_km) or (req.stated_weekly_km or 0) < 0:
        raise InvalidInput("Weekly distances can't be negative.")
    if req.vdot is not None and not 15.0 <= req.vdot <= 90.0:
        raise InvalidInput("That VDOT is outside what the pace tables cover (15–90).")
    goal = req.goal
    if goal.race_distance_m is not None:
        if goal.race_date is None:
            raise InvalidInput("A race goal needs a race date.")
        if goal.race_date < req.today:
            raise InvalidInput("The race date is already past.")
        if goal.race_date < week_monday(iso_week(req.start)):
            raise InvalidInput("The race comes before the plan would start.")
        if not 1000.0 <= goal.race_distance_m <= 100_000.0:
            raise InvalidInput("I plan for races from 1 km to 100 km.")


def is_race_goal(goal: Goal) -> bool:
    return goal.race_distance_m is not None and goal.race_date is not None


def is_marathon(goal: Goal) -> bool:
    return goal.race_distance_m is not None and goal.race_distance_m >= MARATHON_LIKE_M


def taper_weeks(goal: Goal) -> int:
    """Weeks of taper counting the race week: 3 for a marathon (Pfitzinger), else 2 (Bosquet)."""
    if not is_race_goal(goal):
        return 0
    return 3 if is_marathon(goal) else 2


def max_quality(level: Level) -> int:
    return 3 if level is Level.ADVANCED else 2


def available_days(req: PlanRequest) -> tuple[int, ...]:
    off = set(req.unavailable_days)
    return tuple(d for d in range(7) if d not in off)


def long_run_weekday(req: PlanRequest) -> int:
    """The runner's long-run day, or the nearest day they can run (weekend first on ties)."""
    days = available_days(req)
    if req.long_run_day in days:
        return req.long_run_day
    return min(days, key=lambda d: (min((d - req.long_run_day) % 7, (req.long_run_day - d) % 7),
                                    -d))


def baseline_km(req: PlanRequest) -> float:
    """The runner's recent weekly volume: mean of the last four weeks, else the stated figure."""
    return max(MIN_BASE_KM, raw_baseline_km(req))


def raw_baseline_km(req: PlanRequest) -> float:
    recent = list(req.recent_weekly_km)[-RECENT_WEEKS_FOR_BASE:]
    if recent:
        return float(statistics.fmean(recent))
    if req.stated_weekly_km is not None:
        return float(req.stated_weekly_km)
    return DEFAULT_WEEKLY_KM[req.level]


def volume_is_assumed(req: PlanRequest) -> bool:
    return not req.recent_weekly_km and req.stated_weekly_km is None


def vdot_for(req: PlanRequest, plan_vdot: float | None = None) -> float:
    """The VDOT paces come from: the plan's, the request's, else a default for the level."""
    if plan_vdot is not None:
        return plan_vdot
    if req.vdot is not None:
        return req.vdot
    return DEFAULT_VDOT[req.level]


def first_planned_day(req: PlanRequest) -> date:
    """Plans start on the Monday of the start week; days before `today` are not planned."""
    return max(week_monday(iso_week(req.start)), req.today)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
