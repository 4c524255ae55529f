"""What the templates show: runs, workouts, the week and the charts, formatted for one runner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from api.charts import pace_hr_points, pace_hr_svg, week_plan_svg, weekly_volume_svg
from api.texts import text
from coach.domain.athletes import Language, Units
from coach.domain.plans import Workout, WorkoutKind
from coach.domain.runs import Run
from coach.i18n import weekday_name
from coach.science.load import WeekTotal
from coach.services.feed import FeedItem
from coach.units import (
    distance_in,
    format_distance,
    format_duration,
    format_pace,
    format_pace_range,
    pace_suffix,
)


@dataclass(slots=True)
class RunCard:
    id: str
    title: str
    when: str
    who: str
    handle: str
    is_own: bool
    distance: str
    time: str
    pace: str | None
    hr: str | None
    planned: str | None
    coach_note: str | None
    visibility: str


def workout_line(workout: Workout, units: Units, language: Language) -> str:
    parts = [text(language, f"kind_{workout.kind.value}")]
    if workout.distance_m:
        parts.append(format_distance(workout.distance_m, units))
    elif workout.duration_s:
        parts.append(format_duration(workout.duration_s))
    if workout.pace_s_per_km:
        fast, slow = workout.pace_s_per_km
        parts.append(format_pace_range(fast, slow, units) + pace_suffix(units))
    return " · ".join(parts)


def run_title(run: Run, language: Language) -> str:
    if run.title:
        return run.title
    return f"{weekday_name(language, run.local_start.weekday())} {run.sport.value.replace('_', ' ')}"


def run_card(item: FeedItem, units: Units, language: Language) -> RunCard:
    run = item.run
    pace = run.pace_s_per_km
    return RunCard(
        id=str(run.id), title=run_title(run, language),
        when=run.local_start.strftime("%Y-%m-%d %H:%M"),
        who=text(language, "you") if item.is_own else item.athlete.display_name,
        handle=item.athlete.handle, is_own=item.is_own,
        distance=format_distance(run.distance_m, units, decimals=2),
        time=format_duration(run.moving_s),
        pace=format_pace(pace, units) + pace_suffix(units) if pace else None,
        hr=f"{run.avg_hr:.0f}" if run.avg_hr else None,
        planned=workout_line(item.planned, units, language) if item.planned else None,
        coach_note=run.coach_note, visibility=run.visibility.value,
    )


def run_details(run: Run, units: Units) -> dict[str, Any]:
    """Laps and splits as table rows."""
    def row(distance_m: float, elapsed_s: float, hr: float | None) -> dict[str, str]:
        pace = elapsed_s / (distance_m / 1000) if distance_m > 0 else None
        return {"distance": format_distance(distance_m, units, decimals=2),
                "time": format_duration(elapsed_s),
                "pace": format_pace(pace, units) if pace else "–",
                "hr": f"{hr:.0f}" if hr else "–"}

    return {"laps": [row(lap.distance_m, lap.elapsed_s, lap.avg_hr) for lap in run.laps],
            "splits": [row(s.distance_m, s.elapsed_s, s.avg_hr) for s in run.splits]}


def run_chart(run: Run, units: Units, language: Language) -> Markup | None:
    return pace_hr_svg(pace_hr_points(run, units), units=units,
                       title=text(language, "pace_hr_chart"),
                       pace_label=f"{text(language, 'pace')} ({pace_suffix(units)})",
                       hr_label=text(language, "hr"))


def volume_chart(weeks: list[WeekTotal], units: Units, language: Language) -> Markup:
    bars = []
    for week in weeks:
        # Just the week number: twelve bars share a narrow column.
        bars.append((week.week.split("-W")[-1], round(distance_in(week.distance_m, units), 1)))
    return weekly_volume_svg(bars, unit=units.value, title=text(language, "volume_title"))


@dataclass(slots=True)
class WeekRow:
    day: str
    planned: str
    done: str | None
    run_id: str | None
    is_today: bool


def week_view(week: dict[str, Any], units: Units, language: Language,
              today: date) -> tuple[list[WeekRow], Markup, str]:
    """Rows for the week's table, the planned-vs-done chart, and the totals line."""
    rows: list[WeekRow] = []
    bars: list[tuple[str, float, float]] = []
    for w in week["workouts"]:
        day = date.fromisoformat(w["date"])
        workout = Workout(date=day, kind=WorkoutKind(w["kind"]), distance_m=w["distance_m"],
                          duration_s=w["duration_s"],
                          pace_s_per_km=tuple(w["pace_s_per_km"]) if w["pace_s_per_km"] else None,
                          description=w["description"])
        done = w.get("done")
        label = weekday_name(language, day.weekday())
        rows.append(WeekRow(day=label, planned=workout_line(workout, units, language),
                            done=format_distance(done["distance_m"], units) if done else None,
                            run_id=done["run_id"] if done else None, is_today=day == today))
        planned_m = workout.planned_distance_m
        bars.append((label, round(distance_in(planned_m, units), 1),
                     round(distance_in(done["distance_m"], units), 1) if done else 0.0))
    chart = week_plan_svg(bars, unit=units.value, title=text(language, "week_title"),
                          planned_label=text(language, "planned"), done_label=text(language, "done"))
    totals = (f"{text(language, 'planned')} {format_distance(week['planned_distance_m'], units)} · "
              f"{text(language, 'done')} {format_distance(week['done_distance_m'], units)}")
    return rows, chart, totals

