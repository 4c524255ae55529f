"""Background jobs on procrastinate: the task registry, the App, and running workers.

Tasks are thin, like routes: they read their arguments, call one service with the runtime
the worker was started with, and let procrastinate retry what fails.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import procrastinate
from procrastinate import Blueprint, JobContext

from runcoach.bootstrap import Runtime
from storage.database import libpq_url

log = logging.getLogger(__name__)

# The registry: feature modules add their tasks to this blueprint at import time (no I/O).
tasks = Blueprint()


def runtime_of(context: JobContext) -> Runtime:
    runtime: Runtime = context.additional_context["runtime"]
    return runtime


@tasks.periodic(cron="* * * * *", periodic_id="retry-stalled")
@tasks.task(name="maintenance.retry_stalled", queue="maintenance", pass_context=True)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """Jobs left `doing` by a worker that died (killed, machine lost) run again."""
    return await retry_stalled(context.app, runtime_of(context).settings.runcoach_stalled_job_s)


async def retry_stalled(app: procrastinate.App, stalled_after_s: float) -> int:
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s))
    for job in stalled:
        log.warning("retrying job %s (%s): its worker stopped answering", job.id, job.task_name)
        await manager.retry_job(job)
    return len(stalled)


def make_job_app(database_url: str) -> procrastinate.App:
    # Importing the feature task modules registers their tasks on the blueprint.
    from runcoach import job_tasks  # noqa: F401

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=libpq_url(database_url), min_size=1, max_size=4))
    app.add_tasks_from(tasks, namespace="")
    return app


async def run_worker(runtime: Runtime, *, concurrency: int, name: str = "worker",
                     install_signal_handlers: bool = True, wait: bool = True) -> None:
    """Run a worker until stopped; any number may run, on any number of machines."""
    app = make_job_app(runtime.database_url)
    stalled_after = runtime.settings.runcoach_stalled_job_s
    async with app.open_async():
        # A worker (re)starting takes over at once what dead workers left half done,
        # instead of waiting for the next periodic sweep.
        await retry_stalled(app, stalled_after)
        await app.run_worker_async(
            concurrency=concurrency, name=name, wait=wait,
            additional_context={"runtime": runtime},
            install_signal_handlers=install_signal_handlers,
            # Several heartbeats per stall period, so a live worker is never taken for dead.
            update_heartbeat_interval=min(10.0, stalled_after / 4),
            stalled_worker_timeout=stalled_after,
            fetch_job_polling_interval=runtime.settings.runcoach_job_poll_s,
            shutdown_graceful_timeout=20.0, delete_jobs="successful")


def start_background_worker(runtime: Runtime, concurrency: int) -> asyncio.Task[Any]:
    """A worker inside `runcoach serve`; cancelled when the server stops."""
    task = asyncio.create_task(run_worker(runtime, concurrency=concurrency, name="serve",
                                          install_signal_handlers=False))

    def report(done: asyncio.Task[Any]) -> None:
        if not done.cancelled() and done.exception() is not None:
            log.error("the in-process job worker stopped", exc_info=done.exception())

    task.add_done_callback(report)
    return task
