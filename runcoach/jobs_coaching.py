"""Proactive coaching jobs: a periodic tick finds who is due a message, one job sends each.

procrastinate defers a periodic task once per tick across every worker (its periodic-defer
table is the single runner), and each send claims its (athlete, kind, day) mark first, so
no message goes out twice however many workers run.
"""

from __future__ import annotations

import logging
from datetime import date
from uuid import UUID

from procrastinate import JobContext

from coach.services.coaching import SEND_TASK
from runcoach.jobs import runtime_of, tasks

log = logging.getLogger(__name__)


@tasks.periodic(cron="*/5 * * * *", periodic_id="coaching-tick")
@tasks.task(name="coaching.tick", queue="coaching", pass_context=True)
async def coaching_tick(context: JobContext, timestamp: int) -> int:
    """Queue the morning messages and weekly reviews that are due now."""
    queued = await runtime_of(context).services.coaching.queue_due()
    if queued:
        log.info("queued %d proactive message(s)", queued)
    return queued


@tasks.task(name=SEND_TASK, queue="coaching", pass_context=True, retry=2)
async def coaching_send(context: JobContext, athlete_id: str, kind: str, day: str) -> bool:
    return await runtime_of(context).services.coaching.send(UUID(athlete_id), kind,
                                                            date.fromisoformat(day))
