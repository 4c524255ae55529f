"""Strava's background jobs: process one push event, import a runner's history.

Both retry what may pass (Strava 5xx, timeouts) with exponential backoff, give up at once on
what won't (revoked access, a runner gone), and never drop a job for Strava's rate limit: it
is rescheduled — not slept on — until the window has room again.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from procrastinate import BaseRetryStrategy, JobContext, RetryDecision
from procrastinate.jobs import Job
from prometheus_client import Counter

from coach.domain.errors import CoachError, RateLimited, UpstreamError
from coach.domain.strava import StravaAuthError
from runcoach.jobs import runtime_of, tasks

log = logging.getLogger(__name__)

JOB_FAILURES = Counter("runcoach_job_failures_total", "Background jobs that raised", ["task"])

MAX_ATTEMPTS = 12
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 1800.0


class WaitForStrava(Exception):
    """Strava's rate limit says wait `delay_s`; the job runs again then, whatever its attempts."""

    def __init__(self, delay_s: float) -> None:
        super().__init__(f"waiting {delay_s:.0f} s for Strava's rate limit")
        self.delay_s = delay_s


class StravaRetry(BaseRetryStrategy):
    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, WaitForStrava):
            return RetryDecision(retry_in={"seconds": max(1, round(exception.delay_s))})
        # The core's errors are final (revoked, not linked, bad input) except an upstream hiccup.
        if isinstance(exception, StravaAuthError):
            return None
        if isinstance(exception, CoachError) and not isinstance(exception, UpstreamError):
            return None
        if job.attempts + 1 >= MAX_ATTEMPTS:
            return None
        return RetryDecision(retry_in={"seconds": min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** job.attempts)})


async def _run(context: JobContext, name: str, work: Any) -> Any:
    runtime = runtime_of(context)
    try:
        return await work(runtime.services.strava)
    except RateLimited as exc:
        # Look again no later than the recheck interval: another process may learn first
        # that the window has room, and the shared limiter then lets us through.
        recheck = runtime.settings.strava_rate_limit_recheck_s
        raise WaitForStrava(min(max(exc.retry_after, 0.0), recheck)) from exc
    except Exception:
        JOB_FAILURES.labels(name).inc()
        raise


@tasks.task(name="strava.process_event", pass_context=True, retry=StravaRetry())
async def process_strava_event(context: JobContext, event_id: int) -> str:
    outcome = await _run(context, "strava.process_event",
                         lambda strava: strava.process_event(event_id))
    return str(outcome)


@tasks.task(name="strava.backfill", pass_context=True, retry=StravaRetry())
async def backfill_strava(context: JobContext, athlete_id: str, weeks: int = 16) -> int:
    async def work(strava: Any) -> int:
        progress = await strava.backfill(UUID(athlete_id), weeks)
        return int(progress.imported)

    return int(await _run(context, "strava.backfill", work))
