"""Calling Strava as a runner: a valid token every time, refreshed by one process at a time.

A token due to expire is refreshed under a row lock on the runner's link (`SELECT ... FOR
UPDATE`), and whoever gets the lock second finds it already fresh. A refused token is refreshed
once and the call retried; when Strava refuses the refresh too, the runner has revoked us:
the link goes, and the runner is told.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar
from uuid import UUID

from coach.domain.errors import NotFound
from coach.domain.strava import StravaAuthError, StravaTokens
from coach.ports import Reply
from coach.ports_strava import StravaGateway, StravaSetup
from coach.services.container import Dependencies
from coach.services.strava_text import NOT_LINKED, text

log = logging.getLogger(__name__)

T = TypeVar("T")


class StravaNotLinked(NotFound):
    """The runner has no Strava link (never had, or it was removed)."""


class StravaAccess:
    def __init__(self, deps: Dependencies, setup: StravaSetup) -> None:
        self._deps = deps
        self._setup = setup

    @property
    def gateway(self) -> StravaGateway:
        return self._setup.gateway

    def _due(self, tokens: StravaTokens) -> bool:
        margin = timedelta(seconds=self._setup.refresh_margin_s)
        return tokens.expires_at - margin <= self._deps.clock.now()

    async def tokens(self, athlete_id: UUID) -> StravaTokens:
        async with self._deps.uow() as uow:
            link = await uow.strava.link(athlete_id)
        if link is None:
            raise StravaNotLinked(NOT_LINKED)
        if not self._due(link.tokens):
            return link.tokens
        return await self._refresh(athlete_id, refused=None)

    async def _refresh(self, athlete_id: UUID, refused: StravaTokens | None) -> StravaTokens:
        async with self._deps.uow() as uow:
            link = await uow.strava.link(athlete_id, for_update=True)
            if link is None:
                raise StravaNotLinked(NOT_LINKED)
            current = link.tokens
            # Another process refreshed while we waited for the lock: use its tokens.
            if refused is None and not self._due(current):
                return current
            if refused is not None and current.access != refused.access:
                return current
            try:
                fresh = await self.gateway.refresh(current)
            except StravaAuthError:
                await uow.rollback()
                await self.revoked(athlete_id, link.strava_athlete_id)
                raise
            await uow.strava.save_tokens(athlete_id, fresh)
            await uow.commit()
        log.info("refreshed the Strava token of athlete %s", athlete_id)
        return fresh

    async def call(self, athlete_id: UUID, work: Callable[[StravaTokens], Awaitable[T]]) -> T:
        """`work(tokens)` with a valid token; one refresh-and-retry when Strava refuses it."""
        tokens = await self.tokens(athlete_id)
        try:
            return await work(tokens)
        except StravaAuthError:
            tokens = await self._refresh(athlete_id, refused=tokens)
        try:
            return await work(tokens)
        except StravaAuthError:
            async with self._deps.uow() as uow:
                link = await uow.strava.link(athlete_id)
            if link is not None:
                await self.revoked(athlete_id, link.strava_athlete_id)
            raise

    async def revoked(self, athlete_id: UUID, strava_athlete_id: int) -> bool:
        """Strava says the runner withdrew our access: unlink and tell them (once)."""
        removed = await self.unlink(athlete_id, strava_athlete_id)
        if removed:
            log.info("athlete %s revoked RunCoach's Strava access; link removed", athlete_id)
            await self.tell(athlete_id, "revoked")
        return removed

    async def unlink(self, athlete_id: UUID, strava_athlete_id: int | None = None) -> bool:
        async with self._deps.uow() as uow:
            link = await uow.strava.link(athlete_id, for_update=True)
            if link is None:
                return False
            if strava_athlete_id is not None and link.strava_athlete_id != strava_athlete_id:
                return False  # relinked to another Strava account since: that link stands
            await uow.strava.delete_link(athlete_id)
            await uow.commit()
        return True

    async def tell(self, athlete_id: UUID, key: str, **values: object) -> bool:
        notifier = self._deps.notifier
        if notifier is None:
            return False
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
        if athlete is None:
            return False
        try:
            return await notifier.notify(athlete_id, Reply(text=text(
                athlete.preferences.language, key, **values)))
        except Exception:
            # A message that can't be sent must not undo what was done (or fail the job).
            log.warning("could not tell athlete %s about Strava (%s)", athlete_id, key, exc_info=True)
            return False
