"""What changed between two plan versions, day by day, and that diff in plain English."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date

from coach.domain.goals import MILE_M
from coach.domain.plans import Plan, Workout, WorkoutDiff, WorkoutKind
from coach.engine.guardrails import day_label
from coach.engine.sessions import clock, same_workout

logger = logging.getLogger(__name__)

# Short reasons shown after a diff line, by rule id (guardrails and adaptation rules alike).
RULE_REASONS: dict[str, str] = {
    "weekly_increase": "weekly rise capped at 10 %",
    "long_run_share": "long run capped at 30 % of the week",
    "long_run_time": "long run capped at 2.5 h",
    "quality_count": "too many hard sessions that week",
    "quality_spacing": "hard days need an easy day between",
    "easy_share": "at least 75 % of the week easy",
    "taper": "taper before the race",
    "unavailable_rest": "not one of your running days",
    "acwr": "load above chronic",
    "extra_volume": "you ran more than planned",
    "missed": "missed runs, rebuilt at a lower volume",
    "realign": "missed session moved, not added",
    "vdot": "new race result",
    "sick_ramp": "easing back after illness",
    "return_to_run": "easing back after time off",
}


def diff_plans(old: Plan, new: Plan, rules: Mapping[date, str | None]) -> list[WorkoutDiff]:
    """Every day whose workout differs between `old` and `new`, with the rule that changed it."""
    before = {w.date: w for week in old.weeks for w in week.workouts}
    after = {w.date: w for week in new.weeks for w in week.workouts}
    out: list[WorkoutDiff] = []
    for day in sorted(before.keys() | after.keys()):
        b, a = before.get(day), after.get(day)
        if not same_workout(b, a):
            out.append(WorkoutDiff(day, b, a, rules.get(day)))
    return out


def _distance(metres: float, units: str) -> str:
    if units == "mi":
        return f"{metres / MILE_M:.1f} mi"
    return f"{metres / 1000.0:.1f} km"


def _pace(pace: tuple[float, float], units: str) -> str:
    factor = MILE_M / 1000.0 if units == "mi" else 1.0
    return f"{clock(pace[0] * factor)}–{clock(pace[1] * factor)}/{'mi' if units == 'mi' else 'km'}"


def _summary(w: Workout | None, units: str) -> str:
    if w is None:
        return "nothing"
    if w.kind is WorkoutKind.REST:
        return "rest"
    kind = "recovery run" if w.kind is WorkoutKind.RECOVERY else w.kind.value
    return f"{kind} {_distance(w.distance_m or 0.0, units)}"


def _pace_only(d: WorkoutDiff) -> bool:
    b, a = d.before, d.after
    return (b is not None and a is not None and b.kind is a.kind and b.distance_m == a.distance_m
            and b.pace_s_per_km is not None and a.pace_s_per_km is not None
            and b.pace_s_per_km != a.pace_s_per_km)


def _resized(d: WorkoutDiff) -> bool:
    b, a = d.before, d.after
    return (b is not None and a is not None and b.kind is a.kind and b.kind.is_run
            and b.kind is not WorkoutKind.RACE and (b.distance_m or 0) != (a.distance_m or 0))


def _fold(run: list[WorkoutDiff], units: str) -> str:
    first, last = day_label(run[0].date), day_label(run[-1].date)
    if all(_pace_only(d) for d in run):
        return f"Paces of {len(run)} workouts from {first} to {last} updated"
    change = sum((d.after.distance_m or 0) - (d.before.distance_m or 0)
                 for d in run if d.after is not None and d.before is not None)
    verb = "shorter" if change < 0 else "longer"
    return (f"{len(run)} workouts from {first} to {last}: {_distance(abs(change), units)} "
            f"{verb} in all")


def _suffix(rule: str | None) -> str:
    if not rule:
        return ""
    return f" — {RULE_REASONS.get(rule, rule.replace('_', ' '))} (rule {rule})"


def describe_diff(diff: list[WorkoutDiff], units: str = "km") -> list[str]:
    """One English line per changed day, e.g. `Thu 12 Mar: tempo 8.0 km → easy 6.0 km — ...`.

    More than three days in a row changed by the same rule only in pace (after a new race
    result) or only in distance (a guardrail trimming the weeks that follow) fold into one
    line, so a chat can show the diff.
    """
    lines: list[str] = []
    i = 0
    while i < len(diff):
        d = diff[i]
        j = i
        if d.rule is not None:
            same = _pace_only if _pace_only(d) else _resized if _resized(d) else None
            while same is not None and j < len(diff) and same(diff[j]) and diff[j].rule == d.rule:
                j += 1
        if j - i > 3:
            lines.append(_fold(diff[i:j], units) + _suffix(d.rule))
            i = j
            continue
        if _pace_only(d):
            assert d.before is not None and d.after is not None
            assert d.before.pace_s_per_km is not None and d.after.pace_s_per_km is not None
            text = (f"{_summary(d.after, units)} at {_pace(d.before.pace_s_per_km, units)} → "
                    f"{_pace(d.after.pace_s_per_km, units)}")
        elif d.before is not None and d.after is not None and d.before.kind is d.after.kind \
                and d.before.distance_m == d.after.distance_m:
            text = f"{_summary(d.after, units)}: {d.before.description} → {d.after.description}"
        else:
            text = f"{_summary(d.before, units)} → {_summary(d.after, units)}"
        lines.append(f"{day_label(d.date)}: {text}{_suffix(d.rule)}")
        i += 1
    return lines
