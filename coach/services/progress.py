"""Progress over recent weeks: distance done against the plan, and the acute:chronic load ratio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from coach.domain.errors import NotFound
from coach.domain.plans import week_monday
from coach.science.load import LoadSummary, WeekTotal, acute_chronic, daily_loads, weekly_totals
from coach.services.container import Dependencies
from coach.services.time import athlete_today, day_bounds_utc, monday_of

# The chronic average needs about six weeks of history before the first week shown.
_LEAD_IN_DAYS = 42
MIN_RATIO_HISTORY_DAYS = 28


@dataclass(slots=True)
class WeekProgress:
    total: WeekTotal
    planned_m: float | None
    load_ratio: float | None


@dataclass(slots=True)
class Progress:
    weeks: list[WeekProgress]  # oldest first; the last is this week
    load: LoadSummary


class ProgressService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def weekly(self, athlete_id: UUID, weeks: int = 12) -> Progress:
        weeks = max(1, min(weeks, 52))
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            if athlete is None:
                raise NotFound("No such runner.")
            today = athlete_today(athlete, self._deps.clock)
            first = monday_of(today) - timedelta(weeks=weeks - 1, days=_LEAD_IN_DAYS)
            start, end = day_bounds_utc(athlete, first, today + timedelta(days=1))
            runs = await uow.runs.list_between(athlete_id, start, end)
            plan = await uow.plans.active(athlete_id)
        prefs = athlete.preferences
        totals = weekly_totals(runs, weeks, today, max_hr=prefs.max_hr, resting_hr=prefs.resting_hr,
                               threshold_hr=prefs.threshold_hr)
        loads = daily_loads(runs, max_hr=prefs.max_hr, resting_hr=prefs.resting_hr,
                            threshold_hr=prefs.threshold_hr)
        out: list[WeekProgress] = []
        for total in totals:
            week = plan.week(total.week) if plan is not None else None
            end_day = min(week_monday(total.week) + timedelta(days=6), today)
            summary = acute_chronic(loads, end_day)
            # Against less than four weeks of history the ratio says more about the start of
            # the record than about the runner.
            ratio = summary.ratio if summary.days_of_history >= MIN_RATIO_HISTORY_DAYS else None
            out.append(WeekProgress(total, week.planned_distance_m if week else None, ratio))
        return Progress(out, acute_chronic(loads, today))
