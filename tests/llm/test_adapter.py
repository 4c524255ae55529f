"""The langchain-openai adapter on the wire, its metrics, and the wiring of the composition root."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from coach.ports_llm import ChatMessage, ModelError, ToolSpec
from integrations.llm import OpenAILanguageModel
from runcoach.bootstrap import bootstrap
from runcoach.settings import Settings
from tests.fakes.openai_api import HttpError, ScriptedOpenAI, Text, ToolCall, ToolCalls

TOOLS = [ToolSpec("get_plan", "A week of the plan.", {"type": "object", "properties": {
    "week": {"type": "string"}}, "additionalProperties": False})]
OPENING = [ChatMessage("system", "You coach."), ChatMessage("user", "this week?")]


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_requests_suit_local_servers_and_are_counted(fake_openai: ScriptedOpenAI) -> None:
    model = OpenAILanguageModel(model="local-model", base_url=fake_openai.base_url, max_tokens=321)
    calls = _sample("runcoach_llm_calls_total", {"model": "local-model", "outcome": "ok"})
    tokens_in = _sample("runcoach_llm_tokens_total", {"model": "local-model", "direction": "in"})
    fake_openai.add(ToolCalls((ToolCall("get_plan", {"week": "2026-W48"}, id="call_a"),
                               ToolCall("get_plan", '{"week": ', id="call_b"))), Text("A base week."))

    asked = await model.complete(OPENING, TOOLS, timeout_s=5)
    good, bad = asked.tool_calls
    assert (good.id, good.arguments) == ("call_a", {"week": "2026-W48"})
    assert (bad.id, bad.arguments, bad.raw_arguments) == ("call_b", None, '{"week": ')
    assert asked.usage is not None and asked.usage.input_tokens > 0
    answered = await model.complete([*OPENING, ChatMessage("assistant", "", asked.tool_calls),
                                     ChatMessage("tool", "{}", tool_call_id="call_a"),
                                     ChatMessage("tool", '{"error":"bad JSON"}', tool_call_id="call_b")],
                                    TOOLS, timeout_s=5)
    assert answered.text == "A base week." and answered.finish_reason == "stop"

    first, second = (r.body for r in fake_openai.completions())
    # llama.cpp needs tool_choice to see tools, max_tokens (not max_completion_tokens), and ""
    # rather than null beside tool calls (protocols.md §5).
    assert first["tool_choice"] == "auto" and first["max_tokens"] == 321
    assert "max_completion_tokens" not in first and first["stream"] is False
    echoed = second["messages"][2]
    assert echoed["content"] == "" and [c["function"]["arguments"] for c in echoed["tool_calls"]] == [
        '{"week": "2026-W48"}', '{"week": ']
    assert fake_openai.last_request.headers["authorization"] == "Bearer sk-no-key"
    assert _sample("runcoach_llm_calls_total", {"model": "local-model", "outcome": "ok"}) == calls + 2
    assert _sample("runcoach_llm_tokens_total",
                   {"model": "local-model", "direction": "in"}) > tokens_in
    assert _sample("runcoach_llm_latency_seconds_count", {"model": "local-model"}) >= 2


async def test_http_errors_become_model_errors_with_a_reason(fake_openai: ScriptedOpenAI) -> None:
    model = OpenAILanguageModel(model="err-model", base_url=fake_openai.base_url)
    fake_openai.add(HttpError(500), HttpError(429, "slow down", type="requests"),
                    HttpError(400, "bad tool schema", type="invalid_request_error"))
    reasons = []
    for _ in range(3):
        with pytest.raises(ModelError) as caught:
            await model.complete(OPENING, TOOLS, timeout_s=5)
        reasons.append(caught.value.reason)
    assert reasons == ["server_error", "rate_limited", "bad_request"]
    assert _sample("runcoach_llm_calls_total", {"model": "err-model", "outcome": "rate_limited"}) >= 1


@pytest.mark.timeout(60)
async def test_bootstrap_wires_the_agent_when_a_base_url_is_set(
        database_url: str, fake_openai: ScriptedOpenAI) -> None:
    settings = Settings(database_url=database_url, openai_base_url=fake_openai.base_url,  # type: ignore[call-arg]
                        coach_llm_model="fake-model", coach_llm_strava_data="deny", _env_file=None)
    runtime = await bootstrap(settings, migrate=False, with_bot=False)
    try:
        assert runtime.coach.agent is not None
        ada = await runtime.services.athletes.local("ada")
        fake_openai.add(ToolCall("get_athlete_profile", {}), Text("You have no goal yet."))
        reply = await runtime.coach.respond(ada, "what's my goal?")
        assert reply.text == "You have no goal yet."
        assert fake_openai.completions()[0].body["model"] == "fake-model"
    finally:
        await runtime.aclose()
    offline = Settings(database_url=database_url, openai_base_url=fake_openai.base_url,  # type: ignore[call-arg]
                       coach_llm="offline", _env_file=None)
    runtime = await bootstrap(offline, migrate=False, with_bot=False)
    try:
        assert runtime.coach.agent is None
    finally:
        await runtime.aclose()
