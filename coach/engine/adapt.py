"""Changes a runner asks of the plan (skip, move, swap, shorten, …, sick, away) as new versions."""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable
from datetime import date, timedelta

from coach.domain.errors import InvalidInput
from coach.domain.plans import ChangeKind, Plan, PlanChange, Workout, WorkoutKind, iso_week
from coach.engine.guardrails import day_label
from coach.engine.request import PlanContext
from coach.engine.sessions import MIN_RUN_M, QUALITY, RUNS, copy_workout, floor_to, make_rest, reshape
from coach.engine.versioning import Adjustment, Editor

logger = logging.getLogger(__name__)

K = WorkoutKind
_MAX_SPAN_DAYS = 90
_MIN_TEMPO_M = 4500.0
RULE_SICK = "sick_ramp"
RULE_RETURN = "return_to_run"


def _run(ed: Editor, day: date, what: str) -> Workout:
    w = ed.need(day)
    if w.kind is K.RACE:
        raise InvalidInput(f"I won't {what} the race itself; change the goal instead.",
                           key="err_race_fixed")
    if w.kind not in RUNS:
        raise InvalidInput(f"{day_label(day)} is a rest day: there's nothing to {what}.",
                           key="err_rest_day", day=day)
    return w


def _percent(change: PlanChange, default: float) -> float:
    pct = default if change.percent is None else change.percent
    if not 0 < pct < 100:
        raise InvalidInput("The percentage must be between 0 and 100.")
    return pct


def _skip(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    w = _run(ed, day, "skip")
    ed.put(make_rest(day, "skipped"))
    return f"Skip the {w.kind} on {day_label(day)}"


def _exchange(ed: Editor, a_day: date, b_day: date) -> tuple[Workout, Workout]:
    a, b = ed.need(a_day), ed.need(b_day)
    if a_day == b_day:
        raise InvalidInput("That's the same day.")
    if WorkoutKind.RACE in (a.kind, b.kind):
        raise InvalidInput("The race stays on race day.", key="err_race_fixed")
    moved_a, moved_b = copy_workout(a), copy_workout(b)
    moved_a.date, moved_b.date = b_day, a_day
    if b.kind not in RUNS:
        moved_b = make_rest(a_day)
    ed.put(moved_a)
    ed.put(moved_b)
    return a, b


def _move(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    if change.to_date is None:
        raise InvalidInput("Which day should it move to?", key="move_usage")
    w = _run(ed, day, "move")
    _exchange(ed, day, change.to_date)
    return f"Move the {w.kind} from {day_label(day)} to {day_label(change.to_date)}"


def _swap(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    other = change.to_date
    if other is None:
        week = ed.week_of(day)
        later = [w.date for w in (week.workouts if week else [])
                 if w.date > day and w.kind in RUNS and w.kind is not K.RACE]
        if not later:
            raise InvalidInput(f"No later run that week to swap {day_label(day)} with.")
        other = later[0]
    a, b = _exchange(ed, day, other)
    return f"Swap {day_label(day)} ({a.kind}) with {day_label(other)} ({b.kind})"


def _shorten(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    w = _run(ed, day, "shorten")
    current = w.distance_m or 0.0
    if change.distance_m is not None:
        if change.distance_m >= current:
            raise InvalidInput("That isn't shorter than what's planned.")
        new_m = change.distance_m
    else:
        new_m = current * (1 - _percent(change, 20.0) / 100.0)
    if new_m < MIN_RUN_M:
        raise InvalidInput("That's too short to be worth a run; skip it instead.")
    ed.put(reshape(w, ed.paces, distance_m=floor_to(new_m)))
    return f"Shorten the {w.kind} on {day_label(day)}"


def _lengthen(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    w = _run(ed, day, "lengthen")
    current = w.distance_m or 0.0
    if change.distance_m is not None:
        if change.distance_m <= current:
            raise InvalidInput("That isn't longer than what's planned.")
        new_m = min(change.distance_m, 3 * current)
    else:
        new_m = current * (1 + _percent(change, 10.0) / 100.0)
    ed.put(reshape(w, ed.paces, distance_m=floor_to(new_m)))
    return f"Lengthen the {w.kind} on {day_label(day)}"


def _easier(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    w = _run(ed, day, "ease")
    d = w.distance_m or 0.0
    if w.kind in QUALITY:
        new = reshape(w, ed.paces, kind=K.EASY, distance_m=floor_to(d * 0.9))
    elif w.kind is K.LONG:
        new = reshape(w, ed.paces, distance_m=floor_to(d * 0.8))
    else:
        new = reshape(w, ed.paces, kind=K.RECOVERY, distance_m=max(MIN_RUN_M, floor_to(d * 0.8)))
    ed.put(new)
    return f"Make the {w.kind} on {day_label(day)} easier"


def _harder(ed: Editor, change: PlanChange) -> str:
    day = change.date or ed.today
    w = _run(ed, day, "toughen")
    d = w.distance_m or 0.0
    if w.kind in (K.EASY, K.RECOVERY):
        new = reshape(w, ed.paces, kind=K.TEMPO, distance_m=max(d, _MIN_TEMPO_M), note="")
    elif w.kind is K.LONG:
        new = reshape(w, ed.paces, distance_m=floor_to(d * 1.1))
    else:
        new = reshape(w, ed.paces, distance_m=floor_to(d * 1.15))
    ed.put(new)
    return f"Make the {w.kind} on {day_label(day)} harder"


def _span(ed: Editor, start: date, count: int, why: str) -> list[date]:
    if not 1 <= count <= _MAX_SPAN_DAYS:
        raise InvalidInput(f"That should be between 1 and {_MAX_SPAN_DAYS} days.")
    if start < ed.today:
        raise InvalidInput(f"{day_label(start)} is already past; I only change days from today on.",
                           key="err_past_day", day=start)
    cleared = []
    for day in ed.days(start, count):
        w = ed.get(day)
        if w is not None and w.kind in RUNS and w.kind is not K.RACE:
            ed.put(make_rest(day, why))
            cleared.append(day)
    return cleared


def _ease_back(ed: Editor, start: date, count: int, rule: str) -> None:
    """No hard sessions for `count` days from `start`; long runs cut by a fifth."""
    for day in ed.days(start, count):
        w = ed.get(day)
        if w is None or w.date < ed.today:
            continue
        if w.kind in QUALITY:
            ed.put(reshape(w, ed.paces, kind=K.EASY), rule)
        elif w.kind is K.LONG:
            ed.put(reshape(w, ed.paces, distance_m=floor_to((w.distance_m or 0) * 0.8)), rule)


def _rest_days(ed: Editor, change: PlanChange) -> str:
    start = change.date or ed.today
    count = change.days or 1
    _span(ed, start, count, "rest day")
    if count >= 3:
        _ease_back(ed, start + timedelta(days=count), min(count, 7), RULE_RETURN)
        ed.note(RULE_RETURN, f"After {count} days off, the next {min(count, 7)} days have no "
                             "hard sessions.")
    return f"Rest {count} day{'s' if count > 1 else ''} from {day_label(start)}"


def _away(ed: Editor, change: PlanChange) -> str:
    start = change.date or ed.today
    end = change.to_date if change.to_date is not None else start + timedelta(days=(change.days or 1) - 1)
    if end < start:
        raise InvalidInput("The return date is before the day you leave.")
    count = (end - start).days + 1
    _span(ed, start, count, "away")
    if count >= 5:
        _ease_back(ed, end + timedelta(days=1), min(count, 7), RULE_RETURN)
        ed.note(RULE_RETURN, f"After {count} days away, the next {min(count, 7)} days have no "
                             "hard sessions.")
    return f"Away {day_label(start)} – {day_label(end)}"


def _sick(ed: Editor, change: PlanChange) -> str:
    start = change.date or ed.today
    count = change.days or 1
    _span(ed, start, count, "sick")
    ramp = min(count, 7)
    ramp_start = start + timedelta(days=count)
    ramp_days = [d for d in ed.days(ramp_start, ramp) if (w := ed.get(d)) is not None
                 and w.kind in RUNS and w.kind is not K.RACE]
    old_week = ed.old.week(iso_week(start))
    easy = [x.distance_m or 0.0 for x in (old_week.workouts if old_week else [])
            if x.kind in (K.EASY, K.RECOVERY) and x.distance_m] or [5000.0]
    usual = statistics.median(easy)
    for n, day in enumerate(ramp_days):
        w = ed.get(day)
        assert w is not None
        frac = 0.5 + 0.4 * n / max(1, len(ramp_days) - 1) if len(ramp_days) > 1 else 0.5
        new_m = max(MIN_RUN_M, floor_to(usual * frac, 500.0))
        ed.put(reshape(w, ed.paces, kind=K.EASY if n else K.RECOVERY, distance_m=new_m, note=""),
               RULE_SICK)
    _ease_back(ed, ramp_start + timedelta(days=ramp), ramp, RULE_SICK)
    ed.note(RULE_SICK, f"After {count} day{'s' if count > 1 else ''} ill: {ramp} days of short "
                       f"easy running building back from half your usual easy run, then {ramp} "
                       "days without hard sessions.")
    return f"Sick for {count} day{'s' if count > 1 else ''} from {day_label(start)}"


_HANDLERS: dict[ChangeKind, Callable[[Editor, PlanChange], str]] = {
    ChangeKind.SKIP: _skip,
    ChangeKind.MOVE: _move,
    ChangeKind.SWAP: _swap,
    ChangeKind.SHORTEN: _shorten,
    ChangeKind.LENGTHEN: _lengthen,
    ChangeKind.EASIER: _easier,
    ChangeKind.HARDER: _harder,
    ChangeKind.REST_DAYS: _rest_days,
    ChangeKind.UNAVAILABLE: _away,
    ChangeKind.SICK: _sick,
}


def adjust_plan(plan: Plan, change: PlanChange, ctx: PlanContext) -> Adjustment:
    """The next version of `plan` with `change` made and every guardrail applied.

    Raises InvalidInput (with a message for the runner) when the change names a past day, a
    day outside the plan, or something that can't be done (skipping a rest day, moving the race).
    """
    ed = Editor(plan, ctx)
    reason = _HANDLERS[change.kind](ed, change)
    if change.reason:
        reason = f"{reason} ({change.reason})"
    return ed.finish(reason)
