"""The scripted OpenAI server answers openai-python and langchain-openai like the real API does."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from tests.fakes.openai_api import Delay, HttpError, ScriptedOpenAI, Text, ToolCall, ToolCalls

pytest_plugins = ["tests.fakes.fixtures"]

MESSAGES = [SystemMessage("You are a running coach."), HumanMessage("What should I run today?")]


@tool
def get_recent_runs(days: int) -> str:
    """List the athlete's runs."""
    return "[]"


@tool
def get_plan_week(week: int) -> str:
    """Show one week of the plan."""
    return "{}"


def chat_model(fake: ScriptedOpenAI, **kwargs: Any) -> Any:
    llm = ChatOpenAI(base_url=fake.base_url, use_responses_api=False, model="fake-model",
                     api_key="sk-test", max_retries=0, **kwargs)
    return llm.bind_tools([get_recent_runs, get_plan_week])


def client(fake: ScriptedOpenAI, **kwargs: Any) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="sk-test", **{"max_retries": 0, **kwargs})


def test_openai_client_gets_tool_call_with_usage(fake_openai: ScriptedOpenAI):
    fake_openai.add(ToolCall("get_recent_runs", {"days": 7}, id="call_abc123"))
    completion = client(fake_openai).chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "What should I run today?"}],
        tools=[{"type": "function", "function": {"name": "get_recent_runs", "parameters": {
            "type": "object", "properties": {"days": {"type": "integer"}}}}}])
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    call = choice.message.tool_calls[0]  # type: ignore[index]
    assert (call.id, call.function.name, json.loads(call.function.arguments)) == (  # type: ignore[union-attr]
        "call_abc123", "get_recent_runs", {"days": 7})
    assert completion.usage is not None and completion.usage.total_tokens > 0
    assert fake_openai.last_request.tool_names == ["get_recent_runs"]


def test_langchain_tool_round_trip(fake_openai: ScriptedOpenAI):
    fake_openai.add(ToolCall("get_recent_runs", {"days": 7}), Text("Run an easy 5 km."))
    llm = chat_model(fake_openai)
    asked = llm.invoke(MESSAGES)
    assert [(c["name"], c["args"]) for c in asked.tool_calls] == [("get_recent_runs", {"days": 7})]
    assert asked.response_metadata["finish_reason"] == "tool_calls"
    assert asked.usage_metadata["total_tokens"] > 0
    answer = llm.invoke([*MESSAGES, asked, ToolMessage("[]", tool_call_id=asked.tool_calls[0]["id"])])
    assert answer.content == "Run an easy 5 km."
    second = fake_openai.last_request
    assert [m["role"] for m in second.messages] == ["system", "user", "assistant", "tool"]
    assert second.body["stream"] is False and second.tool_names == ["get_recent_runs", "get_plan_week"]
    assert second.raw_size > fake_openai.requests[0].raw_size
    fake_openai.assert_script_consumed()


def test_parallel_calls_and_malformed_arguments(fake_openai: ScriptedOpenAI):
    fake_openai.add(
        ToolCalls((ToolCall("get_recent_runs", {"days": 7}), ToolCall("get_plan_week", {"week": 3}))),
        ToolCall("get_plan_week", '{"week": 3'),
    )
    llm = chat_model(fake_openai)
    both = llm.invoke(MESSAGES)
    assert [c["name"] for c in both.tool_calls] == ["get_recent_runs", "get_plan_week"]
    broken = llm.invoke(MESSAGES)
    assert broken.tool_calls == []
    assert broken.invalid_tool_calls[0]["name"] == "get_plan_week"
    assert broken.invalid_tool_calls[0]["args"] == '{"week": 3'


def test_server_error_is_not_retried_by_the_client(fake_openai: ScriptedOpenAI):
    fake_openai.add(HttpError(500), HttpError(429, "Rate limit reached", type="requests",
                                              code="rate_limit_exceeded"))
    with pytest.raises(openai.InternalServerError) as caught:
        chat_model(fake_openai).invoke(MESSAGES)
    assert caught.value.status_code == 500
    with pytest.raises(openai.RateLimitError):  # default max_retries=2, but x-should-retry: false
        client(fake_openai, max_retries=2).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}])
    assert len(fake_openai.requests) == 2


def test_tool_message_pairing_rules_return_the_real_400s(fake_openai: ScriptedOpenAI):
    fake_openai.add(Text("never reached"))
    llm = chat_model(fake_openai)
    asked = AIMessage("", tool_calls=[{"name": "get_recent_runs", "args": {"days": 7},
                                       "id": "call_1", "type": "tool_call"}])
    with pytest.raises(openai.BadRequestError, match="did not have response messages: call_1"):
        llm.invoke([*MESSAGES, asked])
    with pytest.raises(openai.BadRequestError, match="must be a response to a preceeding message"):
        llm.invoke([*MESSAGES, ToolMessage("[]", tool_call_id="call_1")])
    with pytest.raises(openai.BadRequestError, match="'call_2' not found"):
        llm.invoke([*MESSAGES, asked, ToolMessage("[]", tool_call_id="call_1"),
                    ToolMessage("[]", tool_call_id="call_2")])
    assert fake_openai.remaining == 1  # refused requests do not consume the script
    body = fake_openai.last_request.body
    assert body["messages"][-1]["tool_call_id"] == "call_2"


def test_bad_tool_name_and_exhausted_script_fail_loudly(fake_openai: ScriptedOpenAI):
    with pytest.raises(openai.BadRequestError, match="does not match pattern"):
        client(fake_openai).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}],
            tools=[{"type": "function", "function": {"name": "plan.week", "parameters": {}}}])
    with pytest.raises(openai.InternalServerError, match="script exhausted"):
        client(fake_openai).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}])


def test_callable_script_item_sees_the_request(fake_openai: ScriptedOpenAI):
    def echo_last(request: dict[str, Any]) -> Text:
        return Text("You said: " + request["messages"][-1]["content"])

    fake_openai.add(echo_last)
    assert chat_model(fake_openai).invoke("10 km today").content == "You said: 10 km today"


def test_delay_provokes_a_client_timeout(fake_openai: ScriptedOpenAI):
    fake_openai.add(Delay(1.0), Text("on time"))
    with pytest.raises(openai.APITimeoutError):
        client(fake_openai, timeout=0.2).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}])
    assert chat_model(fake_openai).invoke("again").content == "on time"


def test_streaming_tool_call_is_reassembled(fake_openai: ScriptedOpenAI):
    fake_openai.add(ToolCall("get_recent_runs", {"days": 14}, id="call_9"), Text("All good."))
    streamed = chat_model(fake_openai, streaming=True).invoke(MESSAGES)
    assert streamed.tool_calls == [{"name": "get_recent_runs", "args": {"days": 14},
                                    "id": "call_9", "type": "tool_call"}]
    chunks = list(client(fake_openai).chat.completions.create(
        model="fake-model", messages=[{"role": "user", "content": "hi"}], stream=True,
        stream_options={"include_usage": True}))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "All good."
    assert chunks[-1].usage is not None and chunks[-1].choices == []


def test_models_list_and_responses_api_hint(fake_openai: ScriptedOpenAI):
    assert [m.id for m in client(fake_openai).models.list()] == ["fake-model"]
    response = httpx.post(f"{fake_openai.base_url}/responses", json={"model": "x"})
    assert response.status_code == 404 and "use_responses_api=False" in response.json()["error"]["message"]


def test_configured_api_key_is_checked(fake_openai: ScriptedOpenAI):
    fake_openai.api_key = "sk-right"
    fake_openai.add(Text("hello"))
    with pytest.raises(openai.AuthenticationError):
        client(fake_openai).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}])
    good = openai.OpenAI(base_url=fake_openai.base_url, api_key="sk-right", max_retries=0)
    reply = good.chat.completions.create(model="fake-model",
                                         messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content == "hello"
