"""Strava activities into the coach's runs: import (the shared dedupe path), update, delete,
and paging through history (the backfill after connecting, and `sync` for the LLM tool)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from coach.domain.runs import Run, RunSource, Visibility
from coach.domain.strava import (
    ActivityLink,
    ActivitySummary,
    BackfillProgress,
    StravaNotFound,
    StravaTokens,
)
from coach.ports_strava import StravaSetup
from coach.services.after_run import AfterRunService
from coach.services.container import Dependencies
from coach.services.runs import RunService
from coach.services.strava_access import StravaAccess

log = logging.getLogger(__name__)

ImportOutcome = Literal["imported", "duplicate", "gone", "deleted"]


class StravaActivities:
    def __init__(self, deps: Dependencies, setup: StravaSetup, access: StravaAccess,
                 runs: RunService, after_run: AfterRunService) -> None:
        self._deps = deps
        self._access = access
        self._runs = runs
        self._after_run = after_run
        self._setup = setup

    async def import_activity(self, athlete_id: UUID, activity_id: int, *,
                              note: bool) -> ImportOutcome:
        """Fetch and record one activity; with `note`, reconcile the plan and send the note."""
        async with self._deps.uow() as uow:
            known = await uow.strava.activity(athlete_id, activity_id)
        if known is not None and known.deleted:
            return "deleted"  # deleted on Strava already; a late create must not revive it

        async def fetch(tokens: StravaTokens) -> Run:
            return await self._access.gateway.fetch_run(tokens, activity_id)

        try:
            run = await self._access.call(athlete_id, fetch)
        except StravaNotFound:
            return "gone"
        result = await self._runs.record_run(athlete_id, run)
        assert result.run.id is not None
        async with self._deps.uow() as uow:
            await uow.strava.save_activity(ActivityLink(athlete_id, activity_id, result.run.id))
            await uow.commit()
        if note:
            # Safe to repeat: after_run sends a run's note once, whoever calls it again.
            await self._after_run.process(athlete_id, result.run.id)
        return result.status

    async def apply_update(self, athlete_id: UUID, activity_id: int,
                           updates: dict[str, str]) -> str:
        """Title, type and privacy changes made on Strava, onto the stored run."""
        async with self._deps.uow() as uow:
            known = await uow.strava.activity(athlete_id, activity_id)
        if known is None or known.run_id is None:
            # An update before its create (or for an activity we never saw): import it whole;
            # what we fetch already carries the change.
            return await self.import_activity(athlete_id, activity_id, note=True)
        if known.deleted:
            return "deleted"
        async with self._deps.uow() as uow:
            run = await uow.runs.get(known.run_id)
            if run is None or run.athlete_id != athlete_id:
                return "gone"
            changes: dict[str, object] = {}
            if "title" in updates:
                changes["title"] = updates["title"].strip() or None
            if "type" in updates:
                changes["sport"] = self._access.gateway.sport_for(updates["type"])
            if "private" in updates:
                private = updates["private"].lower() == "true"
                changes["visibility"] = Visibility.PRIVATE if private else Visibility.FOLLOWERS
            if not changes:
                return "unchanged"
            await uow.runs.save(replace(run, **changes))  # type: ignore[arg-type]
            await uow.commit()
        return "updated"

    async def delete(self, athlete_id: UUID, activity_id: int) -> str:
        """Strava deleted the activity: drop the run Strava gave us; keep a tombstone."""
        outcome = "absent"
        async with self._deps.uow() as uow:
            known = await uow.strava.activity(athlete_id, activity_id)
            run = None
            if known is not None and known.run_id is not None:
                run = await uow.runs.get(known.run_id)
            if run is None:
                run = await uow.runs.find_by_source(athlete_id, RunSource.STRAVA.value, str(activity_id))
            # A run that came from a file the runner uploaded stays: only Strava's copy went.
            if run is not None and run.id is not None and run.source is RunSource.STRAVA:
                await uow.runs.delete(run.id)
                outcome = "deleted"
            elif run is not None:
                outcome = "kept"
            await uow.strava.save_activity(ActivityLink(athlete_id, activity_id, None, deleted=True))
            await uow.commit()
        return outcome

    # ---- history -----------------------------------------------------------------------------

    async def _page(self, athlete_id: UUID, after: datetime, before: datetime,
                    page: int) -> list[ActivitySummary]:
        async def listing(tokens: StravaTokens) -> list[ActivitySummary]:
            return await self._access.gateway.list_activities(
                tokens, after=after, before=before, page=page, per_page=self._setup.page_size)

        return await self._access.call(athlete_id, listing)

    async def _import_new(self, athlete_id: UUID, activity_id: int) -> bool:
        async with self._deps.uow() as uow:
            if await uow.strava.activity(athlete_id, activity_id) is not None:
                return False  # seen before (or deleted): costs no call to Strava
        return await self.import_activity(athlete_id, activity_id, note=False) == "imported"

    async def backfill(self, athlete_id: UUID, weeks: int) -> BackfillProgress:
        """Import the last `weeks` weeks, page by page, resuming where an earlier attempt (cut
        short by a rate limit or a crash) stopped. The window is fixed when it starts, so runs
        arriving meanwhile (through the webhook) don't shift the pages."""
        async with self._deps.uow() as uow:
            progress = await uow.strava.backfill(athlete_id)
        if progress is None or progress.status not in ("queued", "running"):
            progress = self.new_progress(athlete_id, weeks)
        if progress.status == "queued":
            progress.status = "running"
            await self._save(progress)
            await self._access.tell(athlete_id, "backfill_started", weeks=weeks)
        while True:
            summaries = await self._page(athlete_id, progress.after, progress.before, progress.page)
            if not summaries:  # Strava pages may be short mid-list: only an empty one ends it
                break
            for summary in summaries:
                if await self._import_new(athlete_id, summary.id):
                    progress.imported += 1
                    await self._save(progress)
            progress.page += 1
            progress.seen += len(summaries)
            await self._save(progress)
            if progress.imported - progress.reported >= self._setup.progress_every:
                progress.reported = progress.imported
                await self._save(progress)
                await self._access.tell(athlete_id, "backfill_progress", count=progress.imported)
        progress.status = "done"
        await self._save(progress)
        if progress.imported:
            # History shapes the plan (recent volume, fitness): bring it in line once, quietly.
            await self._after_run.history_arrived(athlete_id)
        await self._access.tell(athlete_id, "backfill_done", count=progress.imported, weeks=weeks)
        return progress

    def new_progress(self, athlete_id: UUID, weeks: int) -> BackfillProgress:
        now = self._deps.clock.now()
        return BackfillProgress(athlete_id=athlete_id, after=now - timedelta(weeks=weeks),
                                before=now + timedelta(minutes=1), status="queued")

    async def _save(self, progress: BackfillProgress) -> None:
        async with self._deps.uow() as uow:
            await uow.strava.save_backfill(progress)
            await uow.commit()

    async def sync(self, athlete_id: UUID, since: datetime) -> int:
        """Import what Strava has since `since` that the coach lacks; how many were new."""
        before = self._deps.clock.now() + timedelta(minutes=1)
        imported, page = 0, 1
        while summaries := await self._page(athlete_id, since, before, page):
            for summary in summaries:
                imported += await self._import_new(athlete_id, summary.id)
            page += 1
        if imported:
            await self._after_run.history_arrived(athlete_id)
        return imported
