"""Whatever the model does wrong, the runner gets an answer and the failure is counted."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from prometheus_client import REGISTRY

from coach.clock import FixedClock
from coach.domain.athletes import Language
from coach.services import Services
from integrations.llm_metrics import PrometheusAgentObserver
from tests.fakes.openai_api import Delay, HttpError, ScriptedOpenAI, Text, ToolCall, ToolCalls
from tests.llm.conftest import Harness, make_runner

OFFLINE_FALLBACK = "I'm not sure what you mean."
FAILED_NOTE = "(The AI coach couldn't answer just now, so the basic coach did.)"


def _fallbacks(reason: str) -> float:
    return REGISTRY.get_sample_value("runcoach_llm_fallbacks_total", {"reason": reason}) or 0.0


async def test_bad_arguments_go_back_to_the_model_which_corrects_them(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, runs=12, clock=clock)
    h = make_coach()
    fake_openai.add(ToolCall("list_runs", {"limit": 500, "athlete_id": "someone-else"}),
                    ToolCall("list_runs", '{"limit": 5'),
                    ToolCall("list_runs", {"limit": 5}),
                    Text("Your last five runs were all easy 6–12 km runs."))
    reply = await h.coach.respond(ada, "how were my last runs?")

    assert reply.text == "Your last five runs were all easy 6–12 km runs."
    invalid = h.last_tool_result(1)
    assert invalid["error"].startswith("Invalid arguments")
    assert {p["argument"] for p in invalid["problems"]} == {"limit", "athlete_id"}
    broken = h.last_tool_result(2)
    assert "not a valid JSON object" in broken["error"] and broken["received"] == '{"limit": 5'
    runs = h.last_tool_result(3)["runs"]
    assert len(runs) == 5 and runs[0]["date"] == "2026-11-25"
    assert not h.observer.fallbacks and h.observer.tools == ["list_runs"] * 3


@pytest.mark.timeout(10)
async def test_a_slow_model_times_out_into_the_offline_coach(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, clock=clock)
    h = make_coach(timeout_s=1.0, observer=PrometheusAgentObserver())
    before = _fallbacks("timeout")
    fake_openai.add(Delay(3.0, Text("far too late")))
    reply = await h.coach.respond(ada, "what's the plan today?")

    # The offline coach understood "today" and answered with today's workout.
    assert reply.text.startswith("Today:") and reply.text.endswith(FAILED_NOTE)
    assert _fallbacks("timeout") == before + 1
    assert len(fake_openai.requests) == 1


@pytest.mark.parametrize(("script", "reason"), [
    (HttpError(500), "server_error"),
    (HttpError(503, "overloaded"), "server_error"),
    (HttpError(429, "Rate limit reached", type="requests", code="rate_limited"), "rate_limited"),
    (Text(""), "empty"),
    (Text("<think>the runner wants…</think>"), "empty"),
])
async def test_errors_and_nonsense_fall_back_and_are_counted(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI, script: object, reason: str) -> None:
    ada = await make_runner(services, clock=clock)
    h = make_coach()
    fake_openai.add(script)  # type: ignore[arg-type]
    reply = await h.coach.respond(ada, "tell me something nice")

    assert reply.text == f"{OFFLINE_FALLBACK}{reply.text[len(OFFLINE_FALLBACK):]}"
    assert reply.text.endswith(FAILED_NOTE)
    assert h.observer.fallbacks == [reason]


async def test_a_model_that_loops_is_stopped_after_six_rounds(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, runs=3, clock=clock)
    h = make_coach()
    fake_openai.add(*[ToolCall("list_runs", {"limit": n}) for n in range(1, 8)])
    reply = await h.coach.respond(ada, "how am I doing?")
    assert reply.text.endswith(FAILED_NOTE)
    assert h.observer.fallbacks == ["loop"] and len(fake_openai.requests) == 7
    fake_openai.assert_script_consumed()


async def test_repeated_identical_calls_get_the_earlier_result_pointed_out(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, runs=3, clock=clock)
    h = make_coach()
    twice = ToolCalls((ToolCall("get_plan", {}), ToolCall("get_plan", {})))
    fake_openai.add(twice, Text("This week is a base week."))
    reply = await h.coach.respond(ada, "what's this week?")

    assert reply.text == "This week is a base week."
    first, second = (json.loads(m["content"]) for m in h.tool_messages(1))
    assert first["phase"] == "base" and "already made this exact call" in second["error"]


async def test_over_quota_the_offline_coach_answers_and_says_so(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, clock=clock)
    bo = await make_runner(services, "Bo", clock=clock, language=Language.KO)
    await services.athletes.set_state(bo.id, "tier", {"tier": "plus"})
    h = make_coach(daily_turns={"free": 1, "plus": 2})
    fake_openai.add(Text("Sure."), Text("물론이죠."), Text("좋아요."))

    assert (await h.coach.respond(ada, "hi coach")).text == "Sure."
    over = await h.coach.respond(ada, "what should I run today?")
    assert over.text.startswith("Today:")
    assert over.text.endswith("(You've used today's 1 conversations with the AI coach, so the basic "
                              "coach answered. It opens again tomorrow.)")
    assert len(fake_openai.requests) == 1 and h.observer.fallbacks == ["quota"]

    assert (await h.coach.respond(bo, "안녕")).text == "물론이죠."
    assert (await h.coach.respond(bo, "고마워")).text == "좋아요."
    korean = await h.coach.respond(bo, "오늘 뭐 뛰어?")
    assert korean.text.endswith(
        "(오늘 AI 코치와의 대화 2회를 다 써서 기본 코치가 답했어요. 내일 다시 열려요.)")
    assert len(fake_openai.requests) == 3


async def test_a_failure_after_a_proposal_still_shows_the_proposal(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, clock=clock)
    h = make_coach()
    fake_openai.add(ToolCall("adjust_plan", {"change": "sick", "days": 3}), HttpError(502))
    reply = await h.coach.respond(ada, "I've got the flu")

    assert reply.text.startswith("Here's the change I'd make:") and reply.text.endswith(FAILED_NOTE)
    assert [b.label for b in reply.buttons[0]] == ["Confirm", "Cancel"]
    assert h.observer.fallbacks == ["server_error"]
