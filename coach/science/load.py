"""Training load: one score per session, acute and chronic load, fitness, fatigue and form.

One scale for every session: one hour at threshold scores 100 (the TSS convention), whatever the
source, so runs with and without a heart-rate strap add up.

* Heart rate first, when the session has an average HR and the runner's max and resting HR are
  known: HRSS = TRIMP(session) / TRIMP(60 min at threshold HR) × 100, where TRIMP is Banister's
  exponential form `minutes · HRr · 0.64 · e^(1.92 · HRr)` on the session-average HR reserve
  (HRr). Threshold HR is the runner's own when given, else resting + 0.85 × reserve (Elevate's
  default). The male weighting is used for everyone (we do not ask for sex); after normalising
  by the threshold hour the choice moves scores by a few percent. Average HR understates
  variable sessions because the weighting is convex (training-science.md §3.4).
* Pace next, for running with a known VDOT: rTSS = hours × IF² × 100 with IF = speed /
  threshold speed (T pace from `training_paces`), capped at 1.3 against GPS glitches. Flat
  pace, not grade-adjusted: we rarely have the stream to normalise it.
* Otherwise an assumed typical intensity per sport (running 0.75, walking 0.5, cycling 0.65,
  swimming 0.7, other 0.65), so every session still counts something.

Non-running sports add load (cross-training) but never running distance.

Smoothing, on the daily sums:
* acute / chronic: exponentially weighted moving averages after Williams et al. 2017,
  λ = 2/(N+1) with N = 7 and 28 days; `ratio` = acute / chronic (a soft guard-rail, not an
  injury predictor; None while chronic is zero).
* fitness / fatigue: the TrainingPeaks convention CTL += (load − CTL)/42, ATL += (load − ATL)/7
  (not GoldenCheetah's 1 − e^(−1/k) factors); form = fitness − fatigue, both through `today`.
All averages start at zero on the first day of the series.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.plans import iso_week, week_monday
from coach.domain.runs import Run, Sport
from coach.science.paces import training_paces

logger = logging.getLogger(__name__)

TRIMP_A = 0.64
TRIMP_B = 1.92
THRESHOLD_HRR_DEFAULT = 0.85
MAX_INTENSITY_FACTOR = 1.3
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
FITNESS_DAYS = 42
FATIGUE_DAYS = 7
DEFAULT_INTENSITY: dict[Sport, float] = {
    Sport.RUN: 0.75,
    Sport.TRAIL_RUN: 0.75,
    Sport.TREADMILL: 0.75,
    Sport.WALK: 0.5,
    Sport.RIDE: 0.65,
    Sport.SWIM: 0.7,
    Sport.OTHER: 0.65,
}

METHOD_HR = "hrss"
METHOD_PACE = "rtss"
METHOD_DURATION = "duration"


@dataclass(frozen=True, slots=True)
class LoadSummary:
    """Smoothed load as of a day; `ratio` is None while there is no chronic load."""

    acute: float
    chronic: float
    ratio: float | None
    fitness: float
    fatigue: float
    form: float
    days_of_history: int = 0


@dataclass(frozen=True, slots=True)
class WeekTotal:
    """One ISO week: running distance and time, cross-training time, and total load."""

    week: str
    distance_m: float
    time_s: float
    cross_time_s: float
    load: float
    run_count: int = 0


@dataclass(slots=True)
class _WeekSums:
    distance_m: float = 0.0
    time_s: float = 0.0
    cross_time_s: float = 0.0
    load: float = 0.0
    run_count: int = 0


def _duration_s(run: Run) -> float:
    return run.moving_s if run.moving_s > 0 else max(run.elapsed_s, 0.0)


def _trimp(minutes: float, hrr: float) -> float:
    return minutes * hrr * TRIMP_A * math.exp(TRIMP_B * hrr)


def session_load_with_method(
    run: Run,
    *,
    vdot: float | None = None,
    max_hr: float | None = None,
    resting_hr: float | None = None,
    threshold_hr: float | None = None,
) -> tuple[float, str]:
    """Load of one session on the 100-per-threshold-hour scale, and which method gave it."""
    seconds = _duration_s(run)
    if seconds <= 0:
        return 0.0, METHOD_DURATION
    hours = seconds / 3600.0
    if run.avg_hr and max_hr and resting_hr is not None and max_hr > resting_hr:
        reserve = max_hr - resting_hr
        hrr = min(max((run.avg_hr - resting_hr) / reserve, 0.0), 1.0)
        thr = threshold_hr if threshold_hr else resting_hr + THRESHOLD_HRR_DEFAULT * reserve
        thr_hrr = min(max((thr - resting_hr) / reserve, 0.05), 1.0)
        return 100.0 * _trimp(seconds / 60.0, hrr) / _trimp(60.0, thr_hrr), METHOD_HR
    if run.counts_as_running and vdot and run.distance_m > 0:
        threshold_s_per_km = training_paces(vdot).threshold
        pace_s_per_km = seconds / (run.distance_m / 1000.0)
        intensity = min(threshold_s_per_km / pace_s_per_km, MAX_INTENSITY_FACTOR)
        return hours * intensity * intensity * 100.0, METHOD_PACE
    intensity = DEFAULT_INTENSITY.get(run.sport, DEFAULT_INTENSITY[Sport.OTHER])
    return hours * intensity * intensity * 100.0, METHOD_DURATION


def session_load(
    run: Run,
    *,
    vdot: float | None = None,
    max_hr: float | None = None,
    resting_hr: float | None = None,
    threshold_hr: float | None = None,
) -> float:
    """Load of one session (see the module docstring for the scale and the method order)."""
    load, _ = session_load_with_method(
        run, vdot=vdot, max_hr=max_hr, resting_hr=resting_hr, threshold_hr=threshold_hr
    )
    return load


def daily_loads(
    runs: Sequence[Run],
    *,
    vdot: float | None = None,
    max_hr: float | None = None,
    resting_hr: float | None = None,
    threshold_hr: float | None = None,
) -> dict[date, float]:
    """Sum of session loads per local calendar day (days without sessions are absent)."""
    totals: dict[date, float] = {}
    for run in runs:
        day = run.local_start.date()
        load = session_load(
            run, vdot=vdot, max_hr=max_hr, resting_hr=resting_hr, threshold_hr=threshold_hr
        )
        totals[day] = totals.get(day, 0.0) + load
    return totals


def acute_chronic(daily_loads: Mapping[date, float], today: date) -> LoadSummary:
    """Acute/chronic load and fitness/fatigue/form through `today` (smoothing in the docstring)."""
    past = [d for d in daily_loads if d <= today]
    if not past:
        return LoadSummary(0.0, 0.0, None, 0.0, 0.0, 0.0, 0)
    first = min(past)
    lam_acute = 2.0 / (ACUTE_DAYS + 1)
    lam_chronic = 2.0 / (CHRONIC_DAYS + 1)
    acute = chronic = fitness = fatigue = 0.0
    days = (today - first).days + 1
    for offset in range(days):
        load = daily_loads.get(first + timedelta(days=offset), 0.0)
        acute += lam_acute * (load - acute)
        chronic += lam_chronic * (load - chronic)
        fitness += (load - fitness) / FITNESS_DAYS
        fatigue += (load - fatigue) / FATIGUE_DAYS
    ratio = acute / chronic if chronic > 1e-9 else None
    return LoadSummary(acute, chronic, ratio, fitness, fatigue, fitness - fatigue, days)


def weekly_totals(
    runs: Sequence[Run],
    weeks: int,
    today: date,
    *,
    vdot: float | None = None,
    max_hr: float | None = None,
    resting_hr: float | None = None,
    threshold_hr: float | None = None,
) -> list[WeekTotal]:
    """The last `weeks` ISO weeks up to the one holding `today`, oldest first.

    Distance and `time_s` count running only; other sports go to `cross_time_s`; `load` counts
    every session. Sessions after `today` are left out.
    """
    if weeks <= 0:
        return []
    this_monday = week_monday(iso_week(today))
    mondays = [this_monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    totals = {iso_week(m): _WeekSums() for m in mondays}
    for run in runs:
        day = run.local_start.date()
        sums = totals.get(iso_week(day)) if day <= today else None
        if sums is None:
            continue
        if run.counts_as_running:
            sums.distance_m += max(run.distance_m, 0.0)
            sums.time_s += _duration_s(run)
            sums.run_count += 1
        else:
            sums.cross_time_s += _duration_s(run)
        sums.load += session_load(
            run, vdot=vdot, max_hr=max_hr, resting_hr=resting_hr, threshold_hr=threshold_hr
        )
    return [
        WeekTotal(week, s.distance_m, s.time_s, s.cross_time_s, s.load, s.run_count)
        for week, s in totals.items()
    ]
