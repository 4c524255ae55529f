"""Messages the coach starts: the morning workout and Sunday's review of the week."""

from __future__ import annotations

from coach.conversation.render import week_lines, workout_line
from coach.conversation.workouts import describe
from coach.domain.athletes import Athlete
from coach.domain.plans import PlanWeek, Workout
from coach.i18n import t
from coach.ports import Button, Reply
from coach.science.load import WeekTotal
from coach.units import format_distance


def morning_message(athlete: Athlete, workout: Workout) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    text = "\n".join([
        t(lang, "morning_hello", name=athlete.display_name,
          workout=workout_line(lang, units, workout, with_day=False)),
        describe(lang, units, workout),
        t(lang, "morning_done_hint"),
    ])
    day = workout.date.isoformat()
    return Reply(text=text, buttons=[[Button(t(lang, "button_done"), f"done:{day}"),
                                      Button(t(lang, "button_skip"), f"skip:{day}")]])


def weekly_review(athlete: Athlete, week: str, done: WeekTotal, planned_m: float,
                  next_week: PlanWeek | None) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    lines = [t(lang, "review_header", week=week, done=format_distance(done.distance_m, units),
               planned=format_distance(planned_m, units), runs=done.run_count)]
    share = done.distance_m / planned_m if planned_m > 0 else (1.0 if done.distance_m else 0.0)
    key = ("review_none" if done.distance_m <= 0 else "review_all" if share >= 0.95 else
           "review_most" if share >= 0.7 else "review_some")
    lines.append(t(lang, key))
    lines.append("")
    if next_week is None:
        lines.append(t(lang, "review_no_next"))
    else:
        lines.append(t(lang, "review_next"))
        lines += week_lines(lang, units, next_week)
    return Reply(text="\n".join(lines))
