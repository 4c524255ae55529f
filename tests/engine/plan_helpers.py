"""Requests, runs and plan look-ups shared by the plan-engine tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from coach.domain.athletes import Level
from coach.domain.goals import Goal
from coach.domain.plans import Plan, PlanWeek, Workout, WorkoutKind
from coach.domain.runs import Run, Sport
from coach.engine import PlanRequest
from coach.engine.rules import training_m

MONDAY = date(2026, 3, 2)  # a Monday


def race_sunday(weeks: int, monday: date = MONDAY) -> date:
    """The Sunday that ends a plan of `weeks` weeks starting on `monday`."""
    return monday + timedelta(weeks=weeks - 1, days=6)


def half_request(**changes: object) -> PlanRequest:
    """The issue's example: a 16-week half-marathon plan for a 30 km/week runner."""
    fields: dict[str, object] = dict(
        goal=Goal(21097.5, race_sunday(16)), start=MONDAY, today=MONDAY, runs_per_week=5,
        long_run_day=6, recent_weekly_km=(28.0, 30.0, 31.0, 30.0), level=Level.INTERMEDIATE,
        vdot=45.0,
    )
    fields.update(changes)
    return PlanRequest(**fields)  # type: ignore[arg-type]


def marathon_request(**changes: object) -> PlanRequest:
    fields: dict[str, object] = dict(
        goal=Goal(42195.0, race_sunday(18)), start=MONDAY, today=MONDAY, runs_per_week=5,
        long_run_day=6, recent_weekly_km=(45.0, 50.0, 48.0, 52.0), level=Level.INTERMEDIATE,
        vdot=46.0,
    )
    fields.update(changes)
    return PlanRequest(**fields)  # type: ignore[arg-type]


def workouts(plan: Plan) -> list[Workout]:
    return [w for week in plan.weeks for w in week.workouts]


def of_kind(items: Iterable[Workout], *kinds: WorkoutKind) -> list[Workout]:
    return [w for w in items if w.kind in kinds]


def quality(week: PlanWeek) -> list[Workout]:
    return [w for w in week.workouts if w.kind.is_quality]


def km(week: PlanWeek) -> float:
    """Training km of a week (the race itself not counted)."""
    return training_m(week) / 1000.0


def run(day: date, distance_m: float, pace_s_per_km: float = 330.0, *, race: bool = False,
        sport: Sport = Sport.RUN, hour: int = 7) -> Run:
    moving = distance_m / 1000.0 * pace_s_per_km
    return Run(sport=sport, start_time=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
               distance_m=distance_m, moving_s=moving, elapsed_s=moving, is_race=race)


def runs_as_planned(plan: Plan, until: date, skip: Iterable[date] = ()) -> list[Run]:
    """A run for every planned run before `until`, at the middle of its pace range."""
    skipped = set(skip)
    out = []
    for w in workouts(plan):
        if w.date < until and w.kind.is_run and w.date not in skipped and w.distance_m:
            pace = (w.pace_s_per_km[0] + w.pace_s_per_km[1]) / 2 if w.pace_s_per_km else 330.0
            out.append(run(w.date, w.distance_m, pace))
    return out
