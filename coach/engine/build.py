"""Building a plan: week specs turned into weeks in order, each capped by the weeks before it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import date

from coach.domain.errors import InvalidInput
from coach.domain.plans import Phase, Plan, PlanWeek, RuleNote, WorkoutKind
from coach.engine import rules as R
from coach.engine.guardrails import day_label, enforce
from coach.engine.periodise import TAPER_FRACTIONS, plan_specs
from coach.engine.request import (
    DEFAULT_VDOT,
    MIN_BASE_KM,
    PlanRequest,
    available_days,
    baseline_km,
    first_planned_day,
    is_race_goal,
    long_run_weekday,
    monday_of,
    raw_baseline_km,
    taper_weeks,
    validate,
    vdot_for,
    volume_is_assumed,
)
from coach.engine.sessions import QUALITY, clock, reshape
from coach.engine.week import build_week, race_label
from coach.science.paces import TrainingPaces, training_paces
from coach.science.vdot import race_time, vdot_from_race

logger = logging.getLogger(__name__)

K = WorkoutKind
_TAPER_PHASES = (Phase.TAPER, Phase.RACE)
# Builder targets stay a hair under the guardrail caps so rounding never trips them.
_CAP_MARGIN = 0.99


def _join_weeks(weeks: list[PlanWeek], paces: TrainingPaces, first_new: int) -> None:
    """Where two week layouts meet, no quality session runs the day after another (or the day
    before a long run or the race); the first, partial week gives way, else the later week."""
    for i in range(max(1, first_new), len(weeks)):
        prev, nxt = weeks[i - 1], weeks[i]
        if not prev.workouts or not nxt.workouts:
            continue
        last, first = prev.workouts[-1], nxt.workouts[0]
        if (first.date - last.date).days != 1:
            continue
        if first.kind is K.RACE and last.kind is K.LONG:
            prev.workouts[-1] = reshape(last, paces, kind=K.EASY,
                                        distance_m=min(last.distance_m or 0.0, 5000.0))
        if last.kind not in QUALITY:
            continue
        if first.kind in (K.LONG, K.RACE) or (i - 1 == first_new and first.kind in QUALITY):
            prev.workouts[-1] = reshape(last, paces, kind=K.EASY)
        elif first.kind in QUALITY:
            nxt.workouts[0] = reshape(first, paces, kind=K.EASY)


def build_weeks(req: PlanRequest, paces: TrainingPaces, vdot: float, first_day: date,
                base_km: float, weeks: int | None = None,
                prior: Sequence[PlanWeek] = ()) -> list[PlanWeek]:
    """Weeks from the one holding `first_day` to the race (or a block of `weeks`).

    Built in order so each week's volume stays within the weekly-increase cap of the weeks
    actually built before it (`prior` are earlier weeks of the plan being rebuilt) and each
    taper week is a fraction of the peak actually reached.
    """
    specs = plan_specs(req, base_km, monday_of(first_day), weeks)
    n_taper = 0
    while n_taper < len(specs) and specs[-1 - n_taper].phase in _TAPER_PHASES:
        n_taper += 1
    fractions = TAPER_FRACTIONS[taper_weeks(req.goal)][-n_taper:] if n_taper else ()
    built: list[PlanWeek] = list(prior)
    done = [R.training_m(w) for w in built]
    peak = max((m for m, w in zip(done, built, strict=True) if w.phase not in _TAPER_PHASES),
               default=0.0)
    base_m = base_km * 1000.0
    for n, spec in enumerate(specs):
        ref = max([base_m, *done[-2:]])
        volume = min(spec.volume_m, ref * (1.0 if spec.phase in R.LOWER_PHASES
                                           else R.MAX_WEEKLY_RISE) * _CAP_MARGIN)
        taper_at = n - (len(specs) - n_taper)
        if taper_at >= 0:
            volume = min(volume, (peak or base_m) * fractions[taper_at])
        week = build_week(dataclasses.replace(spec, volume_m=volume), req, paces, vdot, first_day)
        built.append(week)
        done.append(R.training_m(week))
        if week.phase not in _TAPER_PHASES:
            peak = max(peak, done[-1])
    _join_weeks(built, paces, len(prior))
    return built[len(prior):]


def _assumptions(req: PlanRequest, vdot: float) -> list[RuleNote]:
    notes: list[RuleNote] = []
    if req.vdot is None:
        notes.append(RuleNote("default_vdot", f"No recent race or time trial: paces assume VDOT "
                              f"{DEFAULT_VDOT[req.level]:.0f}, typical for a {req.level} runner. "
                              "Race or run a time trial to set them."))
    if volume_is_assumed(req):
        notes.append(RuleNote("default_volume", "No recent running or stated weekly distance: "
                              f"the plan starts from {baseline_km(req):.0f} km a week, typical "
                              f"for a {req.level} runner."))
    elif raw_baseline_km(req) < MIN_BASE_KM:
        notes.append(RuleNote("min_volume", f"The plan starts from {MIN_BASE_KM:.0f} km a week, "
                              "the smallest week worth planning (three short runs)."))
    long_wd = long_run_weekday(req)
    if long_wd != req.long_run_day:
        notes.append(RuleNote("long_run_day", f"Your long-run day is one you can't run: long "
                              f"runs go on {date(2024, 1, 1 + long_wd).strftime('%A')}."))
    if req.runs_per_week > len(available_days(req)):
        notes.append(RuleNote("runs_per_week", f"You can run on {len(available_days(req))} days, "
                              f"so the plan has that many runs a week, not {req.runs_per_week}."))
    goal = req.goal
    if is_race_goal(goal) and goal.target_time_s and goal.race_distance_m:
        try:
            need = vdot_from_race(goal.race_distance_m, goal.target_time_s)
        except InvalidInput:
            need = None
        if need is not None and need > vdot + 3.0:
            now = race_time(vdot, goal.race_distance_m)
            notes.append(RuleNote("goal_pace", f"Your goal of {clock(goal.target_time_s)} needs "
                                  f"VDOT {need:.1f}; today's {vdot:.1f} predicts {clock(now)}. "
                                  "Training paces follow your current fitness."))
    return notes


def build_plan(req: PlanRequest) -> Plan:
    """A periodised plan from the request, with every guardrail applied and noted."""
    validate(req)
    vdot = vdot_for(req)
    paces = training_paces(vdot)
    first_day = first_planned_day(req)
    weeks = build_weeks(req, paces, vdot, first_day, baseline_km(req))
    goal = req.goal
    if is_race_goal(goal) and goal.race_distance_m and goal.race_date:
        what = f"{race_label(goal.race_distance_m)} on {day_label(goal.race_date)} {goal.race_date.year}"
    else:
        what = "general fitness"
    plan = Plan(weeks=weeks, version=1, vdot=vdot,
                reason=f"New plan: {what}, {len(weeks)} weeks from {day_label(first_day)}")
    notes = _assumptions(req, vdot)
    notes += enforce(plan, req, paces).notes
    plan.rules_applied = notes
    logger.debug("built %d-week plan, %d notes", len(weeks), len(notes))
    return plan
