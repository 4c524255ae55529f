"""The conversation kept per athlete: every turn, newest last."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.ports import Message
from storage.tables import MessageRow


class SqlMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, athlete_id: UUID, message: Message) -> None:
        self._session.add(MessageRow(athlete_id=athlete_id, role=message.role,
                                     content=message.content, meta=message.meta))
        await self._session.flush()

    async def last(self, athlete_id: UUID, limit: int) -> list[Message]:
        rows = (await self._session.execute(
            select(MessageRow).where(MessageRow.athlete_id == athlete_id)
            .order_by(MessageRow.id.desc()).limit(limit)
        )).scalars().all()
        return [Message(role=r.role, content=r.content, created_at=r.created_at, meta=r.meta)
                for r in reversed(rows)]
