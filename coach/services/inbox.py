"""Exactly-once handling of inbound deliveries that their sender may repeat."""

from __future__ import annotations

from coach.services.container import Dependencies


class InboxService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def claim_telegram_update(self, update_id: int) -> bool:
        """True once per update id across every process; later deliveries are duplicates."""
        async with self._deps.uow() as uow:
            claimed = await uow.inbox.claim_telegram_update(update_id)
            await uow.commit()
        return claimed
