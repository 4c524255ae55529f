"""Proactive coaching: who is due a message when, and every message sent once however often asked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import text

from coach.clock import FixedClock
from coach.conversation import Coach
from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.ports import Reply
from coach.services import Dependencies, Services
from coach.services.coaching import MORNING, REVIEW, due_messages
from storage.database import asyncpg_url, make_engine, make_session_factory
from storage.memory import InMemoryCache, InMemoryQuota
from storage.uow import SqlUnitOfWorkFactory


class FakeNotifier:
    """The Notifier port, remembering what it was asked to deliver."""

    def __init__(self) -> None:
        self.sent: list[tuple[UUID, Reply]] = []

    async def notify(self, athlete_id: UUID, reply: Reply) -> bool:
        await asyncio.sleep(0)  # let concurrent senders interleave
        self.sent.append((athlete_id, reply))
        return True


async def _runner(services: Services, external_id: str, language: Language = Language.EN,
                  **prefs: object) -> Athlete:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, external_id,
                                                 display_name="Ada", language=language)
    if prefs:
        athlete = await services.athletes.update_preferences(athlete.id, **prefs)
    return athlete


def test_due_follows_the_runners_hour_and_zone() -> None:
    from coach.domain.athletes import Preferences

    seoul = Athlete(id=UUID(int=1), handle="a", display_name="A",
                    preferences=Preferences(timezone="Asia/Seoul", morning_hour=7))
    at = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)  # Monday 07:30 in Seoul
    assert [d.kind for d in due_messages(seoul, at)] == [MORNING]
    assert due_messages(seoul, at - timedelta(hours=1)) == []  # 06:30: not yet
    assert due_messages(seoul, at + timedelta(hours=3)) == []  # 10:30: too late to be useful
    sunday_evening = datetime(2026, 11, 29, 10, 5, tzinfo=UTC)  # Sunday 19:05 in Seoul
    assert [d.kind for d in due_messages(seoul, sunday_evening)] == [REVIEW]
    seoul.preferences.weekly_review = False
    seoul.preferences.morning_message = False
    assert due_messages(seoul, at) == due_messages(seoul, sunday_evening) == []


@pytest.fixture
async def own_services(database_url: str, clock: FixedClock) -> AsyncIterator[Services]:
    """Services on a private database with a real pool, so concurrent sends really race."""
    engine = make_engine(asyncpg_url(database_url))
    try:
        yield Services(Dependencies(uow=SqlUnitOfWorkFactory(make_session_factory(engine)),
                                    clock=clock, cache=InMemoryCache(), quota=InMemoryQuota()))
    finally:
        await engine.dispose()


async def test_morning_message_goes_out_once(own_services: Services, clock: FixedClock) -> None:
    services = own_services
    notifier = FakeNotifier()
    services.deps.notifier = notifier
    ada = await _runner(services, "901", morning_hour=8)
    await Coach(services).respond(ada, "/goal 10k 2027-03-01")
    plan = await services.plans.active(ada.id)
    assert plan is not None
    run_day = next(w.date for week in plan.weeks for w in week.workouts
                   if w.kind.is_run and w.date >= clock.now().date())
    clock.set(datetime.combine(run_day, datetime.min.time(), UTC) + timedelta(hours=8, minutes=5))

    assert await services.coaching.queue_due() == 1
    assert await services.coaching.queue_due() == 0  # the same job is already waiting
    # Several workers racing to send the same message: one wins.
    results = await asyncio.gather(*(services.coaching.send(ada.id, MORNING, run_day)
                                     for _ in range(3)))
    assert sorted(results) == [False, False, True]
    assert len(notifier.sent) == 1
    morning = notifier.sent[0][1]
    assert morning.text.startswith("Good morning, Ada! Today:") and "/km" in morning.text
    assert [b.action for b in morning.buttons[0]] == [f"done:{run_day}", f"skip:{run_day}"]
    # Later ticks that day find it sent.
    assert await services.coaching.send(ada.id, MORNING, run_day) is False


async def test_no_morning_message_on_rest_days_or_when_turned_off(
        services: Services, clock: FixedClock, uow_factory: SqlUnitOfWorkFactory) -> None:
    notifier = FakeNotifier()
    services.deps.notifier = notifier
    ada = await _runner(services, "902", morning_hour=8)
    await Coach(services).respond(ada, "/goal 10k 2027-03-01")
    plan = await services.plans.active(ada.id)
    assert plan is not None
    rest_day = next(w.date for week in plan.weeks for w in week.workouts
                    if not w.kind.is_run and w.date >= clock.now().date())
    assert await services.coaching.send(ada.id, MORNING, rest_day) is False
    await Coach(services).respond(ada, "/settings morning=off review=off")
    async with uow_factory() as uow:
        await uow.session.execute(text("DELETE FROM procrastinate_jobs"))
        await uow.commit()
    assert await services.coaching.due() == []
    assert notifier.sent == []


async def test_sunday_review_in_korean(services: Services, clock: FixedClock) -> None:
    notifier = FakeNotifier()
    services.deps.notifier = notifier
    minjun = await _runner(services, "903", Language.KO, timezone="Asia/Seoul")
    coach = Coach(services)
    await coach.respond(minjun, "/goal half 2027-04-11")
    await coach.respond(minjun, "/log 8k 44:00")
    sunday = datetime(2026, 11, 29, 10, 30, tzinfo=UTC)  # 19:30 in Seoul
    clock.set(sunday)
    due = [d for d in await services.coaching.due() if d.athlete_id == minjun.id]
    assert [d.kind for d in due] == [REVIEW]
    assert await services.coaching.send(minjun.id, REVIEW, due[0].day) is True
    review = notifier.sent[0][1].text
    assert "2026-W48 주 돌아보기" in review and "8.0 km" in review and "1회" in review
    assert "다음 주 계획:" in review and "2026-W49" in review
