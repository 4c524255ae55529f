"""Compact JSON views of runs, plans, diffs and load for the LLM, in the runner's units,
with Strava-sourced data shown only as far as COACH_LLM_STRAVA_DATA allows."""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from coach.domain.athletes import WEEKDAYS, Units
from coach.domain.plans import Plan, PlanWeek, RuleNote, Workout, WorkoutDiff
from coach.domain.runs import Run, RunSource
from coach.science.load import LoadSummary, WeekTotal
from coach.units import format_distance, format_duration, format_pace, format_pace_range, pace_suffix


class StravaPolicy(enum.StrEnum):
    """What Strava-sourced data the tools may give the model (Strava's terms restrict AI use)."""

    ALLOW = "allow"          # everything, like the runner's own files
    SUMMARIES = "summaries"  # only aggregates: no per-run detail, titles or streams
    DENY = "deny"            # Strava runs left out entirely, aggregates included


def dumps(value: Any) -> str:
    """Tool results as compact JSON (non-ASCII kept: Korean costs fewer tokens unescaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def is_strava(run: Run) -> bool:
    return run.source is RunSource.STRAVA


def detail_allowed(run: Run, policy: StravaPolicy) -> bool:
    """May the model see this run by itself (its date, distance, title, laps)?"""
    return not is_strava(run) or policy is StravaPolicy.ALLOW


def counted(run: Run, policy: StravaPolicy) -> bool:
    """May this run count in totals the model sees?"""
    return not is_strava(run) or policy is not StravaPolicy.DENY


def distance(metres: float | None, units: Units) -> str | None:
    return format_distance(metres, units) if metres else None


def pace(s_per_km: float | None, units: Units) -> str | None:
    if not s_per_km:
        return None
    return f"{format_pace(s_per_km, units)} {pace_suffix(units)}"


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields: every byte of a tool result is paid for in tokens."""
    return {k: v for k, v in item.items() if v not in (None, "", [], {}, False)}


def run_summary(run: Run, units: Units) -> dict[str, Any]:
    local = run.local_start
    return _clean({
        "run_id": str(run.id), "date": local.date().isoformat(), "time_of_day": local.strftime("%H:%M"),
        "sport": run.sport.value, "source": run.source.value, "title": run.title,
        "distance": distance(run.distance_m, units), "moving_time": format_duration(run.moving_s),
        "pace": pace(run.pace_s_per_km, units) if run.counts_as_running else None,
        "avg_hr": round(run.avg_hr) if run.avg_hr else None,
        "elevation_gain_m": round(run.elevation_gain_m) if run.elevation_gain_m else None,
        "race": run.is_race, "runner_note": run.runner_note,
    })


def run_detail(run: Run, units: Units) -> dict[str, Any]:
    """One run with its laps and splits (never the point stream: too big, and it says little)."""
    detail = run_summary(run, units)
    detail.update(_clean({
        "elapsed_time": format_duration(run.elapsed_s), "max_hr": round(run.max_hr) if run.max_hr else None,
        "avg_cadence": round(run.avg_cadence) if run.avg_cadence else None,
        "laps": [_clean({"n": n + 1, "distance": distance(lap.distance_m, units),
                         "time": format_duration(lap.moving_s or lap.elapsed_s),
                         "pace": pace((lap.moving_s or lap.elapsed_s) / (lap.distance_m / 1000), units)
                         if lap.distance_m > 0 else None,
                         "avg_hr": round(lap.avg_hr) if lap.avg_hr else None})
                 for n, lap in enumerate(run.laps[:40])],
        "splits": [_clean({"km" if units is Units.KM else "split": s.index + 1,
                           "distance": distance(s.distance_m, units),
                           "time": format_duration(s.elapsed_s),
                           "avg_hr": round(s.avg_hr) if s.avg_hr else None,
                           "elevation_change_m": round(s.elevation_change_m)
                           if s.elevation_change_m is not None else None})
                   for s in run.splits[:60]],
        "device": run.device,
    }))
    return detail


def workout(w: Workout | None, units: Units) -> dict[str, Any] | None:
    if w is None:
        return None
    band = None
    if w.pace_s_per_km:
        lo, hi = w.pace_s_per_km
        band = (pace(lo, units) if abs(hi - lo) < 1
                else f"{format_pace_range(lo, hi, units)} {pace_suffix(units)}")
    return _clean({"date": w.date.isoformat(), "day": WEEKDAYS[w.date.weekday()], "kind": w.kind.value,
                   "distance": distance(w.distance_m, units),
                   "duration": format_duration(w.duration_s) if w.duration_s else None,
                   "pace": band, "description": w.description})


def week(plan_week: PlanWeek, version: int, done: dict[date, Run], units: Units,
         policy: StravaPolicy) -> dict[str, Any]:
    """A plan week with what was done against it, Strava runs shown as the policy allows."""
    days = []
    done_m = 0.0
    withheld = 0
    for w in sorted(plan_week.workouts, key=lambda x: x.date):
        item = workout(w, units) or {}
        run = done.get(w.date)
        if run is not None and counted(run, policy):
            done_m += run.distance_m if run.counts_as_running else 0.0
            item["done"] = (_clean({"run_id": str(run.id), "distance": distance(run.distance_m, units),
                                    "pace": pace(run.pace_s_per_km, units)})
                            if detail_allowed(run, policy) else True)
        elif run is not None:
            withheld += 1
        days.append(item)
    view = {"week": plan_week.week, "plan_version": version, "phase": plan_week.phase.value,
            "planned": distance(plan_week.planned_distance_m, units) or "0",
            "done": distance(done_m, units) or "0", "workouts": days}
    if withheld:
        view["note"] = f"{withheld} day(s) were run with Strava activities, which are not shared here."
    return view


def rules(notes: Sequence[RuleNote]) -> list[dict[str, str]]:
    return [{"rule": n.rule, "why": n.detail} for n in notes]


def diff(lines: Sequence[WorkoutDiff], units: Units) -> list[dict[str, Any]]:
    return [_clean({"date": d.date.isoformat(), "day": WEEKDAYS[d.date.weekday()],
                    "before": _brief(d.before, units), "after": _brief(d.after, units),
                    "changed_by_rule": d.rule})
            for d in lines]


def _brief(w: Workout | None, units: Units) -> str:
    if w is None or not w.kind.is_run:
        return "rest"
    amount = distance(w.distance_m, units) or (format_duration(w.duration_s) if w.duration_s else "")
    return f"{w.kind.value} {amount}".strip()


def plan_outline(plan: Plan, units: Units) -> list[dict[str, Any]]:
    """The plan's weeks grouped by phase: bounded however long the plan is."""
    blocks: list[dict[str, Any]] = []
    for w in plan.weeks:
        km = distance(w.planned_distance_m, units) or "0"
        if blocks and blocks[-1]["phase"] == w.phase.value:
            blocks[-1]["to"] = w.week
            blocks[-1]["weekly"].append(km)
        else:
            blocks.append({"phase": w.phase.value, "from": w.week, "to": w.week, "weekly": [km]})
    return blocks


def load(weeks: Sequence[WeekTotal], summary: LoadSummary, units: Units) -> dict[str, Any]:
    return {
        "weeks": [_clean({"week": w.week, "distance": distance(w.distance_m, units) or "0",
                          "time": format_duration(w.time_s) if w.time_s else "0:00",
                          "runs": w.run_count, "cross_training": format_duration(w.cross_time_s)
                          if w.cross_time_s else None, "load": round(w.load)})
                  for w in weeks],
        "acute_load": round(summary.acute, 1), "chronic_load": round(summary.chronic, 1),
        "acute_chronic_ratio": round(summary.ratio, 2) if summary.ratio is not None else None,
        "fitness": round(summary.fitness, 1), "fatigue": round(summary.fatigue, 1),
        "form": round(summary.form, 1), "days_of_history": summary.days_of_history,
    }
