"""The feed: a runner's runs and the shared runs of those they follow, each with the workout it fulfilled."""

from __future__ import annotations

import base64
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from coach.domain.athletes import Athlete
from coach.domain.errors import InvalidInput, NotFound
from coach.domain.plans import Workout
from coach.domain.runs import Run, Visibility
from coach.engine import match_runs
from coach.ports import UnitOfWork
from coach.ports_web import FeedCursor
from coach.services.container import Dependencies
from coach.services.time import day_bounds_utc, monday_of

log = logging.getLogger(__name__)

MAX_LIMIT = 50
_ETAG_TTL_S = 24 * 3600.0


@dataclass(slots=True)
class FeedItem:
    run: Run
    athlete: Athlete
    planned: Workout | None
    is_own: bool


@dataclass(slots=True)
class FeedPage:
    items: list[FeedItem]
    next_cursor: str | None


def encode_cursor(run: Run) -> str:
    assert run.id is not None
    raw = f"{run.start_time.isoformat()}|{run.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> FeedCursor:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _, run_id = raw.partition("|")
        at = datetime.fromisoformat(when)
        if at.tzinfo is None:
            raise ValueError
        return at, UUID(run_id)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("That page cursor is not one this feed handed out.") from None


class FeedService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def page(self, viewer_id: UUID, cursor: str | None = None, limit: int = 20) -> FeedPage:
        """Newest first; `next_cursor` is None on the last page."""
        limit = max(1, min(limit, MAX_LIMIT))
        before = decode_cursor(cursor) if cursor else None
        async with self._deps.uow() as uow:
            rows = await uow.social.feed(viewer_id, limit + 1, before)
            shown = rows[:limit]
            planned = await self._planned(uow, [run for run, _ in shown],
                                          {athlete.id: athlete for _, athlete in shown})
        items = [FeedItem(run, athlete, planned.get(run.id) if run.id else None,
                          athlete.id == viewer_id) for run, athlete in shown]
        more = len(rows) > limit
        return FeedPage(items, encode_cursor(shown[-1][0]) if more and shown else None)

    async def run_for(self, viewer_id: UUID, run_id: UUID) -> FeedItem:
        """One run with its stream, for its owner or (when shared) a follower; NotFound otherwise."""
        async with self._deps.uow() as uow:
            run = await uow.runs.get(run_id)
            if run is None or run.athlete_id is None:
                raise NotFound("No such run.")
            if run.athlete_id != viewer_id and not (
                    run.visibility is Visibility.FOLLOWERS
                    and await uow.social.is_following(viewer_id, run.athlete_id)):
                # The same answer as a missing run: nobody learns that a private run exists.
                raise NotFound("No such run.")
            owner = await uow.athletes.get(run.athlete_id)
            assert owner is not None
            planned = await self._planned(uow, [run], {owner.id: owner})
        return FeedItem(run, owner, planned.get(run_id), owner.id == viewer_id)

    async def set_visibility(self, athlete_id: UUID, run_id: UUID, visibility: str) -> Run:
        try:
            wanted = Visibility(visibility)
        except ValueError:
            raise InvalidInput("A run is either shared with followers or private.") from None
        async with self._deps.uow() as uow:
            run = await uow.runs.get(run_id)
            if run is None or run.athlete_id != athlete_id:
                raise NotFound("No such run.")
            run.visibility = wanted
            await uow.runs.save(run)
            await uow.commit()
        return run

    async def _planned(self, uow: UnitOfWork, runs: list[Run],
                       athletes: dict[UUID, Athlete]) -> dict[UUID, Workout]:
        """The planned workout each run fulfilled, by the plan engine's own matching."""
        by_athlete: dict[UUID, list[Run]] = defaultdict(list)
        for run in runs:
            if run.athlete_id is not None:
                by_athlete[run.athlete_id].append(run)
        out: dict[UUID, Workout] = {}
        for athlete_id, theirs in by_athlete.items():
            plan = await uow.plans.active(athlete_id)
            if plan is None or not plan.weeks:
                continue
            days = [r.local_start.date() for r in theirs]
            first: date = monday_of(min(days))
            last: date = monday_of(max(days)) + timedelta(days=7)
            start, end = day_bounds_utc(athletes[athlete_id], first, last)
            # Matching is per week, so it needs every run of those weeks, not just the page's.
            week_runs = await uow.runs.list_between(athlete_id, start - timedelta(days=1),
                                                    end + timedelta(days=1))
            for day, matched in match_runs(plan, week_runs).items():
                workout = plan.workout_on(day)
                if matched.id is not None and workout is not None and workout.kind.is_run:
                    out[matched.id] = workout
        return out

    async def etag_slot(self, viewer_id: UUID, query: str) -> tuple[str, str | None]:
        """(cache key, the ETag stored for it): the key names the viewer's feed as it is now, so
        any change to what the feed could show moves to a new key with no ETag yet."""
        async with self._deps.uow() as uow:
            fingerprint = await uow.social.feed_fingerprint(viewer_id)
        digest = hashlib.sha256(f"{fingerprint}|{query}".encode()).hexdigest()[:32]
        key = f"feed:etag:{viewer_id}:{digest}"
        return key, await self._deps.cache.get(key)

    async def remember_etag(self, key: str, etag: str) -> None:
        await self._deps.cache.set(key, etag, _ETAG_TTL_S)
