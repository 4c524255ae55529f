"""Onboarding and preferences: finding or creating the athlete behind an identity."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import replace
from typing import Any
from uuid import UUID

from coach.domain.athletes import Athlete, IdentityKind, Language, Preferences
from coach.domain.errors import InvalidInput, NotFound
from coach.services.container import Dependencies

_HANDLE_SAFE = re.compile(r"[^a-z0-9_]+")


def _handle_base(name: str) -> str:
    base = _HANDLE_SAFE.sub("_", name.lower()).strip("_")[:24]
    return base or "runner"


class AthleteService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def get(self, athlete_id: UUID) -> Athlete:
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
        if athlete is None:
            raise NotFound("No such runner.")
        return athlete

    async def onboard(self, kind: IdentityKind, external_id: str, *, display_name: str,
                      language: Language | None = None, handle: str | None = None,
                      ) -> tuple[Athlete, bool]:
        """The athlete behind an identity, created on first contact. Returns (athlete, created)."""
        async with self._deps.uow() as uow:
            existing = await uow.athletes.find_by_identity(kind, external_id)
            if existing is not None:
                return existing, False
            wanted = _handle_base(handle or display_name)
            chosen = wanted
            while await uow.athletes.get_by_handle(chosen) is not None:
                chosen = f"{wanted}_{secrets.randbelow(10_000):04d}"
            prefs = Preferences(language=language or Language.EN)
            if prefs.language is Language.KO:
                prefs.timezone = "Asia/Seoul"  # a guess from the language; onboarding asks
            athlete = Athlete(id=uuid.uuid4(), handle=chosen,
                              display_name=display_name.strip()[:200] or chosen, preferences=prefs)
            await uow.athletes.add(athlete)
            if not await uow.athletes.link_identity(athlete.id, kind, external_id):
                # Another process onboarded the same person a moment ago: theirs stands.
                await uow.rollback()
                winner = await uow.athletes.find_by_identity(kind, external_id)
                assert winner is not None
                return winner, False
            await uow.commit()
        return athlete, True

    async def local(self, name: str) -> Athlete:
        """The athlete of `runcoach chat --user NAME` and the other local commands."""
        if not name.strip():
            raise InvalidInput("A user name can't be empty.")
        athlete, _ = await self.onboard(IdentityKind.LOCAL, name.strip(), display_name=name,
                                        handle=name)
        return athlete

    async def update_preferences(self, athlete_id: UUID, **changes: Any) -> Athlete:
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            if athlete is None:
                raise NotFound("No such runner.")
            athlete.preferences = replace(athlete.preferences, **changes)
            await uow.athletes.save(athlete)
            await uow.commit()
        return athlete

    async def identities(self, athlete_id: UUID) -> dict[IdentityKind, str]:
        async with self._deps.uow() as uow:
            return await uow.athletes.identities(athlete_id)

    async def get_state(self, athlete_id: UUID, key: str) -> dict[str, Any] | None:
        async with self._deps.uow() as uow:
            return await uow.athletes.get_state(athlete_id, key)

    async def set_state(self, athlete_id: UUID, key: str, value: dict[str, Any] | None) -> None:
        async with self._deps.uow() as uow:
            await uow.athletes.set_state(athlete_id, key, value)
            await uow.commit()
