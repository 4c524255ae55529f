"""The guardrails applied to every plan the engine emits: each fixes what breaks it and says why.

`enforce` runs on a fresh copy of a plan after any build, adjustment or reconciliation. It only
ever changes days from `ctx.today` on, and only ever makes the plan lighter or moves a run to
a free day, so the rules cannot fight each other; it repeats until a pass changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from coach.domain.plans import Phase, Plan, PlanWeek, RuleNote, Workout, WorkoutKind
from coach.engine import rules as R
from coach.engine.request import PlanContext, baseline_km, max_quality, vdot_for
from coach.engine.sessions import (
    MIN_RUN_M,
    QUALITY,
    RUNS,
    copy_workout,
    floor_to,
    make_rest,
    reshape,
    run_m,
    week_m,
)
from coach.science.paces import TrainingPaces, training_paces

logger = logging.getLogger(__name__)

K = WorkoutKind
ONE_DAY = timedelta(days=1)
_MAX_PASSES = 5
_MIN_LONG_M = 5000.0
_WHY = {
    R.RULE_WEEKLY_INCREASE: "a week rises at most 10 % over the last full week and your recent "
                            "volume; recovery and taper weeks never rise",
    R.RULE_LONG_SHARE: "a long run is at most 30 % of the week (35 % under 30 km)",
    R.RULE_LONG_TIME: "a long run lasts at most 2.5 h at easy pace (3 h at marathon peak)",
    R.RULE_QUALITY_COUNT: "at most 2 quality sessions a week (3 for advanced runners)",
    R.RULE_QUALITY_SPACING: "hard sessions never on consecutive days nor the day before "
                            "the long run",
    R.RULE_EASY_SHARE: "at least 75 % of the week's running time is easy",
    R.RULE_TAPER: "the taper cuts volume 40–60 % from peak before the race",
    R.RULE_UNAVAILABLE: "days you can't run are always rest",
}


def day_label(day: date) -> str:
    return day.strftime("%a %d %b").replace(" 0", " ")


@dataclass(slots=True)
class Enforced:
    """What the guardrails changed: one note per rule, and the rule behind each changed day."""

    notes: list[RuleNote] = field(default_factory=list)
    touched: dict[date, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Pass:
    plan: Plan
    ctx: PlanContext
    paces: TrainingPaces
    changes: dict[str, list[str]] = field(default_factory=dict)
    touched: dict[date, str] = field(default_factory=dict)

    def put(self, week: PlanWeek, old: Workout, new: Workout, rule: str, what: str) -> None:
        week.workouts[week.workouts.index(old)] = new
        self.touched[old.date] = rule
        self.touched[new.date] = rule
        self.changes.setdefault(rule, []).append(what)

    def future(self, w: Workout) -> bool:
        return w.date >= self.ctx.today


def _downgrade(p: _Pass, week: PlanWeek, w: Workout, rule: str, why: str) -> None:
    p.put(week, w, reshape(w, p.paces, kind=K.EASY),
          rule, f"{day_label(w.date)}: {w.kind} becomes an easy run ({why})")


def _unavailable(p: _Pass) -> None:
    off = set(p.ctx.unavailable_days)
    hard = R.hard_days(p.plan)
    longs = {w.date for wk in p.plan.weeks for w in wk.workouts if w.kind is K.LONG}
    for week in p.plan.weeks:
        for w in list(week.workouts):
            if not (p.future(w) and w.kind in RUNS and w.kind is not K.RACE
                    and w.date.weekday() in off):
                continue
            free = [r for r in week.workouts if r.kind is K.REST and p.future(r)
                    and r.date.weekday() not in off and _fits(w, r.date, hard, longs)]
            free.sort(key=lambda r: (abs((r.date - w.date).days), r.date))
            rest = make_rest(w.date, "not one of your running days")
            if free:
                moved = copy_workout(w)
                moved.date = free[0].date
                week.workouts[week.workouts.index(free[0])] = moved
                p.put(week, w, rest, R.RULE_UNAVAILABLE,
                      f"the {w.kind} on {day_label(w.date)} moved to {day_label(moved.date)}")
                if w.kind in QUALITY:
                    hard.pop(w.date, None)
                    hard[moved.date] = moved
            else:
                p.put(week, w, rest, R.RULE_UNAVAILABLE,
                      f"the {w.kind} on {day_label(w.date)} was dropped (no free day that week)")
        week.workouts.sort(key=lambda x: x.date)


def _fits(w: Workout, day: date, hard: dict[date, Workout], longs: set[date]) -> bool:
    if w.kind in QUALITY:
        return (day - ONE_DAY not in hard and day + ONE_DAY not in hard
                and day + ONE_DAY not in longs)
    if w.kind is K.LONG:
        before = hard.get(day - ONE_DAY)
        return before is None or before.kind not in QUALITY
    return True


def _quality_count(p: _Pass) -> None:
    limit = max_quality(p.ctx.level)
    for week in p.plan.weeks:
        quality = [w for w in week.workouts if w.kind in QUALITY]
        for w in reversed(quality):
            if len(quality) <= limit:
                break
            if p.future(w):
                _downgrade(p, week, w, R.RULE_QUALITY_COUNT, "third hard session that week"
                           if limit == 2 else "too many hard sessions that week")
                quality.remove(w)


def _spacing(p: _Pass) -> None:
    where = {w.date: wk for wk in p.plan.weeks for w in wk.workouts}
    hard = R.hard_days(p.plan)
    longs = {w.date for wk in p.plan.weeks for w in wk.workouts if w.kind is K.LONG}
    for day in sorted(hard):
        w = hard.get(day)
        if w is None:
            continue
        after = hard.get(day + ONE_DAY)
        if after is not None:
            victim = after if (after.kind in QUALITY and p.future(after)) else w
            if victim.kind in QUALITY and p.future(victim):
                _downgrade(p, where[victim.date], victim, R.RULE_QUALITY_SPACING,
                           "no hard sessions on consecutive days")
                del hard[victim.date]
                w = hard.get(day)
        if w is not None and w.kind in QUALITY and p.future(w) and day + ONE_DAY in longs:
            _downgrade(p, where[day], w, R.RULE_QUALITY_SPACING, "the day before the long run")
            del hard[day]


def _long_runs(p: _Pass) -> None:
    for week in p.plan.weeks:
        for w in list(week.workouts):
            if w.kind is not K.LONG or not p.future(w):
                continue
            others = week_m(week) - run_m(w)
            by_share = R.long_share_cap_m(others)
            cap = R.long_cap_m(p.ctx, week, w, p.paces)
            if run_m(w) <= cap + R.TOLERANCE_M:
                continue
            rule = R.RULE_LONG_SHARE if by_share <= cap + R.TOLERANCE_M else R.RULE_LONG_TIME
            new_m = floor_to(cap)
            if new_m >= _MIN_LONG_M:
                new = reshape(w, p.paces, distance_m=new_m)
                what = f"{day_label(w.date)}: long run {run_m(w) / 1000:.1f} km → " \
                       f"{new_m / 1000:.1f} km"
            else:
                new = reshape(w, p.paces, kind=K.EASY,
                              distance_m=min(run_m(w), max(new_m, _MIN_LONG_M)))
                what = f"{day_label(w.date)}: too little running that week for a long run; " \
                       f"an easy {(new.distance_m or 0) / 1000:.1f} km instead"
            p.put(week, w, new, rule, what)


def _easy_share(p: _Pass) -> None:
    for week in p.plan.weeks:
        while R.easy_share(week, p.paces, p.ctx.today) < R.MIN_EASY_TIME_SHARE - 1e-9:
            quality = [w for w in week.workouts if w.kind in QUALITY and p.future(w)]
            if not quality:
                break
            _downgrade(p, week, quality[-1], R.RULE_EASY_SHARE, "too much hard running that week")


def _scale_down(p: _Pass, week: PlanWeek, excess: float, rule: str, what: str) -> None:
    _, future = R.past_future_m(week, p.ctx.today)
    if future <= 0:
        return
    factor = max(0.0, (future - excess) / future)
    for w in list(week.workouts):
        if not (p.future(w) and w.kind in RUNS and w.kind is not K.RACE):
            continue
        new_m = floor_to((w.distance_m or 0.0) * factor)
        if new_m < MIN_RUN_M:
            new = make_rest(w.date, "weekly volume cap")
        else:
            new = reshape(w, p.paces, distance_m=new_m)
        week.workouts[week.workouts.index(w)] = new
        p.touched[w.date] = rule
    p.changes.setdefault(rule, []).append(what)


def _weekly_increase(p: _Pass, base_m: float) -> None:
    weeks = p.plan.weeks
    for i, week in enumerate(weeks):
        cap = R.weekly_cap_m(weeks, i, base_m)
        excess = R.excess_m(week, cap, p.ctx.today)
        if excess > R.TOLERANCE_M:
            before = R.training_m(week)
            _scale_down(p, week, excess, R.RULE_WEEKLY_INCREASE,
                        f"week {week.week}: {before / 1000:.1f} km → at most {cap / 1000:.1f} km")


def _taper(p: _Pass) -> None:
    taper, peak = R.taper_layout(p.plan, p.ctx)
    for n, (i, frac) in enumerate(zip(taper, R.taper_caps(len(taper)), strict=True)):
        week = p.plan.weeks[i]
        want = Phase.RACE if n == len(taper) - 1 else Phase.TAPER
        if week.phase is not want:
            week.phase = want
            p.changes.setdefault(R.RULE_TAPER, []).append(f"week {week.week} is a taper week")
        excess = R.excess_m(week, peak * frac, p.ctx.today)
        if excess > R.TOLERANCE_M:
            _scale_down(p, week, excess, R.RULE_TAPER,
                        f"week {week.week}: at most {peak * frac / 1000:.1f} km "
                        f"({frac:.0%} of the {peak / 1000:.1f} km peak)")


def enforce(plan: Plan, ctx: PlanContext, paces: TrainingPaces | None = None) -> Enforced:
    """Make `plan` (changed in place) keep every guardrail; report each rule that acted."""
    paces = paces or training_paces(vdot_for(ctx, plan.vdot))
    base_m = baseline_km(ctx) * 1000.0
    done = _Pass(plan, ctx, paces)
    for _ in range(_MAX_PASSES):
        p = _Pass(plan, ctx, paces)
        _unavailable(p)
        _spacing(p)
        _quality_count(p)
        _long_runs(p)
        _easy_share(p)
        _weekly_increase(p, base_m)
        _taper(p)
        for rule, items in p.changes.items():
            done.changes.setdefault(rule, []).extend(items)
        done.touched.update(p.touched)
        if not p.changes:
            break
    notes = []
    for rule in R.GUARDRAILS:
        items = done.changes.get(rule, [])
        if items:
            shown = "; ".join(dict.fromkeys(items[:3]))
            more = f" (and {len(items) - 3} more)" if len(items) > 3 else ""
            notes.append(RuleNote(rule, f"{shown}{more} — {_WHY[rule]}."))
    return Enforced(notes, done.touched)
