"""Following runners by handle: their shared runs then appear in the follower's feed."""

from __future__ import annotations

from uuid import UUID

from coach.domain.athletes import Athlete
from coach.domain.errors import InvalidInput, NotFound
from coach.services.container import Dependencies


def _clean_handle(handle: str) -> str:
    value = handle.strip().lstrip("@").strip()
    if not value or len(value) > 64:
        raise InvalidInput("Type the runner's handle, e.g. @kim_runs.")
    return value


class FollowService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def follow(self, athlete_id: UUID, handle: str) -> Athlete:
        wanted = _clean_handle(handle)
        async with self._deps.uow() as uow:
            other = await uow.athletes.get_by_handle(wanted)
            if other is None:
                raise NotFound(f"There is no runner @{wanted}.")
            if other.id == athlete_id:
                raise InvalidInput("You can't follow yourself.")
            await uow.social.follow(athlete_id, other.id)
            await uow.commit()
        return other

    async def unfollow(self, athlete_id: UUID, handle: str) -> bool:
        wanted = _clean_handle(handle)
        async with self._deps.uow() as uow:
            other = await uow.athletes.get_by_handle(wanted)
            if other is None:
                return False
            gone = await uow.social.unfollow(athlete_id, other.id)
            await uow.commit()
        return gone

    async def following(self, athlete_id: UUID) -> list[Athlete]:
        async with self._deps.uow() as uow:
            return await uow.social.following(athlete_id)

    async def followers(self, athlete_id: UUID) -> list[Athlete]:
        async with self._deps.uow() as uow:
            return await uow.social.followers(athlete_id)
