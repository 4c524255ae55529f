"""One week of a new plan: its days laid out, then each workout sized from the week's volume.

Sizes follow Daniels' shares of the week (T ≈ 10 %, I ≈ 8 %, R ≈ 5 %, M ≈ 20 %) and a long run
just under the 30 % cap; easy runs share what is left. When a week is too small for all of
that, lighter sessions give way first. The week is then trimmed to keep the long-run share and
the 75 % easy time that the guardrails check, so a fresh plan needs no correcting.
"""

from __future__ import annotations

import logging
import math
from datetime import date, timedelta

from coach.domain.plans import Phase, PlanWeek, Workout, WorkoutKind, iso_week
from coach.engine import rules as R
from coach.engine.layout import Layout, choose_layout
from coach.engine.periodise import LONG_RUN_MAX_KM, WeekSpec, goal_class
from coach.engine.request import PlanRequest, available_days, is_marathon, long_run_weekday
from coach.engine.sessions import QUALITY, ROUND_M, floor_to, make_race, make_rest, make_run, run_m, week_m
from coach.science.paces import TrainingPaces
from coach.science.vdot import race_time

logger = logging.getLogger(__name__)

K = WorkoutKind
_MIN_EASY_M = 3000.0
_EASY_SHARE_MARGIN = 0.77
_WORK_SHARE = {K.TEMPO: 0.10, K.INTERVALS: 0.08, K.REPETITION: 0.05, K.MARATHON: 0.20}
_WORK_MIN = {K.TEMPO: 2000.0, K.INTERVALS: 2400.0, K.REPETITION: 1600.0, K.MARATHON: 4000.0}
_WORK_MAX = {K.TEMPO: 10000.0, K.INTERVALS: 8000.0, K.REPETITION: 4800.0, K.MARATHON: 24000.0}
_STRIDES = "finish with 6 × 20 s relaxed strides"
_RACE_LABELS = {5000.0: "5 km", 10000.0: "10 km", 21097.5: "half marathon", 42195.0: "marathon"}


def race_label(distance_m: float) -> str:
    return _RACE_LABELS.get(distance_m) or f"{distance_m / 1000:g} km"


def session_m(kind: WorkoutKind, volume_m: float) -> float:
    """Distance of a quality session whose hard part follows Daniels' share of the week."""
    work = min(max(volume_m * _WORK_SHARE[kind], _WORK_MIN[kind]), _WORK_MAX[kind])
    if kind is K.INTERVALS:
        rep = 1000.0 if round(work / 1000.0) >= 4 else 800.0
        reps = max(3, round(work / rep))
        main = reps * rep + (reps - 1) * 400.0
    elif kind is K.REPETITION:
        rep = 400.0 if work >= 3200.0 else 200.0
        reps = max(4, round(work / rep))
        main = reps * rep * 2 - rep
    else:
        main = max(_WORK_MIN[kind], floor_to(work, ROUND_M))
        if kind is K.TEMPO and main > 5000.0:
            main += (math.ceil(main / 2500.0) - 1) * 200.0
    return main + 2500.0 if main + 2500.0 < 8000.0 else main + 3500.0


def _long_target(volume: float, phase: Phase, req: PlanRequest, paces: TrainingPaces,
                 runs: int) -> float:
    share = 0.29 if volume >= 30000.0 else 0.33
    target = max(volume * share, min(volume / max(runs, 1), volume * 0.33))
    peak_marathon = is_marathon(req.goal) and phase is Phase.PEAK
    cap_s = (R.LONG_TIME_MARATHON_PEAK_S if peak_marathon else R.LONG_TIME_S) * 0.98
    cap = min(cap_s * 1000.0 / paces.easy[1], LONG_RUN_MAX_KM[goal_class(req.goal)] * 1000.0)
    return floor_to(min(target, cap), ROUND_M)


def _trim(week: PlanWeek, paces: TrainingPaces) -> None:
    """Shrink quality sessions until 75 % of the time is easy; cut the long run to its share."""
    for _ in range(20):
        changed = False
        if R.easy_share(week, paces, date.min) < _EASY_SHARE_MARGIN:
            quality = [w for w in week.workouts if w.kind in QUALITY]
            if quality:
                big = max(quality, key=lambda w: w.distance_m or 0.0)
                i = week.workouts.index(big)
                week.workouts[i] = make_run(big.date, big.kind, (big.distance_m or 0) - 1000.0,
                                            paces)
                changed = True
        for i, w in enumerate(week.workouts):
            if w.kind is K.LONG:
                others = week_m(week) - run_m(w)
                cap = floor_to(R.long_share_cap_m(others), ROUND_M)
                if run_m(w) > cap:
                    week.workouts[i] = make_run(w.date, K.LONG, cap, paces)
                    changed = True
        if not changed:
            return


def _fill(spec: WeekSpec, layout: Layout, req: PlanRequest, paces: TrainingPaces,
          volume_m: float, monday: date, shakeout: int | None) -> list[Workout]:
    quality = list(zip(layout.quality_days, spec.quality, strict=False))
    easy, recovery = list(layout.easy_days), list(layout.recovery_days)
    has_long = layout.long_day is not None
    long_m = _long_target(volume_m, spec.phase, req, paces, len(layout.run_days)) \
        if has_long else 0.0
    while True:
        q_m = [session_m(kind, volume_m) for _, kind in quality]
        weights = [0.5 if d == shakeout else 1.0 for d in easy] + [0.7] * len(recovery)
        rest_m = volume_m - long_m - sum(q_m)
        per = rest_m / sum(weights) if weights else 0.0
        if (weights and per >= _MIN_EASY_M) or (not weights and rest_m >= 0):
            break
        if quality:
            easy.append(quality.pop()[0])
        elif recovery:
            recovery.pop()
        elif len(easy) > 1 or (easy and has_long):
            easy.pop()
        else:
            break
    few_runs = len(layout.run_days) <= 3
    cap_easy = (1.3 if few_runs else 0.9) * long_m if long_m else float("inf")
    out: list[Workout] = []
    if layout.long_day is not None:
        out.append(make_run(monday + timedelta(days=layout.long_day), K.LONG, long_m, paces))
    for (day, kind), m in zip(quality, q_m, strict=True):
        out.append(make_run(monday + timedelta(days=day), kind, m, paces))
    strides = spec.phase in (Phase.BASE, Phase.MAINTENANCE, Phase.TAPER, Phase.RACE)
    for day, weight in zip(easy + recovery, weights, strict=True):
        m = floor_to(min(per * weight, cap_easy), ROUND_M)
        kind = K.RECOVERY if day in recovery else K.EASY
        note = _STRIDES if strides and kind is K.EASY and day != shakeout else ""
        strides = strides and not note
        out.append(make_run(monday + timedelta(days=day), kind, m, paces, note))
    return out


def build_week(spec: WeekSpec, req: PlanRequest, paces: TrainingPaces, vdot: float,
               first_day: date) -> PlanWeek:
    """One week of workouts (days before `first_day` are left out, every other day has one)."""
    monday = spec.monday
    avail = available_days(req)
    days = tuple(d for d in avail if monday + timedelta(days=d) >= first_day)
    goal = req.goal
    race_day = goal.race_date if spec.phase is Phase.RACE else None
    runs = min(req.runs_per_week, len(avail))
    long_wd = long_run_weekday(req)
    if race_day is not None:
        race_wd = race_day.weekday()
        days = tuple(d for d in days if d < race_wd)
        # The two days before the race stay easy, and so does a Monday after a Sunday long run.
        blocked = frozenset({race_wd - 1, race_wd - 2} | ({0} if long_wd == 6 else set()))
        quality = min(len(spec.quality), max(0, min(runs - 1, len(days)) - 1))
        layout = choose_layout(days, runs - 1, None, quality, False, blocked)
        shakeout = race_wd - 1 if race_wd - 1 in layout.easy_days else None
    else:
        circular = len(days) == len(avail)
        quality = min(len(spec.quality), max(0, min(runs, len(days)) - 2))
        layout = choose_layout(days, runs, long_wd if long_wd in days else None, quality,
                               circular)
        shakeout = None
    volume = spec.volume_m
    if monday < first_day and race_day is None:
        volume *= len(layout.run_days) / max(1, runs)
    week = PlanWeek(iso_week(monday), spec.phase,
                    _fill(spec, layout, req, paces, volume, monday, shakeout))
    _trim(week, paces)
    if race_day is not None and goal.race_distance_m is not None:
        target = goal.target_time_s
        time_s = target if target else race_time(vdot, goal.race_distance_m)
        week.workouts.append(make_race(race_day, goal.race_distance_m,
                                       race_label(goal.race_distance_m), time_s, bool(target)))
    taken = {w.date for w in week.workouts}
    off = set(req.unavailable_days)
    for d in range(7):
        day = monday + timedelta(days=d)
        if day < first_day or day in taken:
            continue
        why = ("recover from the race" if race_day is not None and day > race_day
               else "not one of your running days" if d in off else "")
        week.workouts.append(make_rest(day, why))
    week.workouts.sort(key=lambda w: w.date)
    return week

