"""The plan service over the engine and the real database."""

from __future__ import annotations

import pytest

from coach.domain.athletes import IdentityKind
from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal
from coach.services import Services


async def test_create_plan_from_a_later_week_keeps_the_weeks_before(services: Services) -> None:
    ada, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "61", display_name="Ada")
    await services.goals.set_goal(ada.id, Goal())
    first = await services.plans.create_plan(ada.id)
    this_week = first.weeks[0]
    later = await services.plans.create_plan(ada.id, from_week="2026-W50")
    assert later.version == first.version + 1
    assert later.weeks[0].week == this_week.week
    assert [w.date for w in later.weeks[0].workouts] == [w.date for w in this_week.workouts]
    assert later.weeks[0].workouts[0].distance_m == this_week.workouts[0].distance_m
    assert later.weeks[2].week == "2026-W50"
    active = await services.plans.active(ada.id)
    assert active is not None and active.version == later.version


@pytest.mark.parametrize(("week", "message"), [("2026-W40", "already past"),
                                               ("next week", "as a week")])
async def test_create_plan_refuses_a_bad_start(services: Services, week: str, message: str) -> None:
    ada, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "62", display_name="Ada")
    with pytest.raises(InvalidInput, match=message):
        await services.plans.create_plan(ada.id, from_week=week)
