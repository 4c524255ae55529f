"""After a new run: reconcile the plan with it and tell the runner how it went (the post-run note)."""

from __future__ import annotations

import logging
from uuid import UUID

from coach.conversation.render import post_run_note
from coach.ports import Reply
from coach.services.container import Dependencies
from coach.services.plans import PlanService

log = logging.getLogger(__name__)


class AfterRunService:
    def __init__(self, deps: Dependencies, plans: PlanService) -> None:
        self._deps = deps
        self._plans = plans

    async def history_arrived(self, athlete_id: UUID) -> None:
        """Many past runs came at once (a backfill, a sync): reconcile once, with no notes."""
        await self._plans.reconcile(athlete_id)

    async def process(self, athlete_id: UUID, run_id: UUID, *, notify: bool = True) -> Reply | None:
        """Reconcile, store the coach's note on the run, and send it when the runner wants notes.

        Returns the note (None if the run is gone). Safe to call twice for the same run: the
        second reconciliation finds nothing to change, and the note is sent only once.
        """
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
            run = await uow.runs.get(run_id)
        if athlete is None or run is None or run.athlete_id != athlete_id:
            return None
        adjustment = await self._plans.reconcile(athlete_id)
        today = await self._plans.today(athlete_id, run.local_start.date())
        reply = post_run_note(athlete, run, today.workout, adjustment)
        async with self._deps.uow() as uow:
            stored = await uow.runs.get(run_id)
            first_time = stored is not None and stored.coach_note is None
            if stored is not None:
                stored.coach_note = reply.text
                await uow.runs.save(stored)
                await uow.commit()
        notifier = self._deps.notifier
        if notify and first_time and notifier is not None and athlete.preferences.post_run_note:
            try:
                await notifier.notify(athlete_id, reply)
            except Exception:
                # The note is kept on the run; a failed send must not fail the job that called us.
                log.exception("could not send the post-run note for run %s", run_id)
        return reply
