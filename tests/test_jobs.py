"""Jobs: enqueued in the caller's transaction, run by a real procrastinate worker."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from sqlalchemy import text

from runcoach.bootstrap import bootstrap
from runcoach.jobs import run_worker
from runcoach.settings import Settings
from storage.uow import SqlUnitOfWorkFactory


async def test_defer_is_part_of_the_transaction(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        job_id = await uow.jobs.defer("maintenance.retry_stalled", {"timestamp": 1})
        assert job_id is not None
        # Not committed: rolled back with the unit of work, so the job never existed.
    async with uow_factory() as uow:
        count = (await uow.session.execute(text(
            "SELECT count(*) FROM procrastinate_jobs WHERE id = :id"), {"id": job_id})).scalar_one()
        assert count == 0


async def test_queueing_lock_refuses_a_waiting_duplicate(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        first = await uow.jobs.defer("maintenance.retry_stalled", {"timestamp": 1},
                                     queueing_lock="only-one")
        second = await uow.jobs.defer("maintenance.retry_stalled", {"timestamp": 2},
                                      queueing_lock="only-one")
        assert first is not None and second is None
        # The refused duplicate did not poison the transaction.
        assert (await uow.session.execute(text("SELECT 1"))).scalar_one() == 1


@pytest.mark.timeout(60)
async def test_worker_runs_a_committed_job(database_url: str) -> None:
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    runtime = await bootstrap(settings, migrate=False, with_bot=False)
    try:
        async with runtime.services.deps.uow() as uow:
            job_id = await uow.jobs.defer("maintenance.retry_stalled", {"timestamp": 1},
                                          queue="maintenance")
            await uow.commit()
        # wait=False: the worker stops once the queue is drained.
        await asyncio.wait_for(run_worker(runtime, concurrency=1, install_signal_handlers=False,
                                          wait=False), timeout=30)
    finally:
        await runtime.aclose()
    with psycopg.connect(database_url) as conn:
        remaining = conn.execute("SELECT status FROM procrastinate_jobs WHERE id = %s",
                                 (job_id,)).fetchall()
    assert remaining == []  # succeeded jobs are deleted
