"""The plan as a calendar feed: a secret link per athlete that calendar apps subscribe to."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID

from coach.domain.athletes import Athlete
from coach.domain.errors import NotFound
from coach.domain.plans import Plan
from coach.services.container import Dependencies


@dataclass(slots=True)
class CalendarFeed:
    athlete: Athlete
    plan: Plan | None


class CalendarService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _url(self, token: str) -> str:
        return f"{self._deps.public_url.rstrip('/')}/calendar/{token}.ics"

    async def feed_url(self, athlete_id: UUID) -> str:
        """The athlete's calendar link (made on first request, the same afterwards)."""
        async with self._deps.uow() as uow:
            token = await uow.web_accounts.calendar_token(athlete_id)
            if token is None:
                token = secrets.token_urlsafe(24)
                await uow.web_accounts.set_calendar_token(athlete_id, token)
                await uow.commit()
        return self._url(token)

    async def reset_feed_url(self, athlete_id: UUID) -> str:
        """A new link; the old one stops working (for a link that was shared by mistake)."""
        token = secrets.token_urlsafe(24)
        async with self._deps.uow() as uow:
            await uow.web_accounts.set_calendar_token(athlete_id, token)
            await uow.commit()
        return self._url(token)

    async def feed(self, token: str) -> CalendarFeed:
        """What the link's calendar shows; NotFound for a link that isn't (or is no longer) one."""
        if not token or len(token) > 64:
            raise NotFound("No such calendar.")
        async with self._deps.uow() as uow:
            athlete_id = await uow.web_accounts.athlete_by_calendar_token(token)
            athlete = await uow.athletes.get(athlete_id) if athlete_id else None
            if athlete is None:
                raise NotFound("No such calendar.")
            plan = await uow.plans.active(athlete.id)
        return CalendarFeed(athlete, plan)
