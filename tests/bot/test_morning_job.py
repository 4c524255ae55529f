"""The morning message end to end: a procrastinate worker runs the tick, the send job goes
through the real Telegram notifier to the fake Bot API, and a second tick sends nothing more."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from coach.clock import FixedClock
from coach.domain.athletes import IdentityKind
from runcoach.bootstrap import bootstrap
from runcoach.jobs import make_job_app, run_worker
from runcoach.settings import Settings
from tests.fakes.telegram_api import FakeBotApi


def test_the_coaching_tasks_are_registered_and_periodic(database_url: str) -> None:
    app = make_job_app(database_url)
    assert {"coaching.tick", "coaching.send"} <= set(app.tasks)
    periodic = {task.periodic_id for task in app.periodic_registry.periodic_tasks.values()}
    assert "coaching-tick" in periodic


@pytest.mark.timeout(90)
async def test_worker_sends_the_morning_message_once(database_url: str,
                                                     fake_telegram: FakeBotApi) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    settings = Settings(_env_file=None, database_url=database_url,
                        telegram_bot_token=fake_telegram.token, telegram_api_url=fake_telegram.url,
                        telegram_mode="off", coach_llm="offline")
    runtime = await bootstrap(settings, clock=clock, migrate=False, with_bot=False)
    try:
        services = runtime.services
        assert services.deps.notifier is not None  # Telegram's notifier, wired by bootstrap
        ada, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "4343", display_name="Ada")
        await services.athletes.update_preferences(ada.id, morning_hour=7)
        await runtime.coach.respond(ada, "/goal 10k 2027-03-01")
        plan = await services.plans.active(ada.id)
        assert plan is not None
        run_day = next(w.date for week in plan.weeks for w in week.workouts
                       if w.kind.is_run and w.date > clock.now().date())
        clock.set(datetime.combine(run_day, datetime.min.time(), UTC) + timedelta(hours=7, minutes=3))

        for _ in range(2):  # two ticks (say, two workers' periodic runs): one message
            async with services.deps.uow() as uow:
                await uow.jobs.defer("coaching.tick", {"timestamp": int(clock.now().timestamp())},
                                     queue="coaching")
                await uow.commit()
            await asyncio.wait_for(run_worker(runtime, concurrency=2, install_signal_handlers=False,
                                              wait=False), timeout=40)
        sent = await fake_telegram.async_wait_for_messages(4343, count=1, timeout=10)
    finally:
        await runtime.aclose()
    assert len(fake_telegram.sent_messages(4343)) == 1
    morning = sent[0]
    assert morning.plain_text.startswith("Good morning, Ada! Today:")
    assert [b["text"] for b in morning.buttons] == ["Done", "Skip"]
