"""Repositories against real PostgreSQL: what goes in comes back out, and constraints hold."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from coach.domain.athletes import Athlete, IdentityKind, Language, Preferences, Units
from coach.domain.goals import Goal
from coach.domain.plans import Phase, Plan, PlanWeek, RuleNote, Workout, WorkoutKind
from coach.domain.runs import Lap, Run, RunSource, Split, Sport, Stream
from coach.ports import Message
from storage.uow import SqlUnitOfWorkFactory


def _athlete(handle: str = "ada") -> Athlete:
    return Athlete(id=uuid.uuid4(), handle=handle, display_name="Ada",
                   preferences=Preferences(language=Language.KO, units=Units.MI,
                                           unavailable_days=[4, 0], max_hr=190))


async def test_athlete_round_trip_and_identities(uow_factory: SqlUnitOfWorkFactory) -> None:
    athlete = _athlete()
    async with uow_factory() as uow:
        await uow.athletes.add(athlete)
        assert await uow.athletes.link_identity(athlete.id, IdentityKind.TELEGRAM, "42")
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.athletes.find_by_identity(IdentityKind.TELEGRAM, "42")
        assert loaded is not None
        assert loaded.preferences.language is Language.KO
        assert loaded.preferences.units is Units.MI
        assert loaded.preferences.unavailable_days == [0, 4]
        assert loaded.preferences.max_hr == 190
        assert (await uow.athletes.get_by_handle("ADA")) is not None
        assert await uow.athletes.identities(athlete.id) == {IdentityKind.TELEGRAM: "42"}


async def test_identity_belongs_to_one_athlete(uow_factory: SqlUnitOfWorkFactory) -> None:
    first, second = _athlete("one"), _athlete("two")
    async with uow_factory() as uow:
        await uow.athletes.add(first)
        await uow.athletes.add(second)
        assert await uow.athletes.link_identity(first.id, IdentityKind.EMAIL, "a@example.com")
        assert not await uow.athletes.link_identity(second.id, IdentityKind.EMAIL, "a@example.com")
        assert await uow.athletes.link_identity(second.id, IdentityKind.EMAIL, "a@example.com",
                                                move=True)
        owner = await uow.athletes.find_by_identity(IdentityKind.EMAIL, "a@example.com")
        assert owner is not None and owner.id == second.id


async def test_uncommitted_work_is_rolled_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    athlete = _athlete("ghost")
    async with uow_factory() as uow:
        await uow.athletes.add(athlete)
    async with uow_factory() as uow:
        assert await uow.athletes.get(athlete.id) is None


async def test_run_round_trip_keeps_laps_splits_and_stream(uow_factory: SqlUnitOfWorkFactory) -> None:
    athlete = _athlete()
    start = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
    run = Run(id=uuid.uuid4(), athlete_id=athlete.id, sport=Sport.TRAIL_RUN, start_time=start,
              distance_m=10_012.5, moving_s=3001, elapsed_s=3100, source=RunSource.FILE,
              source_id="sha:abc", title="Hills <b>", utc_offset_s=32400, avg_hr=151.2,
              laps=[Lap(start_time=start, distance_m=5000, elapsed_s=1500, avg_hr=148)],
              splits=[Split(index=1, distance_m=1000, elapsed_s=300, avg_hr=140)],
              stream=Stream(t_s=[0, 1], distance_m=[0, 3.3], hr=[120, None]))
    async with uow_factory() as uow:
        await uow.athletes.add(athlete)
        await uow.runs.add(run)
        await uow.runs.add_file(run.id, "a.fit", "0" * 64, b"raw")  # type: ignore[arg-type]
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.runs.get(run.id)  # type: ignore[arg-type]
        assert loaded is not None
        assert loaded.sport is Sport.TRAIL_RUN and loaded.title == "Hills <b>"
        assert loaded.start_time == start and loaded.local_start.hour == 15
        assert loaded.laps[0].start_time == start and loaded.laps[0].avg_hr == 148
        assert loaded.splits[0].elapsed_s == 300
        assert loaded.stream is not None and loaded.stream.hr == [120, None]
        listed = await uow.runs.list_between(athlete.id, start - timedelta(hours=1),
                                             start + timedelta(hours=1))
        assert [r.id for r in listed] == [run.id]
        assert listed[0].stream is None  # lists leave the point stream behind
        found = await uow.runs.find_by_source(athlete.id, "file", "sha:abc")
        assert found is not None and found.id == run.id
        assert await uow.runs.count(athlete.id) == 1


async def test_plan_versions_activate_and_supersede(uow_factory: SqlUnitOfWorkFactory) -> None:
    athlete = _athlete()
    week = PlanWeek(week="2026-W48", phase=Phase.BASE, workouts=[
        Workout(date=date(2026, 11, 24), kind=WorkoutKind.EASY, distance_m=6000,
                pace_s_per_km=(330.0, 360.0), description="Easy 6 km"),
        Workout(date=date(2026, 11, 29), kind=WorkoutKind.LONG, distance_m=12000,
                description="Long 12 km")])
    first = Plan(weeks=[week], version=1, athlete_id=athlete.id, reason="new goal",
                 rules_applied=[RuleNote(rule="ramp", detail="held to +10 %")])
    async with uow_factory() as uow:
        await uow.athletes.add(athlete)
        await uow.plans.add(first, status="active")
        second = Plan(weeks=[week], version=2, athlete_id=athlete.id, reason="skip")
        await uow.plans.add(second, status="proposed", diff=[{"date": "2026-11-24"}])
        await uow.commit()
    async with uow_factory() as uow:
        active = await uow.plans.active(athlete.id)
        assert active is not None and active.version == 1
        assert active.weeks[0].planned_distance_m == 18000
        assert active.weeks[0].workouts[0].pace_s_per_km == (330.0, 360.0)
        assert active.rules_applied[0].rule == "ramp"
        proposed = await uow.plans.proposed(athlete.id)
        assert proposed is not None and proposed.id is not None
        assert await uow.plans.proposal_diff(proposed.id) == [{"date": "2026-11-24"}]
        await uow.plans.activate(proposed.id)
        await uow.commit()
    async with uow_factory() as uow:
        active = await uow.plans.active(athlete.id)
        assert active is not None and active.version == 2
        assert await uow.plans.proposed(athlete.id) is None
        assert await uow.plans.latest_version(athlete.id) == 2


async def test_goals_and_messages(uow_factory: SqlUnitOfWorkFactory) -> None:
    athlete = _athlete()
    async with uow_factory() as uow:
        await uow.athletes.add(athlete)
        await uow.goals.set(athlete.id, Goal(21097.5, date(2027, 4, 12), 6300))
        await uow.goals.set(athlete.id, Goal(10000, date(2027, 3, 1)))
        for i in range(5):
            await uow.messages.add(athlete.id, Message(role="user", content=f"m{i}"))
        await uow.athletes.set_state(athlete.id, "onboarding", {"step": "goal"})
        await uow.commit()
    async with uow_factory() as uow:
        goal = await uow.goals.current(athlete.id)
        assert goal == Goal(10000, date(2027, 3, 1), None)
        assert [m.content for m in await uow.messages.last(athlete.id, 3)] == ["m2", "m3", "m4"]
        assert await uow.athletes.get_state(athlete.id, "onboarding") == {"step": "goal"}
        await uow.athletes.set_state(athlete.id, "onboarding", None)
        assert await uow.athletes.get_state(athlete.id, "onboarding") is None


async def test_telegram_update_claimed_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.inbox.claim_telegram_update(10_001)
        assert not await uow.inbox.claim_telegram_update(10_001)
