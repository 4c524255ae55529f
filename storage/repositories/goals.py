"""Goals: every goal an athlete set, the latest one current."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain.goals import Goal
from storage.tables import GoalRow


class SqlGoalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, athlete_id: UUID) -> Goal | None:
        row = (await self._session.execute(
            select(GoalRow).where(GoalRow.athlete_id == athlete_id)
            .order_by(GoalRow.id.desc()).limit(1)
        )).scalar_one_or_none()
        if row is None:
            return None
        return Goal(race_distance_m=row.race_distance_m, race_date=row.race_date,
                    target_time_s=row.target_time_s)

    async def set(self, athlete_id: UUID, goal: Goal) -> None:
        self._session.add(GoalRow(athlete_id=athlete_id, race_distance_m=goal.race_distance_m,
                                  race_date=goal.race_date, target_time_s=goal.target_time_s))
        await self._session.flush()
