"""The guardrails as measurements, and `check_plan`, which verifies each one on any plan.

Every rule binds what is still to come: days before `ctx.today` are history the engine can no
longer change, so a rule is only broken where a day from `today` on could have been planned
differently. The same cap functions serve `guardrails.enforce`, so what the enforcer fixes is
exactly what the checker measures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.plans import Phase, Plan, PlanWeek, Workout, WorkoutKind
from coach.engine.request import (
    PlanContext,
    baseline_km,
    is_marathon,
    is_race_goal,
    max_quality,
    monday_of,
    taper_weeks,
    vdot_for,
)
from coach.engine.sessions import QUALITY, RUNS, easy_mid, floor_to, hard_and_easy_m, mid, run_m, week_m
from coach.science.paces import TrainingPaces, training_paces

logger = logging.getLogger(__name__)

RULE_WEEKLY_INCREASE = "weekly_increase"
RULE_LONG_SHARE = "long_run_share"
RULE_LONG_TIME = "long_run_time"
RULE_QUALITY_COUNT = "quality_count"
RULE_QUALITY_SPACING = "quality_spacing"
RULE_EASY_SHARE = "easy_share"
RULE_TAPER = "taper"
RULE_UNAVAILABLE = "unavailable_rest"
GUARDRAILS = (RULE_WEEKLY_INCREASE, RULE_LONG_SHARE, RULE_LONG_TIME, RULE_QUALITY_COUNT,
              RULE_QUALITY_SPACING, RULE_EASY_SHARE, RULE_TAPER, RULE_UNAVAILABLE)

MAX_WEEKLY_RISE = 1.10
LONG_SHARE = 0.30
LONG_SHARE_SMALL_WEEK = 0.35
SMALL_WEEK_M = 30_000.0
LONG_TIME_S = 2.5 * 3600
LONG_TIME_MARATHON_PEAK_S = 3.0 * 3600
MIN_EASY_TIME_SHARE = 0.75
# Cap on each taper week's volume as a fraction of peak, race week last: the last two weeks are
# cut at least 40 %, a marathon's first taper week at least 20 % (Pfitzinger's 3-week taper).
TAPER_CAPS = {1: (0.60,), 2: (0.60, 0.60), 3: (0.80, 0.60, 0.60)}
TOLERANCE_M = 1.0
LOWER_PHASES = (Phase.RECOVERY, Phase.TAPER, Phase.RACE)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    week: str
    date: date | None
    detail: str


def training_m(week: PlanWeek) -> float:
    """A week's planned running, not counting the race itself."""
    return sum(run_m(w) for w in week.workouts if w.kind is not WorkoutKind.RACE)


def past_future_m(week: PlanWeek, today: date) -> tuple[float, float]:
    past = future = 0.0
    for w in week.workouts:
        if w.kind is WorkoutKind.RACE:
            continue
        if w.date < today:
            past += run_m(w)
        else:
            future += run_m(w)
    return past, future


def weekly_cap_m(weeks: list[PlanWeek], i: int, base_m: float) -> float:
    """At most 10 % over the higher of the last full week's plan and recent actual volume.

    "Last week's plan" looks back two weeks so that a recovery week, or a week cut short by a
    skipped run, does not reset the base; recovery and taper weeks never rise at all.
    """
    ref = base_m
    for j in (i - 1, i - 2):
        if j >= 0:
            ref = max(ref, training_m(weeks[j]))
    return ref if weeks[i].phase in LOWER_PHASES else ref * MAX_WEEKLY_RISE


def excess_m(week: PlanWeek, cap_m: float, today: date) -> float:
    """Metres of the week still to come that take it over `cap_m` (the past is not counted)."""
    past, future = past_future_m(week, today)
    return max(0.0, min(future, past + future - cap_m))


def long_share_cap_m(others_m: float) -> float:
    """Longest long run the share rule allows beside `others_m` of other running that week."""
    cap30 = others_m * LONG_SHARE / (1.0 - LONG_SHARE)
    if others_m + cap30 >= SMALL_WEEK_M:
        return cap30
    cap35 = others_m * LONG_SHARE_SMALL_WEEK / (1.0 - LONG_SHARE_SMALL_WEEK)
    return max(0.0, min(cap35, SMALL_WEEK_M - others_m - TOLERANCE_M))


def long_time_cap_s(ctx: PlanContext, week: PlanWeek) -> float:
    return LONG_TIME_MARATHON_PEAK_S if (is_marathon(ctx.goal) and week.phase is Phase.PEAK) \
        else LONG_TIME_S


def long_cap_m(ctx: PlanContext, week: PlanWeek, long_run: Workout, paces: TrainingPaces) -> float:
    others = week_m(week) - run_m(long_run)
    slow = (long_run.pace_s_per_km or (paces.easy[0], paces.easy[1]))[1]
    by_time = floor_to(long_time_cap_s(ctx, week) * 1000.0 / slow)
    return min(long_share_cap_m(others), by_time)


def easy_share(week: PlanWeek, paces: TrainingPaces, today: date) -> float:
    """Share of the time still to run this week that is easy (the race itself left out)."""
    easy_t = hard_t = 0.0
    e = easy_mid(paces)
    for w in week.workouts:
        if w.date < today or w.kind not in RUNS or w.kind is WorkoutKind.RACE:
            continue
        hard, easy = hard_and_easy_m(w)
        pace = mid(w.pace_s_per_km) if w.pace_s_per_km else e
        if w.kind in QUALITY:
            hard_t += hard * pace
            easy_t += easy * e
        else:
            easy_t += easy * pace
    total = easy_t + hard_t
    return 1.0 if total <= 0 else easy_t / total


def taper_layout(plan: Plan, ctx: PlanContext) -> tuple[list[int], float]:
    """Indexes of the taper weeks (race week last) and the peak volume they are cut from."""
    goal = ctx.goal
    if not is_race_goal(goal) or goal.race_date is None:
        return [], 0.0
    race_monday = monday_of(goal.race_date)
    race_index = next((i for i, w in enumerate(plan.weeks) if w.monday == race_monday), None)
    if race_index is None:
        return [], 0.0
    first = max(0, race_index - taper_weeks(goal) + 1)
    before = [training_m(w) for w in plan.weeks[:first]]
    peak = max(before) if before else baseline_km(ctx) * 1000.0
    return list(range(first, race_index + 1)), peak


def taper_caps(n: int) -> tuple[float, ...]:
    if n <= 0:
        return ()
    return TAPER_CAPS[n] if n in TAPER_CAPS else TAPER_CAPS[3][-n:]


def hard_days(plan: Plan) -> dict[date, Workout]:
    return {w.date: w for week in plan.weeks for w in week.workouts
            if w.kind in QUALITY or w.kind is WorkoutKind.RACE}


def check_plan(plan: Plan, ctx: PlanContext) -> list[Violation]:
    """Every guardrail broken by the part of `plan` from `ctx.today` on (empty when all hold)."""
    today = ctx.today
    paces = training_paces(vdot_for(ctx, plan.vdot))
    base_m = baseline_km(ctx) * 1000.0
    out: list[Violation] = []
    off = set(ctx.unavailable_days)
    longs = {w.date for week in plan.weeks for w in week.workouts if w.kind is WorkoutKind.LONG}
    hard = hard_days(plan)
    one = timedelta(days=1)
    for i, week in enumerate(plan.weeks):
        if week.monday.toordinal() + 6 < today.toordinal():
            continue
        cap = weekly_cap_m(plan.weeks, i, base_m)
        if excess_m(week, cap, today) > TOLERANCE_M:
            out.append(Violation(RULE_WEEKLY_INCREASE, week.week, None,
                                 f"{training_m(week):.0f} m planned, cap {cap:.0f} m"))
        quality = [w for w in week.workouts if w.kind in QUALITY]
        if len(quality) > max_quality(ctx.level) and any(w.date >= today for w in quality):
            out.append(Violation(RULE_QUALITY_COUNT, week.week, None,
                                 f"{len(quality)} quality sessions"))
        if easy_share(week, paces, today) < MIN_EASY_TIME_SHARE - 1e-9:
            out.append(Violation(RULE_EASY_SHARE, week.week, None,
                                 f"easy share {easy_share(week, paces, today):.3f}"))
        for w in week.workouts:
            if w.date < today:
                continue
            if w.kind in RUNS and w.kind is not WorkoutKind.RACE and w.date.weekday() in off:
                out.append(Violation(RULE_UNAVAILABLE, week.week, w.date, f"{w.kind} planned"))
            if w.kind is WorkoutKind.LONG:
                others = week_m(week) - run_m(w)
                if run_m(w) > long_share_cap_m(others) + TOLERANCE_M:
                    out.append(Violation(RULE_LONG_SHARE, week.week, w.date,
                                         f"long {run_m(w):.0f} m of "
                                         f"{week_m(week):.0f} m"))
                if run_m(w) > long_cap_m(ctx, week, w, paces) + TOLERANCE_M:
                    out.append(Violation(RULE_LONG_TIME, week.week, w.date,
                                         f"long {run_m(w):.0f} m too long in time"))
            if w.kind in QUALITY:
                before, after = hard.get(w.date - one), hard.get(w.date + one)
                if before is not None or after is not None:
                    out.append(Violation(RULE_QUALITY_SPACING, week.week, w.date,
                                         "hard sessions on consecutive days"))
                if w.date + one in longs:
                    out.append(Violation(RULE_QUALITY_SPACING, week.week, w.date,
                                         "quality the day before the long run"))
    taper, peak = taper_layout(plan, ctx)
    for n, (i, frac) in enumerate(zip(taper, taper_caps(len(taper)), strict=True)):
        week = plan.weeks[i]
        if week.monday.toordinal() + 6 < today.toordinal():
            continue
        want = Phase.RACE if n == len(taper) - 1 else Phase.TAPER
        if week.phase is not want:
            out.append(Violation(RULE_TAPER, week.week, None, f"phase {week.phase}, not {want}"))
        if excess_m(week, peak * frac, today) > TOLERANCE_M:
            out.append(Violation(RULE_TAPER, week.week, None,
                                 f"{training_m(week):.0f} m is over {frac:.0%} of peak {peak:.0f} m"))
    return out
