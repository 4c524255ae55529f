"""Once-only marks for proactive messages, and the athletes who may receive them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain.athletes import Athlete, IdentityKind
from storage.repositories.athletes import athlete_from_row
from storage.tables import AthleteRow, IdentityRow
from storage.tables_telegram import CoachDeliveryRow


class SqlDeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, athlete_id: UUID, kind: str, day: date) -> bool:
        inserted = (await self._session.execute(
            insert(CoachDeliveryRow).values(athlete_id=athlete_id, kind=kind, day=day)
            .on_conflict_do_nothing().returning(CoachDeliveryRow.athlete_id)
        )).first()
        return inserted is not None

    async def release(self, athlete_id: UUID, kind: str, day: date) -> None:
        await self._session.execute(delete(CoachDeliveryRow).where(
            CoachDeliveryRow.athlete_id == athlete_id, CoachDeliveryRow.kind == kind,
            CoachDeliveryRow.day == day))

    async def audience(self, after: UUID | None, limit: int) -> list[Athlete]:
        reachable = select(IdentityRow.athlete_id).where(
            IdentityRow.kind == IdentityKind.TELEGRAM.value)
        stmt = (select(AthleteRow)
                .where(AthleteRow.id.in_(reachable),
                       or_(AthleteRow.morning_message.is_(True), AthleteRow.weekly_review.is_(True)))
                .order_by(AthleteRow.id).limit(limit))
        if after is not None:
            stmt = stmt.where(AthleteRow.id > after)
        rows = (await self._session.execute(stmt)).scalars().all()
        return [athlete_from_row(row) for row in rows]
