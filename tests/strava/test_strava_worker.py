"""The whole path with a real procrastinate worker: Strava → our webhook (real HTTP) → the job →
Strava API → the run stored → the post-run note on the fake Telegram, through redeliveries,
a rate-limit storm and Strava errors."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from prometheus_client import REGISTRY

from coach.domain.athletes import IdentityKind
from runcoach.bootstrap import Runtime, bootstrap
from runcoach.jobs import run_worker
from runcoach.settings import Settings
from tests.fakes.strava_api import FakeStrava
from tests.fakes.telegram_api import FakeBotApi
from tests.strava.conftest import VERIFY_TOKEN, FakeStravaClock, connect, serving, until

CHAT = 5551234


@dataclass
class Live:
    runtime: Runtime
    webhook: str
    database_url: str

    def jobs(self, where: str = "TRUE") -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(f"SELECT task_name, status, attempts, scheduled_at FROM "
                                f"procrastinate_jobs WHERE {where}").fetchall()

    def waiting_jobs(self) -> int:
        return len(self.jobs("status = 'todo' AND scheduled_at > now()"))

    def idle(self) -> bool:
        return not self.jobs("status IN ('todo', 'doing') AND queue_name = 'default'")


def strava_settings(database_url: str, fake: FakeStrava, telegram: FakeBotApi, **extra: Any) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=database_url, secret_key="s" * 40,
        token_encryption_key="t" * 40, strava_client_id=str(fake.client_id),
        strava_client_secret=fake.client_secret, strava_verify_token=VERIFY_TOKEN,
        strava_api_url=fake.api_base, strava_oauth_url=fake.oauth_base,
        telegram_bot_token=telegram.token, telegram_api_url=telegram.url, telegram_mode="off",
        public_url="http://127.0.0.1:8000", **extra)


@pytest.fixture
async def live(database_url: str, fake_strava: FakeStrava,
               fake_telegram: FakeBotApi) -> AsyncIterator[Live]:
    settings = strava_settings(database_url, fake_strava, fake_telegram,
                               strava_rate_limit_recheck_s=0.3, runcoach_job_poll_s=0.2)
    runtime = await bootstrap(settings, clock=FakeStravaClock(fake_strava), migrate=False,
                              with_bot=False)
    # Like `runcoach serve`: the web app and a job worker on one event loop.
    worker = asyncio.create_task(run_worker(runtime, concurrency=3, install_signal_handlers=False))
    try:
        async with serving(runtime.api(manage_bot=False)) as base:
            yield Live(runtime, f"{base}/strava/webhook", database_url)
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
        await runtime.aclose()


async def telegram_runner(live: Live, fake: FakeStrava) -> tuple[UUID, int]:
    services = live.runtime.services
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, str(CHAT), display_name="Ada")
    return athlete.id, await connect(services, fake, athlete.id)


def notes(fake_telegram: FakeBotApi) -> list[str]:
    """Post-run notes (everything the Strava feature itself says names Strava)."""
    return [m.plain_text for m in fake_telegram.sent_messages(CHAT) if "Strava" not in m.plain_text]


@pytest.mark.timeout(60)
async def test_a_new_run_arrives_once_within_seconds_through_50_redeliveries(
        live: Live, fake_strava: FakeStrava, fake_telegram: FakeBotApi) -> None:
    athlete_id, strava_id = await telegram_runner(live, fake_strava)
    await until(live.idle, 20, "the (empty) backfill")
    activity = fake_strava.add_activity(strava_id, distance_m=10_000, moving_time_s=3000,
                                        name="Sunday long run")
    # Strava's deliveries come from its servers, not our event loop: send them from threads.
    deliveries = await asyncio.gather(*(asyncio.to_thread(
        fake_strava.send_event, live.webhook, object_id=activity["id"], owner_id=strava_id,
        event_time=1_764_000_000) for _ in range(50)))
    assert all(d.delivered and d.attempts == 1 for d in deliveries)  # each answered 200 in < 2 s
    await until(lambda: notes(fake_telegram), 20, "the post-run note on Telegram")
    await until(live.idle, 20, "the queue to drain")
    [note] = notes(fake_telegram)
    assert "10.0 km" in note
    page = await live.runtime.services.feed.page(athlete_id)
    assert [item.run.source_id for item in page.items] == [str(activity["id"])]
    assert [m.plain_text for m in fake_telegram.sent_messages(CHAT)].count(note) == 1
    assert len(fake_strava.calls(f"/activities/{activity['id']}/streams")) == 1  # fetched once


@pytest.mark.timeout(90)
async def test_a_429_storm_delays_jobs_and_drops_nothing(
        live: Live, fake_strava: FakeStrava, fake_telegram: FakeBotApi) -> None:
    athlete_id, strava_id = await telegram_runner(live, fake_strava)
    start = datetime.fromtimestamp(fake_strava.now(), UTC) - timedelta(days=1)
    history = [fake_strava.add_activity(strava_id, start=start - timedelta(days=n))["id"]
               for n in range(6)]
    fake_strava.set_rate_limits(read=(6, 1000))
    fake_strava.fail_next(429, times=3)  # Strava refuses outright before its headers would
    fresh = [fake_strava.add_activity(strava_id, start=start + timedelta(hours=n + 1))["id"]
             for n in range(3)]
    for activity_id in fresh:
        assert (await fake_strava.async_send_event(live.webhook, object_id=activity_id,
                                                   owner_id=strava_id)).delivered
    windows = 0
    deadline = time.monotonic() + 60
    while not live.idle():
        assert time.monotonic() < deadline, f"jobs still pending: {live.jobs()}"
        if live.waiting_jobs():
            # Everyone is waiting for Strava's window: let fifteen minutes pass (on both clocks).
            fake_strava.advance(900)
            windows += 1
        await asyncio.sleep(0.4)
    stored = [r.source_id for r in await live.runtime.services.runs.recent(athlete_id, limit=50)]
    assert sorted(stored) == sorted(str(i) for i in history + fresh)
    assert windows >= 2
    # All three injected 429s were served (the request log's statuses are set as responses
    # finish, so counting them there races the last one).
    assert fake_strava.faults_pending() == 0
    assert 429 in [r.status for r in fake_strava.requests]
    assert live.jobs("status = 'failed'") == []
    with psycopg.connect(live.database_url) as conn:
        events = conn.execute("SELECT status, outcome FROM strava_events").fetchall()
    # Each event's activity was imported by it, or by the backfill running alongside.
    assert [status for status, _ in events] == ["done"] * 3
    assert {outcome for _, outcome in events} <= {"imported", "duplicate"}
    assert len(notes(fake_telegram)) == 3


@pytest.mark.timeout(60)
async def test_a_strava_500_is_retried_by_the_worker(
        live: Live, fake_strava: FakeStrava, fake_telegram: FakeBotApi) -> None:
    athlete_id, strava_id = await telegram_runner(live, fake_strava)
    await until(live.idle, 20, "the (empty) backfill")
    failures = REGISTRY.get_sample_value("runcoach_job_failures_total",
                                         {"task": "strava.process_event"}) or 0.0
    activity_id = fake_strava.add_activity(strava_id)["id"]
    fake_strava.fail_next(500, path_contains=f"/activities/{activity_id}")
    assert (await fake_strava.async_send_event(live.webhook, object_id=activity_id,
                                               owner_id=strava_id)).delivered
    await until(lambda: notes(fake_telegram), 30, "the note after the retry")
    await until(live.idle, 20, "the queue to drain")
    assert [r.source_id for r in await live.runtime.services.runs.recent(athlete_id)] == [str(activity_id)]
    assert REGISTRY.get_sample_value("runcoach_job_failures_total",
                                     {"task": "strava.process_event"}) == failures + 1
    assert 500 in [r.status for r in fake_strava.requests]
