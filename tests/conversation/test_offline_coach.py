"""The offline coach through the real services and database, in English and Korean."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach.clock import FixedClock
from coach.conversation import Coach
from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.services import Services


async def _runner(services: Services, language: Language = Language.EN) -> Athlete:
    athlete, created = await services.athletes.onboard(IdentityKind.TELEGRAM, "4242",
                                                       display_name="Ada", language=language)
    assert created
    return athlete


async def test_start_and_help_in_both_languages(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "Hi Ada" in (await coach.respond(ada, "/start")).text
    assert "/goal" in (await coach.respond(ada, "/help")).text
    min_jun, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "77", display_name="민준",
                                                 language=Language.KO)
    assert "안녕하세요, 민준님" in (await coach.respond(min_jun, "/start")).text
    assert "할 수 있는 일" in (await coach.respond(min_jun, "/help")).text


async def test_lang_switches_and_persists(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "한국어" in (await coach.respond(ada, "/lang ko")).text
    reloaded = await services.athletes.get(ada.id)
    assert reloaded.preferences.language is Language.KO
    assert "안녕하세요" in (await coach.respond(reloaded, "/start")).text
    assert "/lang ko" in (await coach.respond(reloaded, "/lang fr")).text


async def test_goal_race_and_fitness(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    reply = await coach.respond(ada, "/goal half 2027-04-12 1:45:00")
    assert "Goal set" in reply.text and "21.1 km" in reply.text and "1:45:00" in reply.text
    assert reply.plan_changed
    goal = await services.goals.current(ada.id)
    assert goal is not None and goal.race_distance_m == 21097.5 and goal.target_time_s == 6300
    assert "general fitness" in (await coach.respond(ada, "/goal fitness")).text
    goal = await services.goals.current(ada.id)
    assert goal is not None and goal.race_distance_m is None


@pytest.mark.parametrize(("text", "expected"), [
    ("/goal", "Tell me the distance and the date"),
    ("/goal half tomorrow", "Tell me the distance and the date"),
    ("/goal banana 2027-01-01", "can't read 'banana' as a distance"),
    ("/goal 10k 2020-01-01", "must be in the future"),
    ("/goal 10k 2027-03-01 9:99", "can't read '9:99' as a time"),
])
async def test_goal_bad_input_gets_a_plain_answer(services: Services, text: str,
                                                  expected: str) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert expected in (await coach.respond(ada, text)).text
    assert await services.goals.current(ada.id) is None


async def test_log_then_stats(services: Services, clock: FixedClock) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    reply = await coach.respond(ada, "/log 8k 42:30 felt easy")
    assert "8.0 km" in reply.text and "42:30" in reply.text and "5:19 /km" in reply.text
    clock.advance(timedelta(days=2))
    await coach.respond(ada, "/log 5k 25:00")
    stats = (await coach.respond(ada, "/stats")).text
    assert "13.0 km" in stats and "2 runs" in stats
    assert "ratio" in stats
    runs = await services.runs.recent(ada.id)
    assert [r.distance_m for r in runs] == [5000, 8000]
    assert runs[1].runner_note == "felt easy"


async def test_log_in_miles_and_korean(services: Services) -> None:
    coach = Coach(services)
    min_jun, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "78", display_name="민준",
                                                 language=Language.KO)
    await coach.respond(min_jun, "/units mi")
    min_jun = await services.athletes.get(min_jun.id)
    reply = (await coach.respond(min_jun, "/log 10k 50:00")).text
    assert "6.2 mi" in reply and "잘했어요" in reply


@pytest.mark.parametrize("text", ["/log", "/log 8k", "/log 8k 1:00", "/log -3k 20:00",
                                  "/log 8k 99:99:99"])
async def test_log_bad_input_stores_nothing(services: Services, text: str) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    reply = await coach.respond(ada, text)
    assert reply.text and "incident" not in reply.text
    assert await services.runs.recent(ada.id) == []


async def test_stats_with_no_runs(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "No runs in the last 4 weeks" in (await coach.respond(ada, "/stats")).text


async def test_unknown_command_coming_command_and_free_text(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "I don't know /dance" in (await coach.respond(ada, "/dance")).text
    assert "I'm not sure what you mean" in (await coach.respond(ada, "the weather is nice")).text
    assert "What I can do" in (await coach.respond(ada, "what can you do?")).text
    assert (await coach.respond(ada, "   ")).text


async def test_conversation_is_remembered(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    await coach.respond(ada, "/help")
    async with services.deps.uow() as uow:
        messages = await uow.messages.last(ada.id, 10)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[0].content == "/help"


@pytest.mark.parametrize(("text", "english", "korean"), [
    ("/log banana 20:00", "can't read 'banana' as a distance", "거리로 읽을 수 없어요"),
    ("/log 5k 9:99", "can't read '9:99' as a time", "시간으로 읽을 수 없어요"),
    ("/goal 10k 2020-01-01", "must be in the future", "미래여야 해요"),
    ("/log 5k 2:00", "pace I can't believe", "믿기 어려운 페이스"),
])
async def test_errors_speak_the_runners_language(services: Services, text: str, english: str,
                                                 korean: str) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    min_jun, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "79", display_name="민준",
                                                 language=Language.KO)
    assert english in (await coach.respond(ada, text)).text
    assert korean in (await coach.respond(min_jun, text)).text


async def test_plan_change_errors_in_korean(services: Services) -> None:
    coach = Coach(services)
    min_jun, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "80", display_name="민준",
                                                 language=Language.KO)
    await coach.respond(min_jun, "/goal 10k 2027-03-01")
    assert "이미 지났어요" in (await coach.respond(min_jun, "/skip 2026-11-01")).text
    assert "날짜로 읽을 수 없어요" in (await coach.respond(min_jun, "/move 언젠가")).text
