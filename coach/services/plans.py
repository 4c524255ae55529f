"""Plans through the engine: create, show, propose a change, confirm or cancel, reconcile."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from coach.domain.athletes import Athlete
from coach.domain.errors import InvalidInput, NotFound
from coach.domain.goals import Goal
from coach.domain.plans import Plan, PlanChange, iso_week, week_monday
from coach.domain.runs import Run
from coach.engine import (
    PlanRequest,
    adjust_plan,
    build_plan,
    diff_plans,
    match_runs,
    plan_week_json,
    reconcile,
)
from coach.engine.request import vdot_for
from coach.engine.versioning import Adjustment, copy_plan
from coach.ports import UnitOfWork
from coach.science.fitness import estimate_vdot
from coach.science.load import weekly_totals
from coach.services.container import Dependencies
from coach.services.plan_codec import diff_from_json, diff_to_json
from coach.services.plan_views import Fitness, History, Proposal, Today, WeekView
from coach.services.time import athlete_today, day_bounds_utc

log = logging.getLogger(__name__)

__all__ = ["FITNESS_STATE", "Fitness", "PlanService", "Proposal", "Today", "WeekView"]

# How far back runs inform fitness, volume and reconciliation.
_HISTORY_DAYS = 365
_VOLUME_WEEKS = 6
# The state key under which onboarding keeps a runner's stated fitness (a recent race).
FITNESS_STATE = "fitness"


class PlanService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def _history(self, uow: UnitOfWork, athlete: Athlete) -> History:
        today = athlete_today(athlete, self._deps.clock)
        start, end = day_bounds_utc(athlete, today - timedelta(days=_HISTORY_DAYS),
                                    today + timedelta(days=1))
        return History(runs=await uow.runs.list_between(athlete.id, start, end), today=today)

    async def _request(self, uow: UnitOfWork, athlete: Athlete, history: History) -> PlanRequest:
        prefs = athlete.preferences
        goal = await uow.goals.current(athlete.id)
        today = history.today
        # Whole weeks before this one: the current week is still being run.
        totals = weekly_totals(history.runs, _VOLUME_WEEKS + 1, today, max_hr=prefs.max_hr,
                               resting_hr=prefs.resting_hr)[:-1]
        recent = [t.distance_m / 1000 for t in totals]
        if not any(recent):
            recent = []
        vdot = None
        estimate = estimate_vdot(history.runs, today, max_hr=prefs.max_hr,
                                 resting_hr=prefs.resting_hr)
        stated = await uow.athletes.get_state(athlete.id, FITNESS_STATE)
        if estimate is not None and estimate.confidence != "low":
            vdot = estimate.vdot
        elif stated and isinstance(stated.get("vdot"), int | float):
            vdot = float(stated["vdot"])
        elif estimate is not None:
            vdot = estimate.vdot
        return PlanRequest(
            goal=goal or Goal(), start=today, today=today, runs_per_week=prefs.runs_per_week,
            long_run_day=prefs.long_run_day, unavailable_days=tuple(prefs.unavailable_days),
            recent_weekly_km=tuple(recent), stated_weekly_km=prefs.stated_weekly_km,
            level=prefs.level, vdot=vdot)

    async def _context(self, uow: UnitOfWork, athlete: Athlete) -> tuple[History, PlanRequest]:
        """The runner's history and the engine request it gives, in one read."""
        history = await self._history(uow, athlete)
        return history, await self._request(uow, athlete, history)

    async def _active_context(self, uow: UnitOfWork, athlete_id: UUID
                              ) -> tuple[Plan, History, PlanRequest] | None:
        """The active plan with the history and request a change to it needs; None without one."""
        athlete = await self._athlete(uow, athlete_id)
        plan = await uow.plans.active(athlete_id)
        if plan is None:
            return None
        history, request = await self._context(uow, athlete)
        return plan, history, request

    async def _athlete(self, uow: UnitOfWork, athlete_id: UUID) -> Athlete:
        athlete = await uow.athletes.get(athlete_id)
        if athlete is None:
            raise NotFound("No such runner.")
        return athlete

    async def create_plan(self, athlete_id: UUID, *, reason: str | None = None,
                          from_week: str | None = None) -> Plan:
        """A fresh plan replacing the active one (proposals are dropped): from today, or from
        the Monday of a later `from_week`, keeping the active plan's weeks before it."""
        async with self._deps.uow() as uow:
            athlete = await self._athlete(uow, athlete_id)
            history, request = await self._context(uow, athlete)
            this_monday = week_monday(iso_week(history.today))
            start = _week_start(from_week) if from_week else this_monday
            if start < this_monday:
                raise InvalidInput(f"{from_week} is already past; a plan starts this week or later.")
            if start == this_monday:
                plan = build_plan(request)
            else:
                plan = _rebuilt_from(await uow.plans.active(athlete_id), request, start)
            plan.athlete_id = athlete_id
            plan.version = await uow.plans.latest_version(athlete_id) + 1
            if reason:
                plan.reason = reason
            await uow.plans.discard_proposals(athlete_id)
            await uow.plans.add(plan, status="active")
            await uow.commit()
        return plan

    async def active(self, athlete_id: UUID) -> Plan | None:
        async with self._deps.uow() as uow:
            return await uow.plans.active(athlete_id)

    async def _matched(self, uow: UnitOfWork, athlete: Athlete, plan: Plan,
                       first: date, last: date) -> dict[date, Run]:
        start, end = day_bounds_utc(athlete, first, last + timedelta(days=1))
        runs = await uow.runs.list_between(athlete.id, start, end)
        return match_runs(plan, runs)

    async def week(self, athlete_id: UUID, week: str | None = None, *,
                   offset_weeks: int = 0) -> WeekView:
        """A week of the active plan (this week, `offset_weeks` on, unless `week` is named)."""
        async with self._deps.uow() as uow:
            athlete = await self._athlete(uow, athlete_id)
            plan = await uow.plans.active(athlete_id)
            today = athlete_today(athlete, self._deps.clock)
            wanted = week or iso_week(today + timedelta(weeks=offset_weeks))
            plan_week = plan.week(wanted) if plan else None
            if plan is None or plan_week is None:
                raise NotFound(f"There is no plan for {wanted}." if plan else
                               "There is no plan yet: set a goal first (/goal).")
            monday = week_monday(wanted)
            done = await self._matched(uow, athlete, plan, monday, monday + timedelta(days=6))
        return WeekView(plan_week, plan.version, done)

    async def week_json(self, athlete_id: UUID, week: str | None = None) -> dict[str, Any]:
        """One week as `runcoach plan --json` prints it, with what was done against it."""
        view = await self.week(athlete_id, week)
        return plan_week_json(view.week, view.version, view.done)

    async def fitness(self, athlete_id: UUID) -> Fitness:
        async with self._deps.uow() as uow:
            athlete = await self._athlete(uow, athlete_id)
            history, request = await self._context(uow, athlete)
            effort = None
            estimate = estimate_vdot(history.runs, history.today,
                                     max_hr=athlete.preferences.max_hr,
                                     resting_hr=athlete.preferences.resting_hr)
            if estimate is not None and request.vdot == estimate.vdot:
                source = "runs"
                effort = next((r for r in history.runs if r.id == estimate.source_run_id), None)
            elif request.vdot is not None:
                source = "stated"
            else:
                source = "level"
        return Fitness(vdot=vdot_for(request), source=source, effort=effort)

    async def all_weeks_json(self, athlete_id: UUID) -> list[dict[str, Any]]:
        async with self._deps.uow() as uow:
            athlete = await self._athlete(uow, athlete_id)
            plan = await uow.plans.active(athlete_id)
            if plan is None or not plan.weeks:
                raise NotFound("There is no plan yet: set a goal first (/goal).")
            first = plan.weeks[0].monday
            done = await self._matched(uow, athlete, plan, first,
                                       plan.weeks[-1].monday + timedelta(days=6))
        return [plan_week_json(w, plan.version, done) for w in plan.weeks]

    async def today(self, athlete_id: UUID, day: date | None = None) -> Today:
        async with self._deps.uow() as uow:
            athlete = await self._athlete(uow, athlete_id)
            when = day or athlete_today(athlete, self._deps.clock)
            plan = await uow.plans.active(athlete_id)
            if plan is None:
                return Today(day=when, workout=None)
            done = await self._matched(uow, athlete, plan, when, when)
        return Today(day=when, workout=plan.workout_on(when), done=done.get(when),
                     plan_version=plan.version)

    async def propose(self, athlete_id: UUID, change: PlanChange) -> Proposal:
        """Compute a change through the engine and keep it as a proposal until confirmed."""
        async with self._deps.uow() as uow:
            active = await self._active_context(uow, athlete_id)
            if active is None:
                raise InvalidInput("There is no plan to change yet: set a goal first (/goal).")
            plan, _, request = active
            adjustment = adjust_plan(plan, change, request)
            if not adjustment.diff:
                raise InvalidInput("That change leaves the plan as it is.")
            proposal = await self._store_proposal(uow, athlete_id, adjustment)
            await uow.commit()
        return proposal

    async def propose_replan(self, athlete_id: UUID, *,
                             reason: str = "New preferences") -> Proposal | None:
        """Rebuild the plan from next week on with the runner's current preferences, kept as a
        proposal; this week stays as it is. None without a plan or when nothing would change."""
        async with self._deps.uow() as uow:
            active = await self._active_context(uow, athlete_id)
            if active is None:
                return None
            plan, history, request = active
            next_monday = week_monday(iso_week(history.today)) + timedelta(weeks=1)
            new = _rebuilt_from(plan, request, next_monday)
            new.version, new.reason, new.athlete_id = plan.version + 1, reason, athlete_id
            diff = diff_plans(plan, new, {})
            if not diff:
                return None
            proposal = await self._store_proposal(uow, athlete_id,
                                                  Adjustment(new, diff, new.rules_applied))
            await uow.commit()
        return proposal

    async def _store_proposal(self, uow: UnitOfWork, athlete_id: UUID,
                              adjustment: Adjustment) -> Proposal:
        plan = adjustment.plan
        plan.athlete_id = athlete_id
        plan.version = await uow.plans.latest_version(athlete_id) + 1
        plan.rules_applied = adjustment.rules_applied
        await uow.plans.discard_proposals(athlete_id)
        await uow.plans.add(plan, status="proposed", diff=diff_to_json(adjustment.diff))
        assert plan.id is not None
        return Proposal(plan.id, plan.version, adjustment.diff, adjustment.rules_applied,
                        plan.reason)

    async def pending(self, athlete_id: UUID) -> Proposal | None:
        async with self._deps.uow() as uow:
            plan = await uow.plans.proposed(athlete_id)
            if plan is None or plan.id is None:
                return None
            diff = diff_from_json(await uow.plans.proposal_diff(plan.id))
        return Proposal(plan.id, plan.version, diff, plan.rules_applied, plan.reason)

    async def confirm(self, athlete_id: UUID, plan_id: UUID | None = None) -> Plan | None:
        """Apply the pending proposal (the one named, if any); None when there is none."""
        async with self._deps.uow() as uow:
            plan = await uow.plans.proposed(athlete_id)
            if plan is None or plan.id is None or (plan_id is not None and plan.id != plan_id):
                return None
            await uow.plans.activate(plan.id)
            await uow.commit()
        return plan

    async def cancel(self, athlete_id: UUID) -> bool:
        async with self._deps.uow() as uow:
            had = await uow.plans.proposed(athlete_id) is not None
            await uow.plans.discard_proposals(athlete_id)
            await uow.commit()
        return had

    async def reconcile(self, athlete_id: UUID) -> Adjustment | None:
        """Bring the active plan in line with the runs; a change becomes the new version."""
        async with self._deps.uow() as uow:
            active = await self._active_context(uow, athlete_id)
            if active is None:
                return None
            plan, history, request = active
            adjustment = reconcile(plan, history.runs, history.today, request)
            if not adjustment.diff and adjustment.plan.vdot == plan.vdot:
                return None
            new = adjustment.plan
            new.athlete_id = athlete_id
            new.version = await uow.plans.latest_version(athlete_id) + 1
            new.rules_applied = adjustment.rules_applied
            # The runner's pending proposal was computed on the old version: drop it.
            await uow.plans.discard_proposals(athlete_id)
            await uow.plans.add(new, status="active", diff=diff_to_json(adjustment.diff))
            await uow.commit()
        return adjustment


def _week_start(week: str) -> date:
    try:
        return week_monday(week)
    except ValueError:
        raise InvalidInput(f"I can't read {week!r} as a week (try 2027-W05).") from None


def _rebuilt_from(old: Plan | None, request: PlanRequest, monday: date) -> Plan:
    """A new plan from `monday` on, after the old plan's weeks before it (copied as they were)."""
    request.start = monday
    fresh = build_plan(request)
    kept = [w for w in copy_plan(old).weeks if w.monday < monday] if old is not None else []
    return Plan(weeks=kept + fresh.weeks, reason=fresh.reason, rules_applied=fresh.rules_applied,
                vdot=fresh.vdot)
