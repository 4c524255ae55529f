"""Which run fulfils which planned day: same day first, else the nearest of the same kind."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from coach.domain.plans import Plan, Workout, WorkoutKind, iso_week
from coach.domain.runs import Run
from coach.engine.sessions import QUALITY, RUNS

logger = logging.getLogger(__name__)

K = WorkoutKind


def _category(w: Workout) -> str:
    if w.kind is K.LONG:
        return "long"
    return "quality" if w.kind in QUALITY else "easy"


def _run_category(run: Run, week_runs: list[Workout]) -> str:
    longs = [w.distance_m or 0.0 for w in week_runs if w.kind is K.LONG]
    if longs and run.distance_m >= 0.75 * max(longs):
        return "long"
    easy_fast = [w.pace_s_per_km[0] for w in week_runs
                 if w.kind in (K.EASY, K.LONG) and w.pace_s_per_km]
    pace = run.pace_s_per_km
    if easy_fast and pace is not None and pace < min(easy_fast) - 10.0:
        return "quality"
    return "easy"


def match_runs(plan: Plan, runs: Sequence[Run]) -> dict[date, Run]:
    """The run that fulfils each planned day, keyed by the workout's date.

    Same day first (the run closest in distance); otherwise the nearest unmatched workout of the
    same kind (long, quality, easy) in the same ISO week. A run that fits nothing lands on its
    own day when that day has no match yet (e.g. a run on a rest day), so the week's done
    distance counts it. Runs from before the plan's first day fulfil nothing: a plan that starts
    on a Thursday was not there for Monday's run.
    """
    planned = {w.date: w for wk in plan.weeks for w in wk.workouts if w.kind in RUNS}
    in_plan = {w.date for wk in plan.weeks for w in wk.workouts}
    by_day: dict[date, list[Run]] = {}
    for run in sorted(runs, key=lambda r: r.start_time):
        if run.counts_as_running and run.distance_m > 0:
            by_day.setdefault(run.local_start.date(), []).append(run)
    out: dict[date, Run] = {}
    leftovers: list[Run] = []
    for day in sorted(by_day):
        day_runs = by_day[day]
        w = planned.get(day)
        if w is None:
            leftovers += day_runs
            continue
        best = min(day_runs, key=lambda r: abs(r.distance_m - (w.distance_m or 0.0)))
        out[day] = best
        leftovers += [r for r in day_runs if r is not best]
    first_day = min(in_plan, default=None)
    for run in leftovers:
        day = run.local_start.date()
        week = plan.week(iso_week(day))
        if week is None or first_day is None or day < first_day:
            continue
        week_runs = [w for w in week.workouts if w.kind in RUNS]
        kind = _run_category(run, week_runs)
        free = [w for w in week_runs if w.date not in out and _category(w) == kind]
        if free:
            target = min(free, key=lambda w: (abs((w.date - day).days), w.date))
            out[target.date] = run
        elif day not in out and day in in_plan:
            out[day] = run
    return out
