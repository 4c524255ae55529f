"""Reconciling the plan with what was run: matching runs, missed days, extra volume, races.

Each step is idempotent, so reconciling twice on the same day changes nothing the second time:
missed days are marked once ("Rest — missed") and never re-planned; the rest of a week that ran
long is capped at the week's own guardrail limit; hard sessions eased for load stay eased; and
a race only moves VDOT when it differs from the plan's.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import date, timedelta

from coach.domain.errors import InvalidInput
from coach.domain.plans import Plan, RuleNote, WorkoutKind
from coach.domain.runs import Run
from coach.engine import rules as R
from coach.engine.build import build_weeks
from coach.engine.diff import diff_plans
from coach.engine.guardrails import day_label
from coach.engine.matching import match_runs
from coach.engine.request import MIN_BASE_KM, PlanContext, baseline_km, is_race_goal, monday_of
from coach.engine.sessions import QUALITY, RUNS, clock, floor_to, make_race, make_rest, reshape, run_m
from coach.engine.versioning import Adjustment, Editor
from coach.engine.week import race_label
from coach.science.load import acute_chronic, daily_loads
from coach.science.paces import training_paces
from coach.science.vdot import race_time, vdot_from_race

logger = logging.getLogger(__name__)

K = WorkoutKind
MISSED = "missed"
LOOKBACK_DAYS = 14
ACWR_LIMIT = 1.5
_ACWR_MIN_HISTORY_DAYS = 28
_MIN_VDOT_CHANGE = 0.3
_MIN_KEEP_M = 3000.0
_MAX_ROUNDS = 4


def _race_result(ed: Editor, runs: Sequence[Run]) -> None:
    first = ed.plan.weeks[0].monday if ed.plan.weeks else ed.today
    races = [r for r in runs if r.is_race and r.counts_as_running
             and first <= r.local_start.date() <= ed.today]
    if not races:
        return
    race = max(races, key=lambda r: r.start_time)
    time_s = race.elapsed_s if 0 < race.elapsed_s <= 1.1 * race.moving_s else race.moving_s
    try:
        vdot = vdot_from_race(race.distance_m, time_s)
    except InvalidInput:
        return
    old = ed.plan.vdot
    if old is not None and abs(vdot - old) < _MIN_VDOT_CHANGE:
        return
    ed.plan.vdot = vdot
    ed.paces = training_paces(vdot)
    goal = ed.ctx.goal
    for week in ed.plan.weeks:
        for w in week.workouts:
            if w.date < ed.today or w.kind not in RUNS:
                continue
            if w.kind is K.RACE and goal.race_distance_m and not goal.target_time_s:
                t = race_time(vdot, goal.race_distance_m)
                ed.put(make_race(w.date, goal.race_distance_m, race_label(goal.race_distance_m),
                                 t, False), "vdot")
            elif w.kind is not K.RACE:
                ed.put(reshape(w, ed.paces), "vdot")
    was = f" (was {old:.1f})" if old is not None else ""
    ed.note("vdot", f"Your {race.distance_m / 1000:.1f} km race on "
                    f"{day_label(race.local_start.date())} in {clock(time_s)} puts your VDOT at "
                    f"{vdot:.1f}{was}: paces from today on are updated.")


def _mark_missed(ed: Editor, matches: dict[date, Run]) -> list[date]:
    fresh = []
    since = ed.today - timedelta(days=LOOKBACK_DAYS)
    for week in ed.plan.weeks:
        for w in week.workouts:
            if since <= w.date < ed.today and w.kind in RUNS and w.kind is not K.RACE \
                    and w.date not in matches:
                ed.put(make_rest(w.date, MISSED), MISSED)
                fresh.append(w.date)
    return fresh


def _streak(ed: Editor, runs: Sequence[Run]) -> list[date]:
    """Planned run days missed in a row since the runner last ran (marked or fresh)."""
    ran = [r.local_start.date() for r in runs if r.counts_as_running and r.distance_m > 0
           and r.local_start.date() < ed.today]
    last = max(ran, default=None)
    missed_text = make_rest(ed.today, MISSED).description
    return [w.date for wk in ed.plan.weeks for w in wk.workouts
            if w.date < ed.today and (last is None or w.date > last)
            and w.description == missed_text]


def _rebuild(ed: Editor, streak: list[date]) -> None:
    """After 3+ missed days: the rest of this week easy, the plan restarted next week lower."""
    this_monday = monday_of(ed.today)
    next_monday = this_monday + timedelta(weeks=1)
    current = ed.week_of(ed.today)
    for w in list(current.workouts if current is not None else []):
        if w.date >= ed.today and w.kind in QUALITY:
            ed.put(reshape(w, ed.paces, kind=K.EASY), MISSED)
    anchor_weeks = [wk for wk in ed.old.weeks if wk.monday < monday_of(streak[0])][-2:]
    anchor = max((R.training_m(wk) for wk in anchor_weeks), default=baseline_km(ed.ctx) * 1000)
    factor = 0.85 if len(streak) < 7 else 0.7 if len(streak) < 14 else 0.5
    keep = [wk for wk in ed.plan.weeks if wk.monday < next_monday]
    later = [wk for wk in ed.plan.weeks if wk.monday >= next_monday]
    if not later:
        return
    old_next = R.training_m(later[0])
    start_km = max(MIN_BASE_KM, min(factor * anchor, old_next) / 1000.0)
    req = dataclasses.replace(ed.ctx, start=next_monday, today=next_monday)
    count = None if is_race_goal(ed.ctx.goal) else len(later)
    assert ed.plan.vdot is not None
    new_weeks = build_weeks(req, ed.paces, ed.plan.vdot, next_monday, start_km, count, keep)
    ed.plan.weeks = keep + new_weeks
    for wk in new_weeks:
        for w in wk.workouts:
            ed.touched[w.date] = MISSED
    ed.note(MISSED, f"{len(streak)} planned runs missed in a row since {day_label(streak[0])}: "
                    f"the rest of this week is easy and the plan restarts next week at "
                    f"{start_km:.0f} km (was {old_next / 1000:.0f} km).")


def _realign(ed: Editor, fresh: list[date]) -> None:
    """A missed long run or quality session this week takes the place of a later easy run."""
    this_monday = monday_of(ed.today)
    old = {w.date: w for wk in ed.old.weeks for w in wk.workouts}
    missed = [old[d] for d in fresh if d >= this_monday and d in old]
    missed.sort(key=lambda w: (w.kind is not K.LONG, -w.date.toordinal()))
    week = ed.week_of(ed.today)
    if not missed or week is None or not (missed[0].kind in QUALITY or missed[0].kind is K.LONG):
        return
    key = missed[0]
    hard = R.hard_days(ed.plan)
    longs = {w.date for w in week.workouts if w.kind is K.LONG}
    one = timedelta(days=1)
    for w in week.workouts:
        if w.date < ed.today or w.kind not in (K.EASY, K.RECOVERY):
            continue
        if key.kind is K.LONG and (longs or (w.date - one in hard and hard[w.date - one].kind in QUALITY)):
            continue
        if key.kind in QUALITY and (w.date - one in hard or w.date + one in hard
                                    or w.date + one in longs):
            continue
        distance = (key.distance_m or 0.0) if key.kind is K.LONG else (w.distance_m or 0.0)
        new = reshape(w, ed.paces, kind=key.kind, distance_m=distance, note="")
        if new.kind is not key.kind:
            continue
        ed.put(new, "realign")
        ed.note("realign", f"The {key.kind} missed on {day_label(key.date)} takes the place of "
                           f"{day_label(w.date)}'s {w.kind} run; nothing is added on top.")
        return


def _extra_volume(ed: Editor, runs: Sequence[Run], matches: dict[date, Run]) -> None:
    week = ed.week_of(ed.today)
    if week is None:
        return
    monday = week.monday
    done = sum(r.distance_m for r in runs if r.counts_as_running
               and monday <= r.local_start.date() <= ed.today)
    i = ed.plan.weeks.index(week)
    cap = R.weekly_cap_m(ed.plan.weeks, i, baseline_km(ed.ctx) * 1000.0)
    remaining = [w for w in week.workouts if w.date >= ed.today and w.kind in RUNS
                 and w.kind is not K.RACE and w.date not in matches]
    left = sum(run_m(w) for w in remaining)
    over = done + left - cap
    if over <= 1000.0 or not remaining:
        return
    to_cut = over
    for w in sorted(remaining, key=lambda w: (w.kind is not K.RECOVERY, w.date)):
        if to_cut <= 0 or w.kind not in (K.EASY, K.RECOVERY):
            continue
        d = w.distance_m or 0.0
        new_m = floor_to(d - to_cut)
        new = make_rest(w.date, "you ran extra earlier") if new_m < _MIN_KEEP_M \
            else reshape(w, ed.paces, distance_m=new_m)
        to_cut -= d - run_m(new)
        ed.put(new, "extra_volume")
    if to_cut > 0:
        for w in remaining:
            if w.kind in QUALITY:
                ed.put(reshape(w, ed.paces, kind=K.EASY), "extra_volume")
    ed.note("extra_volume", f"You've run {done / 1000:.1f} km this week: the rest of the week is "
                            f"cut so the week stays within {cap / 1000:.1f} km.")


def _acwr(ed: Editor, runs: Sequence[Run]) -> None:
    summary = acute_chronic(daily_loads(list(runs), vdot=ed.plan.vdot), ed.today)
    if summary.ratio is None or summary.days_of_history < _ACWR_MIN_HISTORY_DAYS \
            or summary.ratio <= ACWR_LIMIT:
        return
    eased = []
    for day in ed.days(ed.today, 3):
        w = ed.get(day)
        if w is not None and w.kind in QUALITY:
            ed.put(reshape(w, ed.paces, kind=K.EASY, distance_m=floor_to((w.distance_m or 0) * 0.8)),
                   "acwr")
            eased.append(day_label(day))
    if eased:
        ed.note("acwr", f"Your last week's load is {summary.ratio:.1f}× your 4-week average: "
                        f"{', '.join(eased)} becomes easy.")


def _reconcile_once(plan: Plan, runs: Sequence[Run], today: date,
                    ctx: PlanContext) -> Adjustment:
    ed = Editor(plan, dataclasses.replace(ctx, today=today))
    _race_result(ed, runs)
    matches = match_runs(ed.plan, runs)
    fresh = _mark_missed(ed, matches)
    streak = _streak(ed, runs)
    if len(streak) >= 3 and fresh:
        _rebuild(ed, streak)
    else:
        _realign(ed, fresh)
    _extra_volume(ed, runs, matches)
    _acwr(ed, runs)
    return ed.finish(f"Reconciled with runs to {day_label(today)}")


def reconcile(plan: Plan, runs: Sequence[Run], today: date, ctx: PlanContext) -> Adjustment:
    """The plan brought in line with `runs` (at least the last two weeks of them) as of `today`.

    A guardrail can turn one day into something another step acts on (a long run cut into an
    easy run that extra volume then shortens), so the steps repeat until nothing moves; the
    result is one version whose diff is against `plan`. Returns `plan` itself with an empty
    diff when nothing needs to change.
    """
    current = plan
    rules: dict[date, str | None] = {}
    notes: dict[str, RuleNote] = {}
    for _ in range(_MAX_ROUNDS):
        adjustment = _reconcile_once(current, runs, today, ctx)
        if not adjustment.diff and adjustment.plan.vdot == current.vdot:
            break
        for d in adjustment.diff:
            rules[d.date] = d.rule
        for note in adjustment.rules_applied:
            notes.setdefault(note.rule, note)
        current = adjustment.plan
    if current is plan:
        return Adjustment(plan, [], [])
    current.version = plan.version + 1
    current.rules_applied = list(notes.values())
    return Adjustment(current, diff_plans(plan, current, rules), current.rules_applied)
