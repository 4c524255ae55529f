"""Inbound deliveries already handled (Telegram update ids), so a redelivery is handled once."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import ProcessedUpdateRow


class SqlInboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_telegram_update(self, update_id: int) -> bool:
        """True for the first claim of this update id, in whichever process makes it."""
        inserted = (await self._session.execute(
            insert(ProcessedUpdateRow).values(update_id=update_id)
            .on_conflict_do_nothing().returning(ProcessedUpdateRow.update_id)
        )).first()
        return inserted is not None
