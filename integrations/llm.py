"""The LanguageModel port over langchain-openai's ChatOpenAI, for any OpenAI-compatible server.

Chat Completions only (`use_responses_api=False`), so OpenAI, Ollama, vLLM and llama.cpp all
work. Local servers bend the protocol (protocols.md §5), so every request carries
`tool_choice: "auto"`, assistant tool-call messages carry `""` instead of `null` content, a
custom base URL gets `max_tokens` rather than `max_completion_tokens`, and each call is bounded
by a timeout. Each call is counted in `integrations.llm_metrics`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import openai
from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from coach.ports_llm import (
    ChatMessage,
    FailureReason,
    ModelError,
    ModelTurn,
    TokenUsage,
    ToolCallRequest,
    ToolSpec,
)
from integrations.llm_metrics import LLM_CALLS, LLM_LATENCY, LLM_TOKENS

log = logging.getLogger(__name__)

# Room for a reply of a few paragraphs; a tool call's arguments need far less.
DEFAULT_MAX_TOKENS = 700
# Sent when the server needs no key (Ollama, llama.cpp): the SDK refuses to start without one.
_NO_KEY = "sk-no-key"


class _CompatibleChatOpenAI(ChatOpenAI):
    """ChatOpenAI whose requests local OpenAI-compatible servers also accept."""

    send_max_tokens: bool = False

    def _get_request_payload(self, input_: LanguageModelInput, *, stop: list[str] | None = None,
                             **kwargs: Any) -> dict[str, Any]:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        for message in payload.get("messages", []):
            # llama.cpp answers 500 to `content: null` beside tool calls; "" is valid everywhere.
            if message.get("role") == "assistant" and message.get("content") is None:
                message["content"] = ""
        if self.send_max_tokens and "max_completion_tokens" in payload:
            payload["max_tokens"] = payload.pop("max_completion_tokens")
        return payload


class OpenAILanguageModel:
    """LanguageModel on a Chat Completions server; errors become ModelError with a reason."""

    def __init__(self, *, model: str, api_key: str | None = None, base_url: str | None = None,
                 timeout_s: float = 8.0, max_tokens: int = DEFAULT_MAX_TOKENS,
                 temperature: float = 0.3) -> None:
        self._model = model
        local = bool(base_url) and "api.openai.com" not in (base_url or "")
        # No retries: a retry can't fit in the turn's deadline; the agent falls back instead.
        self._chat = _CompatibleChatOpenAI(
            model=model, api_key=SecretStr(api_key or _NO_KEY), base_url=base_url,
            use_responses_api=False, max_retries=0, timeout=timeout_s, max_tokens=max_tokens,
            temperature=temperature, send_max_tokens=local)

    @property
    def model_name(self) -> str:
        return self._model

    async def complete(self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], *,
                       timeout_s: float) -> ModelTurn:
        runnable: Any = self._chat
        if tools:
            runnable = self._chat.bind_tools([_tool_json(t) for t in tools], tool_choice="auto")
        started = time.perf_counter()
        outcome = "ok"
        try:
            async with asyncio.timeout(max(0.05, timeout_s)):
                answer = await runnable.ainvoke([_to_langchain(m) for m in messages])
            if not isinstance(answer, AIMessage):
                raise ModelError(f"unexpected answer type {type(answer).__name__}", "bad_response")
            turn = _from_langchain(answer)
        except ModelError as exc:
            outcome = exc.reason
            raise
        except Exception as exc:
            error = _model_error(exc)
            outcome = error.reason
            raise error from exc
        finally:
            LLM_CALLS.labels(self._model, outcome).inc()
            LLM_LATENCY.labels(self._model).observe(time.perf_counter() - started)
        if turn.usage is not None:
            LLM_TOKENS.labels(self._model, "in").inc(turn.usage.input_tokens)
            LLM_TOKENS.labels(self._model, "out").inc(turn.usage.output_tokens)
        return turn


def _tool_json(spec: ToolSpec) -> dict[str, Any]:
    return {"type": "function", "function": {"name": spec.name, "description": spec.description,
                                             "parameters": spec.parameters}}


def _to_langchain(message: ChatMessage) -> BaseMessage:
    if message.role == "system":
        return SystemMessage(message.content)
    if message.role == "user":
        return HumanMessage(message.content)
    if message.role == "tool":
        return ToolMessage(message.content, tool_call_id=message.tool_call_id or "")
    valid = [{"name": c.name, "args": c.arguments, "id": c.id, "type": "tool_call"}
             for c in message.tool_calls if c.arguments is not None]
    invalid = [{"name": c.name, "args": c.raw_arguments, "id": c.id, "error": c.error,
                "type": "invalid_tool_call"} for c in message.tool_calls if c.arguments is None]
    return AIMessage(message.content, tool_calls=valid, invalid_tool_calls=invalid)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [b if isinstance(b, str) else b.get("text", "") for b in content
                 if isinstance(b, str) or (isinstance(b, dict) and b.get("type") == "text")]
        return "".join(parts)
    return ""


def _from_langchain(answer: AIMessage) -> ModelTurn:
    calls: list[ToolCallRequest] = []
    for n, call in enumerate(answer.tool_calls):
        args = call.get("args")
        call_id = call.get("id") or f"call_{n}"
        if isinstance(args, dict):
            calls.append(ToolCallRequest(call_id, call["name"], args,
                                         json.dumps(args, ensure_ascii=False)))
        else:
            calls.append(ToolCallRequest(call_id, call["name"], None, json.dumps(args),
                                         "the arguments must be a JSON object"))
    for n, bad in enumerate(answer.invalid_tool_calls, start=len(calls)):
        calls.append(ToolCallRequest(bad.get("id") or f"call_{n}", bad.get("name") or "", None,
                                     bad.get("args") or "",
                                     bad.get("error") or "the arguments are not valid JSON"))
    usage = None
    if answer.usage_metadata:
        usage = TokenUsage(int(answer.usage_metadata.get("input_tokens") or 0),
                           int(answer.usage_metadata.get("output_tokens") or 0))
    finish = answer.response_metadata.get("finish_reason") if answer.response_metadata else None
    return ModelTurn(_text(answer.content), tuple(calls), usage, finish)


def _model_error(exc: BaseException) -> ModelError:
    reason: FailureReason
    if isinstance(exc, TimeoutError | openai.APITimeoutError):
        reason = "timeout"
    elif isinstance(exc, openai.RateLimitError):
        reason = "rate_limited"
    elif isinstance(exc, openai.APIStatusError):
        reason = "server_error" if exc.status_code >= 500 else "bad_request"
    elif isinstance(exc, openai.APIConnectionError):
        reason = "connection"
    else:
        reason = "bad_response"
    status = getattr(exc, "status_code", None)
    log.warning("LLM call failed: %s%s (%s)", reason, f" {status}" if status else "",
                type(exc).__name__)
    return ModelError(f"The language model failed ({reason}).", reason)
