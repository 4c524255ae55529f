"""Onboarding and preferences through the services, on real PostgreSQL."""

from __future__ import annotations

from coach.domain.athletes import IdentityKind, Language, Units
from coach.services import Services


async def test_onboard_is_idempotent_per_identity(services: Services) -> None:
    first, created = await services.athletes.onboard(IdentityKind.TELEGRAM, "1",
                                                     display_name="Kim Runner")
    again, created_again = await services.athletes.onboard(IdentityKind.TELEGRAM, "1",
                                                           display_name="Other")
    assert created and not created_again and again.id == first.id
    assert first.handle == "kim_runner"


async def test_handles_stay_unique(services: Services) -> None:
    a, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "1", display_name="Ada")
    b, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "2", display_name="Ada")
    assert a.handle == "ada" and b.handle.startswith("ada_") and a.handle != b.handle


async def test_korean_runner_gets_seoul_time_guess(services: Services) -> None:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "3", display_name="민준",
                                                 language=Language.KO)
    assert athlete.preferences.timezone == "Asia/Seoul"
    assert athlete.handle == "runner"  # nothing ASCII to build a handle from


async def test_local_user_and_preferences(services: Services) -> None:
    me = await services.athletes.local("me")
    assert (await services.athletes.local("me")).id == me.id
    updated = await services.athletes.update_preferences(me.id, units=Units.MI, runs_per_week=5)
    assert updated.preferences.units is Units.MI
    reloaded = await services.athletes.get(me.id)
    assert reloaded.preferences.runs_per_week == 5
