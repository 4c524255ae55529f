"""Job-queue metrics for Prometheus, read from procrastinate's tables by a bounded background loop.

Every process that runs the loop reads the same database, so every instance reports the same
figures: dashboards and alerts aggregate them with `max by (queue)`, never `sum`.

- `runcoach_jobs_queue_depth{queue}`: jobs ready to run now and not yet taken.
- `runcoach_jobs_oldest_age_seconds{queue}`: how long the oldest of them has been waiting.
- `runcoach_jobs_failed_total{task}`: jobs that failed for good (their retries used up), counted
  from procrastinate's `failed` events; the first reading counts those already in the table, so the
  value survives a restart instead of starting again from zero. (Attempts that raised, retried or
  not, are `runcoach_job_failures_total`, counted by the worker that ran them.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prometheus_client import Counter, Gauge
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from runcoach.bootstrap import Runtime

log = logging.getLogger(__name__)

QUEUE_DEPTH = Gauge("runcoach_jobs_queue_depth", "Jobs ready to run and not yet taken, by queue",
                    ["queue"])
OLDEST_AGE = Gauge("runcoach_jobs_oldest_age_seconds",
                   "Seconds the oldest ready job of the queue has been waiting", ["queue"])
JOBS_FAILED = Counter("runcoach_jobs_failed", "Jobs that failed for good (no retry left), by task",
                      ["task"])

REFRESH_EVERY_S = 15.0
# Each reading is bounded twice: by the server (statement_timeout) and by the loop (wait_for).
STATEMENT_TIMEOUT_MS = 5000
REFRESH_TIMEOUT_S = 10.0

# A ready job's wait starts when it was deferred, retried, or scheduled for, whichever is latest.
_QUEUES_SQL = text("""
    SELECT j.queue_name,
           count(*) AS depth,
           coalesce(extract(epoch FROM now() - min(greatest(j.scheduled_at, e.at))), 0) AS oldest_s
    FROM procrastinate_jobs j
    LEFT JOIN LATERAL (
        SELECT max(ev.at) AS at FROM procrastinate_events ev
        WHERE ev.job_id = j.id AND ev.type IN ('deferred', 'deferred_for_retry', 'retried')
    ) e ON true
    WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
    GROUP BY j.queue_name
""")

# Incremental: only events after the last one counted (the primary key keeps this a range scan).
_FAILURES_SQL = text("""
    SELECT j.task_name, count(*) AS failures, max(ev.id) AS last_id
    FROM procrastinate_events ev
    JOIN procrastinate_jobs j ON j.id = ev.job_id
    WHERE ev.type = 'failed' AND ev.id > :after
    GROUP BY j.task_name
""")


def known_queues() -> set[str]:
    """The queues of every registered task, reported (at zero) even before their first job."""
    from runcoach import job_tasks  # noqa: F401  (registers the feature tasks on the blueprint)
    from runcoach.jobs import tasks

    return {task.queue for task in tasks.tasks.values()}


@dataclass
class JobQueueMetrics:
    """What one process has read so far: the queues seen (kept at zero once empty), the last failure."""

    queues: set[str] = field(default_factory=set)
    last_failure_id: int = 0

    async def refresh(self, engine: AsyncEngine) -> None:
        async with engine.connect() as conn:
            await conn.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
            queue_rows = (await conn.execute(_QUEUES_SQL)).all()
            failure_rows = (await conn.execute(_FAILURES_SQL, {"after": self.last_failure_id})).all()
            await conn.rollback()
        self._publish(queue_rows, failure_rows)

    def _publish(self, queue_rows: Sequence[Any], failure_rows: Sequence[Any]) -> None:
        waiting = {row.queue_name: (int(row.depth), float(row.oldest_s)) for row in queue_rows}
        self.queues |= set(waiting)
        for queue in self.queues:
            depth, oldest = waiting.get(queue, (0, 0.0))
            QUEUE_DEPTH.labels(queue).set(depth)
            OLDEST_AGE.labels(queue).set(max(oldest, 0.0))
        for row in failure_rows:
            JOBS_FAILED.labels(row.task_name).inc(int(row.failures))
            self.last_failure_id = max(self.last_failure_id, int(row.last_id))


async def run_job_metrics(engine: AsyncEngine, metrics: JobQueueMetrics,
                          every_s: float = REFRESH_EVERY_S) -> None:
    """Refresh until cancelled; a failed reading is logged and the loop goes on."""
    failures_in_a_row = 0
    while True:
        try:
            await asyncio.wait_for(metrics.refresh(engine), timeout=REFRESH_TIMEOUT_S)
            if failures_in_a_row:
                log.info("job metrics readable again after %d failed readings", failures_in_a_row)
            failures_in_a_row = 0
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            failures_in_a_row += 1
            # Once when it starts, then now and then: an outage must not flood the log.
            if failures_in_a_row == 1 or failures_in_a_row % 20 == 0:
                log.warning("could not read job metrics (%d in a row): %s: %s", failures_in_a_row,
                            type(exc).__name__, exc)
        await asyncio.sleep(every_s)


def start_job_metrics(runtime: Runtime, *, every_s: float = REFRESH_EVERY_S) -> asyncio.Task[None]:
    """Start the loop in the running event loop; cancel the task on shutdown."""
    metrics = JobQueueMetrics(queues=known_queues())
    return asyncio.create_task(run_job_metrics(runtime.engine, metrics, every_s), name="job-metrics")
