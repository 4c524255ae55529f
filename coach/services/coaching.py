"""Proactive coaching: who is due a morning message or a weekly review, and sending each once.

A periodic job asks `queue_due` every few minutes; it queues one `coaching.send` job per
message due, and `send` claims (athlete, kind, day) in the database before sending, so
however many workers run and however often a tick repeats, a runner gets each message once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from coach.conversation.proactive import morning_message, weekly_review
from coach.domain.athletes import Athlete
from coach.domain.errors import NotFound
from coach.domain.plans import iso_week
from coach.ports import Reply
from coach.services.container import Dependencies
from coach.services.plans import PlanService
from coach.services.stats import StatsService
from coach.services.time import athlete_zone

log = logging.getLogger(__name__)

SEND_TASK = "coaching.send"
MORNING = "morning"
REVIEW = "review"
# A morning message is still worth sending this many hours after the chosen hour (a worker
# that was down at 7:00 catches up at 8:00), not later.
MORNING_WINDOW_H = 3
# Sunday's review goes out in the evening, when the week's running is usually done.
REVIEW_WEEKDAY = 6
REVIEW_HOUR = 19
_PAGE = 500


@dataclass(slots=True, frozen=True)
class Due:
    athlete_id: UUID
    kind: str
    day: date


def due_messages(athlete: Athlete, now: datetime) -> list[Due]:
    """What `athlete` should get at `now` (before checking what was already sent)."""
    prefs = athlete.preferences
    local = now.astimezone(athlete_zone(athlete))
    out: list[Due] = []
    if prefs.morning_message and prefs.morning_hour <= local.hour < prefs.morning_hour + MORNING_WINDOW_H:
        out.append(Due(athlete.id, MORNING, local.date()))
    if prefs.weekly_review and local.weekday() == REVIEW_WEEKDAY and local.hour >= REVIEW_HOUR:
        out.append(Due(athlete.id, REVIEW, local.date()))
    return out


class CoachingService:
    def __init__(self, deps: Dependencies, plans: PlanService, stats: StatsService) -> None:
        self._deps = deps
        self._plans = plans
        self._stats = stats

    async def due(self) -> list[Due]:
        """Every message due now across all reachable runners (paged through the database)."""
        now = self._deps.clock.now()
        found: list[Due] = []
        after: UUID | None = None
        while True:
            async with self._deps.uow() as uow:
                page = await uow.deliveries.audience(after, _PAGE)
            for athlete in page:
                found += due_messages(athlete, now)
            if len(page) < _PAGE:
                return found
            after = page[-1].id

    async def queue_due(self) -> int:
        """Queue a send job per message due; a job already waiting for the same one is kept."""
        if self._deps.notifier is None:
            return 0
        queued = 0
        for item in await self.due():
            async with self._deps.uow() as uow:
                job = await uow.jobs.defer(
                    SEND_TASK, {"athlete_id": str(item.athlete_id), "kind": item.kind,
                                "day": item.day.isoformat()},
                    queue="coaching", queueing_lock=f"coach:{item.kind}:{item.athlete_id}:{item.day}")
                await uow.commit()
            queued += job is not None
        return queued

    async def send(self, athlete_id: UUID, kind: str, day: date) -> bool:
        """Send one proactive message unless it went out already; True when delivered now."""
        notifier = self._deps.notifier
        if notifier is None:
            return False
        async with self._deps.uow() as uow:
            claimed = await uow.deliveries.claim(athlete_id, kind, day)
            await uow.commit()
        if not claimed:
            return False
        try:
            reply = await self.compose(athlete_id, kind, day)
            # Nothing to say today (a rest day, no plan): the claim stays, so no tick asks again.
            return reply is not None and await notifier.notify(athlete_id, reply)
        except Exception:
            # Not sent: let a later tick (or the job's retry) try again.
            async with self._deps.uow() as uow:
                await uow.deliveries.release(athlete_id, kind, day)
                await uow.commit()
            raise

    async def compose(self, athlete_id: UUID, kind: str, day: date) -> Reply | None:
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
        if athlete is None:
            return None
        if kind == MORNING:
            if not athlete.preferences.morning_message:
                return None
            today = await self._plans.today(athlete_id, day)
            if today.workout is None or not today.workout.kind.is_run or today.done is not None:
                return None
            return morning_message(athlete, today.workout)
        if kind == REVIEW:
            if not athlete.preferences.weekly_review:
                return None
            try:
                view = await self._plans.week(athlete_id, iso_week(day))
            except NotFound:
                return None
            done = (await self._stats.weekly(athlete_id, weeks=1)).weeks[-1]
            try:
                following = (await self._plans.week(athlete_id, offset_weeks=1)).week
            except NotFound:
                following = None
            return weekly_review(athlete, view.week.week, done, view.week.planned_distance_m,
                                 following)
        return None
