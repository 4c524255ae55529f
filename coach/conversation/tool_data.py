"""The reading tools that must filter by source (COACH_LLM_STRAVA_DATA): profile, runs, load.

The services answer for every source; what the model may see of Strava-sourced runs is
decided here, before anything is serialised.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coach.conversation import tool_views as views
from coach.conversation.tool_views import StravaPolicy
from coach.domain.athletes import WEEKDAYS, Athlete, Units
from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal
from coach.domain.runs import Run
from coach.science.load import acute_chronic, daily_loads, weekly_totals
from coach.science.zones import hr_zones, pace_zones
from coach.services import Services
from coach.services.time import athlete_today, day_bounds_utc, monday_of
from coach.units import format_distance, format_duration, format_pace, pace_suffix

# Runs fetched per page when Strava runs are filtered out of a listing; pages are bounded.
_PAGE = 100
_MAX_PAGES = 5
# Chronic load looks back six weeks; fetch enough history for it to settle (as StatsService).
_LOAD_HISTORY_DAYS = 84


class ToolData:
    def __init__(self, services: Services, policy: StravaPolicy) -> None:
        self.services = services
        self.policy = policy

    @staticmethod
    def goal_view(goal: Goal | None, units: Units) -> dict[str, Any]:
        if goal is None or goal.race_distance_m is None:
            return {"kind": "general fitness"}
        view: dict[str, Any] = {"kind": "race", "distance": format_distance(goal.race_distance_m, units),
                                "race_date": goal.race_date.isoformat() if goal.race_date else None}
        if goal.target_time_s:
            view["target_time"] = format_duration(goal.target_time_s)
        return view

    async def profile(self, athlete: Athlete) -> dict[str, Any]:
        prefs = athlete.preferences
        units = prefs.units
        goal = await self.services.goals.current(athlete.id)
        fitness = await self.services.plans.fitness(athlete.id)
        profile: dict[str, Any] = {
            "name": athlete.display_name, "goal": self.goal_view(goal, units),
            "level": prefs.level.value, "runs_per_week": prefs.runs_per_week,
            "long_run_day": WEEKDAYS[prefs.long_run_day],
            "days_never_run": [WEEKDAYS[d] for d in prefs.unavailable_days],
            "units": units.value, "language": prefs.language.value, "timezone": prefs.timezone,
            "today": athlete_today(athlete, self.services.deps.clock).isoformat()}
        effort = fitness.effort
        if effort is not None and not views.counted(effort, self.policy):
            profile["vdot"] = None
            profile["vdot_note"] = "withheld: it comes from a Strava activity, not shared here"
            return profile
        profile["vdot"] = round(fitness.vdot, 1)
        profile["vdot_source"] = fitness.source
        if effort is not None and views.detail_allowed(effort, self.policy):
            profile["vdot_from_run"] = views.run_summary(effort, units)
        suffix = pace_suffix(units)
        profile["pace_zones"] = {z.name: f"{format_pace(z.fast_s_per_km, units)}–"
                                         f"{format_pace(z.slow_s_per_km, units)} {suffix}"
                                 for z in pace_zones(fitness.vdot)}
        if prefs.max_hr or prefs.threshold_hr:
            profile["hr_zones"] = {z.name: f"{round(z.low_bpm)}–{round(z.high_bpm)}" for z in hr_zones(
                max_hr=prefs.max_hr, threshold_hr=prefs.threshold_hr, resting_hr=prefs.resting_hr)}
        return profile

    async def list_runs(self, athlete: Athlete, since: date | None, until: date | None,
                        limit: int) -> dict[str, Any]:
        if since and until and since > until:
            raise InvalidInput("`since` is after `until`.")
        before = None
        if until is not None:
            before, _ = day_bounds_utc(athlete, until + timedelta(days=1), until + timedelta(days=2))
        shown: list[Run] = []
        hidden = 0
        done = False
        async with self.services.deps.uow() as uow:
            for _ in range(_MAX_PAGES):
                page = await uow.runs.recent(athlete.id, _PAGE if self._filters else limit, before)
                for run in page:
                    if since and run.local_start.date() < since:
                        done = True
                        break
                    if views.detail_allowed(run, self.policy):
                        shown.append(run)
                    else:
                        hidden += 1
                    if len(shown) >= limit:
                        done = True
                        break
                if done or not self._filters or len(page) < _PAGE:
                    break
                before = page[-1].start_time
        units = athlete.preferences.units
        result: dict[str, Any] = {"runs": [views.run_summary(r, units) for r in shown]}
        if hidden:
            result["note"] = (f"{hidden} Strava run(s) in this range are not listed: this server "
                              "shares " + ("only totals of Strava runs (see get_training_load)."
                                           if self.policy is StravaPolicy.SUMMARIES
                                           else "no Strava data with the AI coach."))
        if not shown and not hidden:
            result["note"] = "No runs in this range."
        return result

    @property
    def _filters(self) -> bool:
        return self.policy is not StravaPolicy.ALLOW

    async def training_load(self, athlete: Athlete, weeks: int) -> dict[str, Any]:
        units = athlete.preferences.units
        if self.policy is not StravaPolicy.DENY:
            stats = await self.services.stats.weekly(athlete.id, weeks)
            return views.load(stats.weeks, stats.load, units)
        # Strava runs must not count at all, so the totals are summed here without them.
        prefs = athlete.preferences
        today = athlete_today(athlete, self.services.deps.clock)
        first = min(monday_of(today) - timedelta(weeks=weeks - 1),
                    today - timedelta(days=_LOAD_HISTORY_DAYS))
        start, end = day_bounds_utc(athlete, first, today + timedelta(days=1))
        async with self.services.deps.uow() as uow:
            runs = [r for r in await uow.runs.list_between(athlete.id, start, end)
                    if views.counted(r, self.policy)]
        totals = weekly_totals(runs, weeks, today, max_hr=prefs.max_hr, resting_hr=prefs.resting_hr)
        loads = daily_loads(runs, max_hr=prefs.max_hr, resting_hr=prefs.resting_hr)
        result = views.load(totals, acute_chronic(loads, today), units)
        result["note"] = "Strava runs are left out of these totals on this server."
        return result
