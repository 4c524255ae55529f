"""Setting a runner's goal: a race at a distance on a date, or general fitness."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal
from coach.services.container import Dependencies
from coach.services.time import athlete_today


class GoalService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def current(self, athlete_id: UUID) -> Goal | None:
        async with self._deps.uow() as uow:
            return await uow.goals.current(athlete_id)

    async def set_goal(self, athlete_id: UUID, goal: Goal) -> Goal:
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            assert athlete is not None
            today = athlete_today(athlete, self._deps.clock)
            if goal.race_distance_m is not None:
                if goal.race_date is None:
                    raise InvalidInput("A race goal needs a date, e.g. /goal half 2027-04-12.",
                                       key="err_goal_date")
                if goal.race_date <= today:
                    raise InvalidInput("The race date must be in the future.", key="err_goal_past")
                if goal.race_date > today + timedelta(days=730):
                    raise InvalidInput("That race is more than two years away; pick one within two years.",
                                       key="err_goal_far")
                if goal.target_time_s is not None:
                    pace = goal.target_time_s / (goal.race_distance_m / 1000)
                    if not 150 <= pace <= 1200:
                        raise InvalidInput("That target time works out to a pace I can't plan for "
                                           "(between 2:30 and 20:00 per km).", key="err_goal_pace")
            else:
                goal = Goal()
            await uow.goals.set(athlete_id, goal)
            await uow.commit()
        return goal
