"""Plans, workouts, diffs and post-run notes as chat text, in the runner's language and units."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.domain.athletes import Athlete, Language, Units
from coach.domain.plans import PlanWeek, RuleNote, Workout, WorkoutDiff
from coach.domain.runs import Run
from coach.engine.versioning import Adjustment
from coach.i18n import format_day, t
from coach.ports import Reply
from coach.units import format_distance, format_duration, format_pace, format_pace_range, pace_suffix


def day_label(lang: Language, day: date) -> str:
    return format_day(lang, day)


def kind_name(lang: Language, kind: str) -> str:
    return t(lang, f"kind_{kind}")


def workout_summary(lang: Language, units: Units, w: Workout | None) -> str:
    """`tempo 8.0 km` / `템포 8.0 km`, or `rest` / `휴식` when nothing is planned."""
    if w is None:
        return kind_name(lang, "rest")
    parts = [kind_name(lang, w.kind.value)]
    if w.distance_m:
        parts.append(format_distance(w.distance_m, units))
    elif w.duration_s:
        parts.append(format_duration(w.duration_s))
    return " ".join(parts)


def workout_line(lang: Language, units: Units, w: Workout, *, with_day: bool = True) -> str:
    """One line per workout: day, kind, distance and pace as m:ss per km (per mile in miles)."""
    text = workout_summary(lang, units, w)
    if w.pace_s_per_km:
        lo, hi = w.pace_s_per_km
        pace = (format_pace(lo, units) if abs(hi - lo) < 1
                else format_pace_range(lo, hi, units))
        text += f" @ {pace} {pace_suffix(units)}"
    return f"{day_label(lang, w.date)}: {text}" if with_day else text


def week_lines(lang: Language, units: Units, week: PlanWeek,
               done: dict[date, Run] | None = None) -> list[str]:
    lines = [t(lang, "plan_week_header", week=week.week, phase=t(lang, f"phase_{week.phase.value}"),
               distance=format_distance(week.planned_distance_m, units))]
    for w in sorted(week.workouts, key=lambda x: x.date):
        mark = " ✓" if done and w.date in done else ""
        lines.append(workout_line(lang, units, w) + mark)
    return lines


def diff_lines(lang: Language, units: Units, diff: Sequence[WorkoutDiff]) -> list[str]:
    lines = []
    for d in diff:
        before = workout_summary(lang, units, d.before)
        after = workout_summary(lang, units, d.after)
        if before == after and d.after is not None and d.after.pace_s_per_km:
            after = workout_line(lang, units, d.after, with_day=False)
        rule = f" — {t(lang, 'rule_' + d.rule) if _known_rule(d.rule) else d.rule}" if d.rule else ""
        lines.append(f"{day_label(lang, d.date)}: {before} → {after}{rule}")
    return lines


def rule_lines(lang: Language, rules: Sequence[RuleNote]) -> list[str]:
    """Why the engine changed what was asked. English keeps the engine's detailed sentence."""
    if lang is Language.EN:
        return [f"• {r.detail}" for r in rules]
    return [f"• {t(lang, 'rule_' + r.rule)}" if _known_rule(r.rule) else f"• {r.detail}"
            for r in rules]


def _known_rule(rule: str | None) -> bool:
    from coach.i18n import has_key

    return rule is not None and has_key(f"rule_{rule}")


def post_run_note(athlete: Athlete, run: Run, planned: Workout | None,
                  adjustment: Adjustment | None) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    pace = run.pace_s_per_km
    done = t(lang, "note_done", distance=format_distance(run.distance_m, units),
             time=format_duration(run.moving_s),
             pace=f"{format_pace(pace, units)} {pace_suffix(units)}" if pace else "-")
    lines = [done]
    if not run.counts_as_running:
        lines.append(t(lang, "note_cross"))
    elif planned is None or not planned.kind.is_run:
        lines.append(t(lang, "note_unplanned"))
    else:
        lines.append(t(lang, "note_planned", workout=workout_line(lang, units, planned, with_day=False)))
        if planned.distance_m:
            ratio = run.distance_m / planned.distance_m
            key = "note_on_target" if 0.9 <= ratio <= 1.1 else (
                "note_longer" if ratio > 1.1 else "note_shorter")
            lines.append(t(lang, key))
    if adjustment is not None and adjustment.diff:
        lines.append(t(lang, "note_plan_changed"))
        lines.extend(diff_lines(lang, units, adjustment.diff)[:6])
    return Reply(text="\n".join(lines), plan_changed=bool(adjustment and adjustment.diff))
