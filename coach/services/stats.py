"""Weekly statistics: distance, time and training load, and progress against the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from coach.domain.athletes import Athlete
from coach.domain.errors import NotFound
from coach.domain.plans import Plan, week_monday
from coach.domain.runs import Run
from coach.science.load import LoadSummary, WeekTotal, acute_chronic, daily_loads, weekly_totals
from coach.services.container import Dependencies
from coach.services.time import athlete_today, day_bounds_utc, monday_of

# The chronic average needs about six weeks of history before the first week shown.
_LEAD_IN_DAYS = 42
# Against less than four weeks of history the ratio says more about the start of the record
# than about the runner.
MIN_RATIO_HISTORY_DAYS = 28


@dataclass(slots=True)
class WeeklyStats:
    weeks: list[WeekTotal]
    load: LoadSummary
    runs_counted: int


@dataclass(slots=True)
class WeekProgress:
    total: WeekTotal
    planned_m: float | None
    load_ratio: float | None


@dataclass(slots=True)
class Progress:
    weeks: list[WeekProgress]  # oldest first; the last is this week
    load: LoadSummary


@dataclass(slots=True)
class _Window:
    """The runs of the weeks shown (plus the lead-in chronic load needs), summed per week and day."""

    athlete: Athlete
    today: date
    runs: list[Run]
    plan: Plan | None
    totals: list[WeekTotal]
    loads: dict[date, float]


class StatsService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def _window(self, athlete_id: UUID, weeks: int, *, with_plan: bool) -> _Window:
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            if athlete is None:
                raise NotFound("No such runner.")
            today = athlete_today(athlete, self._deps.clock)
            first = monday_of(today) - timedelta(weeks=weeks - 1, days=_LEAD_IN_DAYS)
            start, end = day_bounds_utc(athlete, first, today + timedelta(days=1))
            runs = await uow.runs.list_between(athlete_id, start, end)
            plan = await uow.plans.active(athlete_id) if with_plan else None
        prefs = athlete.preferences
        hr = {"max_hr": prefs.max_hr, "resting_hr": prefs.resting_hr,
              "threshold_hr": prefs.threshold_hr}
        return _Window(athlete, today, runs, plan, weekly_totals(runs, weeks, today, **hr),
                       daily_loads(runs, **hr))

    async def weekly(self, athlete_id: UUID, weeks: int = 4) -> WeeklyStats:
        window = await self._window(athlete_id, max(1, min(weeks, 52)), with_plan=False)
        return WeeklyStats(weeks=window.totals, load=acute_chronic(window.loads, window.today),
                           runs_counted=len(window.runs))

    async def progress(self, athlete_id: UUID, weeks: int = 12) -> Progress:
        """Each week's distance and time against the plan, with the load ratio at its end."""
        window = await self._window(athlete_id, max(1, min(weeks, 52)), with_plan=True)
        out: list[WeekProgress] = []
        for total in window.totals:
            week = window.plan.week(total.week) if window.plan is not None else None
            end_day = min(week_monday(total.week) + timedelta(days=6), window.today)
            summary = acute_chronic(window.loads, end_day)
            ratio = summary.ratio if summary.days_of_history >= MIN_RATIO_HISTORY_DAYS else None
            out.append(WeekProgress(total, week.planned_distance_m if week else None, ratio))
        return Progress(out, acute_chronic(window.loads, window.today))
