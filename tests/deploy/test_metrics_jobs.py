"""Job-queue metrics read from a real procrastinate schema: depth, oldest age, failures, and the loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from prometheus_client import REGISTRY, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from runcoach.bootstrap import bootstrap
from runcoach.metrics_jobs import JobQueueMetrics, known_queues, run_job_metrics, start_job_metrics
from runcoach.settings import Settings
from storage.database import asyncpg_url, make_engine


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(asyncpg_url(database_url), pool_size=2)
    yield eng
    await eng.dispose()


async def _add_job(engine: AsyncEngine, queue: str, task: str, *, waited_s: float = 0,
                   scheduled_in_s: float | None = None, status: str = "todo") -> int:
    async with engine.begin() as conn:
        job_id = (await conn.execute(text(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, scheduled_at) "
            "VALUES (:q, :t, CASE WHEN CAST(:s AS float) IS NULL THEN NULL "
            "ELSE now() + make_interval(secs => CAST(:s AS float)) END) RETURNING id"),
            {"q": queue, "t": task, "s": scheduled_in_s})).scalar_one()
        # The insert trigger recorded a `deferred` event at now(); move it back in time.
        await conn.execute(text("UPDATE procrastinate_events SET at = now() - make_interval(secs => :w) "
                                "WHERE job_id = :id"), {"w": waited_s, "id": job_id})
        if status != "todo":
            await conn.execute(text("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = :id"),
                               {"id": job_id})
            if status == "failed":
                await conn.execute(text("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = :id"),
                                   {"id": job_id})
    return int(job_id)


async def test_depth_and_age_count_only_ready_waiting_jobs(engine: AsyncEngine) -> None:
    await _add_job(engine, "q_sync", "t.sync", waited_s=120)
    await _add_job(engine, "q_sync", "t.sync", waited_s=5)
    await _add_job(engine, "q_sync", "t.sync", waited_s=500, scheduled_in_s=-30)  # due 30 s ago
    await _add_job(engine, "q_sync", "t.sync", scheduled_in_s=3600)  # not due yet
    await _add_job(engine, "q_sync", "t.sync", waited_s=900, status="doing")  # taken
    metrics = JobQueueMetrics(queues={"q_idle"})
    await metrics.refresh(engine)
    assert _value("runcoach_jobs_queue_depth", queue="q_sync") == 3
    # The oldest ready wait is the 120 s one: the scheduled job waits only since it fell due.
    assert 120 <= _value("runcoach_jobs_oldest_age_seconds", queue="q_sync") < 180
    assert _value("runcoach_jobs_queue_depth", queue="q_idle") == 0
    exposition = generate_latest(REGISTRY).decode()
    assert 'runcoach_jobs_queue_depth{queue="q_sync"} 3.0' in exposition

    # Drained: the gauges go back to zero instead of keeping the last value.
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM procrastinate_jobs WHERE queue_name = 'q_sync'"))
    await metrics.refresh(engine)
    assert _value("runcoach_jobs_queue_depth", queue="q_sync") == 0
    assert _value("runcoach_jobs_oldest_age_seconds", queue="q_sync") == 0


async def test_failures_are_counted_once_each(engine: AsyncEngine) -> None:
    before = _value("runcoach_jobs_failed_total", task="t.flaky")
    await _add_job(engine, "q_f", "t.flaky", status="failed")
    await _add_job(engine, "q_f", "t.flaky", status="failed")
    await _add_job(engine, "q_f", "t.fine", status="doing")
    metrics = JobQueueMetrics()
    await metrics.refresh(engine)
    assert _value("runcoach_jobs_failed_total", task="t.flaky") == before + 2
    await metrics.refresh(engine)  # nothing new: nothing added
    assert _value("runcoach_jobs_failed_total", task="t.flaky") == before + 2
    await _add_job(engine, "q_f", "t.flaky", status="failed")
    await metrics.refresh(engine)
    assert _value("runcoach_jobs_failed_total", task="t.flaky") == before + 3
    assert _value("runcoach_jobs_failed_total", task="t.fine") == 0


async def test_the_loop_survives_a_database_it_cannot_reach(caplog: pytest.LogCaptureFixture) -> None:
    dead = make_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        task = asyncio.create_task(run_job_metrics(dead, JobQueueMetrics(), every_s=0.05))
        deadline = asyncio.get_running_loop().time() + 20
        while "could not read job metrics" not in caplog.text:
            assert asyncio.get_running_loop().time() < deadline, "no failed reading was logged"
            await asyncio.sleep(0.05)
        assert not task.done()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled()
    finally:
        await dead.dispose()


@pytest.mark.timeout(60)
async def test_start_job_metrics_refreshes_in_the_background(database_url: str) -> None:
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    runtime = await bootstrap(settings, migrate=False, with_bot=False)
    try:
        await _add_job(runtime.engine, "q_bg", "t.bg", waited_s=30)
        task = start_job_metrics(runtime, every_s=0.1)
        deadline = asyncio.get_running_loop().time() + 20
        while _value("runcoach_jobs_queue_depth", queue="q_bg") != 1:
            assert asyncio.get_running_loop().time() < deadline, "the loop never refreshed"
            await asyncio.sleep(0.05)
        # Registered tasks' queues are reported even when empty.
        for queue in known_queues():
            assert REGISTRY.get_sample_value("runcoach_jobs_queue_depth", {"queue": queue}) is not None
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled()
    finally:
        await runtime.aclose()
