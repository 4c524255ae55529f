"""Onboarding through the coach: one question at a time, kept in the database, ending in a plan."""

from __future__ import annotations

from coach.clock import FixedClock
from coach.conversation import Coach
from coach.domain.athletes import Athlete, IdentityKind, Language, Level
from coach.services import Services
from coach.services.plans import FITNESS_STATE


async def _runner(services: Services, external_id: str, language: Language) -> Athlete:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, external_id,
                                                 display_name="Ada", language=language)
    return athlete


async def test_english_runner_types_every_answer(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services, "701", Language.EN)
    first = await coach.respond(ada, "/start")
    assert "Hi Ada" in first.text and "What are you training for?" in first.text
    assert [b.action for b in first.buttons[0]] == ["ob:goal:5k", "ob:goal:10k"]
    assert "When is your race (Half)" in (await coach.respond(ada, "half")).text
    assert "future" in (await coach.respond(ada, "2020-01-01")).text  # refused, asked again
    assert "How many days" in (await coach.respond(ada, "2027-04-11 1:50:00")).text
    assert "3 to 7" in (await coach.respond(ada, "ten")).text
    assert "long run" in (await coach.respond(ada, "5")).text
    assert "recent race" in (await coach.respond(ada, "sunday")).text
    tz = await coach.respond(ada, "10k 48:30")
    assert "UTC" in tz.text and "08:00" in tz.text  # the guess, with the time there now
    done = await coach.respond(ada, "Seoul")
    assert done.plan_changed
    assert "All set!" in done.text and "Half" not in done.text  # the goal is shown as a distance
    assert "21.1 km on 2027-04-11 in 1:50:00" in done.text and "VDOT 41.5" in done.text
    assert "Week 2026-W48" in done.text and "/km" in done.text
    assert "7:00" in done.text  # when the morning message comes

    athlete = await services.athletes.get(ada.id)
    prefs = athlete.preferences
    assert (prefs.runs_per_week, prefs.long_run_day, prefs.timezone) == (5, 6, "Asia/Seoul")
    assert prefs.level is Level.INTERMEDIATE
    stated = await services.athletes.get_state(ada.id, FITNESS_STATE)
    assert stated is not None and round(stated["vdot"], 1) == 41.5
    goal = await services.goals.current(ada.id)
    assert goal is not None and goal.race_distance_m == 21097.5 and goal.target_time_s == 6600
    plan = await services.plans.active(ada.id)
    assert plan is not None and plan.reason == "Onboarding"
    # The set-up is over: plain words go back to the coach.
    assert "not sure what you mean" in (await coach.respond(ada, "blorp")).text


async def test_korean_runner_uses_buttons_and_korean_dates(services: Services,
                                                           clock: FixedClock) -> None:
    coach = Coach(services)
    minjun = await _runner(services, "702", Language.KO)
    assert "안녕하세요" in (await coach.respond(minjun, "/start")).text
    asked = await coach.press(minjun, "ob:goal:10k")
    assert "대회(10K)는 언제" in asked.text
    assert "며칠" in (await coach.respond(minjun, "3월 1일")).text  # next 1 March
    long_q = await coach.press(minjun, "ob:runs:4")
    assert [b.label for b in long_q.buttons[0]] == ["토", "일"]
    fitness_q = await coach.press(minjun, "ob:long:sat")
    assert "페이스" in fitness_q.text
    # A stale button from an earlier question just brings the open question back.
    assert "페이스" in (await coach.press(minjun, "ob:runs:6")).text
    tz_q = await coach.respond(minjun, "6분 30초")
    assert "Asia/Seoul" in tz_q.text and "17:00" in tz_q.text
    done = await coach.press(minjun, "ob:tz:yes")
    assert "준비 완료" in done.text and "주 4회" in done.text and "토요일" in done.text
    assert "2027-03-01 10.0 km" in done.text
    assert "편한 페이스 6:30 /km" in done.text
    athlete = await services.athletes.get(minjun.id)
    assert (athlete.preferences.runs_per_week, athlete.preferences.long_run_day) == (4, 5)
    stated = await services.athletes.get_state(minjun.id, FITNESS_STATE)
    assert stated is not None and stated["source"] == "easy_pace" and 30 < stated["vdot"] < 45
    # Pressing a set-up button after the end says so instead of guessing.
    assert "/start" in (await coach.press(minjun, "ob:tz:yes")).text


async def test_state_lives_in_the_database_and_start_restarts(services: Services) -> None:
    ada = await _runner(services, "703", Language.EN)
    await Coach(services).respond(ada, "/start")
    await Coach(services).respond(ada, "just fit")
    # A different Coach (another process, after a restart) carries on from the database.
    assert "long run" in (await Coach(services).respond(ada, "4")).text
    again = await Coach(services).respond(ada, "/start")
    assert "What are you training for?" in again.text
    assert await services.athletes.get_state(ada.id, "onboarding") == {"step": "goal"}


async def test_skipping_and_leaving_the_setup(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services, "704", Language.EN)
    await coach.respond(ada, "/start")
    assert "later" in (await coach.press(ada, "ob:stop")).text.lower()
    assert await services.athletes.get_state(ada.id, "onboarding") is None
    await coach.respond(ada, "/start")
    # /lang keeps the set-up and asks the open question again, now in Korean.
    switched = await coach.respond(ada, "/lang ko")
    assert "한국어" in switched.text and "어떤 목표" in switched.text
    ada = await services.athletes.get(ada.id)
    # Any other command leaves it: the runner chose to go their own way.
    assert "목표 설정 완료" in (await coach.respond(ada, "/goal fitness")).text
    assert await services.athletes.get_state(ada.id, "onboarding") is None


async def test_fitness_question_can_be_skipped(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services, "705", Language.EN)
    for said in ("/start", "fitness", "3", "sat"):
        await coach.respond(ada, said)
    assert "time zone" in (await coach.press(ada, "ob:fitness:skip")).text
    done = await coach.respond(ada, "yes")
    assert "General fitness" in done.text and "typical paces" in done.text
    assert await services.athletes.get_state(ada.id, FITNESS_STATE) is None
