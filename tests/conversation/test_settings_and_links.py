"""/settings in one line (a plan-shaping change comes back as a proposal), and the link commands."""

from __future__ import annotations

from coach.conversation import Coach
from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.domain.plans import WorkoutKind, iso_week
from coach.services import Services


async def _runner(services: Services, language: Language = Language.EN) -> Athlete:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "801", display_name="Ada",
                                                 language=language)
    return athlete


async def test_settings_show_in_one_line(services: Services) -> None:
    ada = await _runner(services)
    shown = (await Coach(services).respond(ada, "/settings")).text
    assert "runs=4 long=sun off=none hour=7 tz=UTC units=km lang=en morning=on" in shown


async def test_plan_shaping_settings_are_proposed_from_next_week(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    await coach.respond(ada, "/goal half 2027-04-11")
    before = await services.plans.active(ada.id)
    assert before is not None
    reply = await coach.respond(ada, "/settings runs=5 long=sat off=mon,fri")
    assert "Saved: runs=5, long=sat, off=mon,fri" in reply.text
    assert "From next week" in reply.text and "Here's the change" not in reply.text
    # Months of changed days are summed up after the first two weeks' worth.
    assert "more days change" in reply.text and len(reply.text.splitlines()) < 25
    assert [b.label for b in reply.buttons[0]] == ["Confirm", "Cancel"]
    still = await services.plans.active(ada.id)
    assert still is not None and still.version == before.version  # nothing changes until confirmed
    confirmed = await coach.press(ada, reply.buttons[0][0].action)
    assert "plan is updated" in confirmed.text
    after = await services.plans.active(ada.id)
    assert after is not None and after.version == before.version + 1
    this_week = iso_week(before.weeks[0].monday)
    # This week is kept as it was; from next week long runs fall on Saturday, never Mon or Fri.
    assert after.week(this_week) == before.week(this_week)
    later = [w for week in after.weeks[1:-2] for w in week.workouts if w.kind.is_run]
    assert {w.date.weekday() for w in later if w.kind is WorkoutKind.LONG} == {5}
    assert not {w.date.weekday() for w in later} & {0, 4}


async def test_other_settings_save_without_a_proposal(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    reply = await coach.respond(ada, "/settings hour=6 tz=Seoul units=mi morning=off notes=off lang=ko")
    assert "저장했어요" in reply.text and "tz=Asia/Seoul" in reply.text and not reply.buttons
    prefs = (await services.athletes.get(ada.id)).preferences
    assert (prefs.morning_hour, prefs.timezone, prefs.units.value, prefs.language.value) == (
        6, "Asia/Seoul", "mi", "ko")
    assert prefs.morning_message is False and prefs.post_run_note is False
    assert prefs.weekly_review is True


async def test_bad_settings_change_nothing(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "can't use “hour=25”" in (await coach.respond(ada, "/settings runs=5 hour=25")).text
    assert "at least" in (await coach.respond(ada, "/settings off=mon,tue,wed,thu,fri,sat")).text
    assert (await services.athletes.get(ada.id)).preferences.runs_per_week == 4


async def test_links(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    web = (await coach.respond(ada, "/web")).text
    assert "/auth/link/" in web and "10 minutes" in web
    calendar = (await coach.respond(ada, "/calendar")).text
    assert "/calendar/" in calendar and ".ics" in calendar
    # The same feed link every time.
    assert calendar == (await coach.respond(ada, "/calendar")).text
    strava = (await coach.respond(ada, "/strava")).text
    assert "Strava isn't set up" in strava  # the test services have no Strava configured
    assert "캘린더" in (await coach.respond(await _korean(services), "캘린더 링크")).text


async def _korean(services: Services) -> Athlete:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "802", display_name="민준",
                                                 language=Language.KO)
    return athlete
