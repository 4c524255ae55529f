"""Weekly statistics: distance, time and training load for the recent weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from coach.domain.runs import Run
from coach.science.load import LoadSummary, WeekTotal, acute_chronic, daily_loads, weekly_totals
from coach.services.container import Dependencies
from coach.services.time import athlete_today, day_bounds_utc, monday_of

# Chronic load looks back 6 weeks; fetch enough history for it to settle.
_LOAD_HISTORY_DAYS = 84


@dataclass(slots=True)
class WeeklyStats:
    weeks: list[WeekTotal]
    load: LoadSummary
    runs_counted: int


class StatsService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def weekly(self, athlete_id: UUID, weeks: int = 4) -> WeeklyStats:
        weeks = max(1, min(weeks, 52))
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            assert athlete is not None
            today = athlete_today(athlete, self._deps.clock)
            first = min(monday_of(today) - timedelta(weeks=weeks - 1),
                        today - timedelta(days=_LOAD_HISTORY_DAYS))
            start, end = day_bounds_utc(athlete, first, today + timedelta(days=1))
            runs: list[Run] = await uow.runs.list_between(athlete_id, start, end)
        prefs = athlete.preferences
        totals = weekly_totals(runs, weeks, today, max_hr=prefs.max_hr, resting_hr=prefs.resting_hr)
        loads = daily_loads(runs, max_hr=prefs.max_hr, resting_hr=prefs.resting_hr)
        return WeeklyStats(weeks=totals, load=acute_chronic(loads, today), runs_counted=len(runs))
