"""Enqueues procrastinate jobs inside the caller's transaction, so a job exists iff its cause does.

procrastinate's own `defer` uses its own connection; calling its versioned SQL entry point
(`procrastinate_defer_jobs_v1`, part of the schema applied by migration 0002) from our session
makes the job part of the same commit as the event row that caused it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, :priority, :lock, :queueing_lock,"
    " CAST(:args AS jsonb), :scheduled_at)::procrastinate_job_to_defer_v1])"
)


class SqlJobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def defer(self, task_name: str, args: dict[str, Any], *, queue: str = "default",
                    lock: str | None = None, queueing_lock: str | None = None, priority: int = 0,
                    scheduled_at: datetime | None = None) -> int | None:
        """Queue a job; None when `queueing_lock` says the same job is already waiting."""
        params = {"queue": queue, "task": task_name, "priority": priority, "lock": lock,
                  "queueing_lock": queueing_lock, "args": json.dumps(args),
                  "scheduled_at": scheduled_at}
        if queueing_lock is None:
            ids = (await self._session.execute(_DEFER, params)).scalar_one()
            return int(ids[0])
        try:
            # A savepoint, so a refused duplicate leaves the surrounding transaction usable.
            async with self._session.begin_nested():
                ids = (await self._session.execute(_DEFER, params)).scalar_one()
        except IntegrityError:
            return None
        return int(ids[0])
