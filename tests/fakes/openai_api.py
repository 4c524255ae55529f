"""A scripted OpenAI-compatible Chat Completions server (``/v1/chat/completions``, ``/v1/models``).

Each request takes the next script item: :class:`ToolCall` / :class:`ToolCalls` (the model
calls tools), :class:`Text` (final answer), :class:`HttpError`, :class:`Delay` (to provoke
client timeouts), :class:`Raw` (any body), or a callable ``request_body -> item``. Requests
that break the tool-message pairing rules get the real 400 without consuming the script; an
exhausted script answers 500 so the test fails loudly. Errors carry ``x-should-retry: false``
so openai-python does not sit through its backoff.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import string
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Union

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.openai_rules import OpenAIError, validate_request
from tests.fakes.server import ServedFake

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ToolCall:
    """One tool call; ``arguments`` as a dict is JSON-encoded, a str is sent as is (even broken)."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class ToolCalls:
    """Several tool calls in one assistant message (parallel tool calling)."""

    calls: tuple[ToolCall, ...]
    content: str | None = None


@dataclass(frozen=True)
class Text:
    content: str
    finish_reason: str = "stop"


@dataclass(frozen=True)
class HttpError:
    status: int
    message: str = "The server had an error while processing your request. Sorry about that!"
    type: str = "server_error"
    code: str | None = None
    param: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Delay:
    """Sleep before answering with ``then`` (a client with a shorter timeout gives up first)."""

    seconds: float
    then: ScriptItem = Text("(answered after a delay)")


@dataclass(frozen=True)
class Raw:
    """Answer exactly this JSON body and status (for servers that bend the OpenAI shape)."""

    body: Any
    status: int = 200


ScriptItem = Union[ToolCall, ToolCalls, Text, HttpError, Delay, Raw, Callable[[dict[str, Any]], Any]]  # noqa: UP007


@dataclass
class RecordedRequest:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    raw_size: int
    status: int = 0

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def tool_names(self) -> list[str]:
        return [t.get("function", {}).get("name", "") for t in self.body.get("tools") or []]


def _call_id() -> str:
    return "call_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class ScriptedOpenAI(ServedFake):
    """OpenAI-compatible server answering from a script; see the module docstring."""

    def __init__(
        self, *script: ScriptItem, model: str = "fake-model", api_key: str | None = None,
        strict: bool = True,
    ) -> None:
        self._initial = (model, api_key, strict)
        self.model, self.api_key, self.strict = self._initial
        super().__init__()
        self.reset(*script)

    def build_app(self) -> Starlette:
        return Starlette(routes=[
            Route("/v1/chat/completions", self._chat, methods=["POST"]),
            Route("/v1/models", self._models, methods=["GET"]),
            Route("/{path:path}", self._unknown, methods=["GET", "POST", "PUT", "DELETE"]),
        ])

    def reset(self, *script: ScriptItem) -> None:
        """Start over with this script, no recorded requests, and the constructor's settings."""
        with self.lock:
            self.model, self.api_key, self.strict = self._initial
            self._script: list[ScriptItem] = list(script)
            self._served = 0
            self.requests: list[RecordedRequest] = []

    def add(self, *items: ScriptItem) -> ScriptedOpenAI:
        """Append responses to the script; returns self so calls chain."""
        with self.lock:
            self._script.extend(items)
        return self

    then = add

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def remaining(self) -> int:
        with self.lock:
            return len(self._script)

    @property
    def last_request(self) -> RecordedRequest:
        with self.lock:
            if not self.requests:
                raise AssertionError("no request reached the scripted OpenAI server")
            return self.requests[-1]

    def completions(self) -> list[RecordedRequest]:
        """Requests to /v1/chat/completions that passed validation."""
        with self.lock:
            return [r for r in self.requests if r.path == "/v1/chat/completions" and r.status != 400]

    def assert_script_consumed(self) -> None:
        if self.remaining:
            raise AssertionError(f"{self.remaining} scripted response(s) were never requested")

    # ---- HTTP --------------------------------------------------------------------------------

    async def _models(self, request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [
            {"id": self.model, "object": "model", "created": 0, "owned_by": "test"}]})

    async def _unknown(self, request: Request) -> Response:
        hint = ""
        if request.url.path.endswith("/responses"):
            hint = (" ScriptedOpenAI serves only Chat Completions: build ChatOpenAI with"
                    " use_responses_api=False.")
        return _error(OpenAIError(404, f"Invalid URL ({request.method} {request.url.path}).{hint}"))

    async def _chat(self, request: Request) -> Response:
        raw = await request.body()
        record = RecordedRequest(request.url.path, {}, dict(request.headers), len(raw))
        with self.lock:
            self.requests.append(record)
        response = await self._answer(request, raw, record)
        record.status = response.status_code
        return response

    async def _answer(self, request: Request, raw: bytes, record: RecordedRequest) -> Response:
        if self.api_key is not None:
            auth = request.headers.get("authorization", "")
            if auth != f"Bearer {self.api_key}":
                key = auth.removeprefix("Bearer ")
                return _error(OpenAIError(401, f"Incorrect API key provided: {key[:8]}****. You can "
                                          "find your API key at https://platform.openai.com/account/api-keys.",
                                          code="invalid_api_key"))
        try:
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError:
            return _error(OpenAIError(400, "We could not parse the JSON body of your request. (HINT: "
                                      "This likely means you aren't using your HTTP library correctly.)"))
        record.body = body
        try:
            validate_request(body, strict=self.strict)
        except OpenAIError as exc:
            return _error(exc)
        with self.lock:
            item = self._script.pop(0) if self._script else None
            self._served += 1
            served = self._served
        if item is None:
            last = json.dumps((body.get("messages") or [None])[-1], ensure_ascii=False)[:300]
            return _error(OpenAIError(500, f"ScriptedOpenAI: script exhausted at request #{served}; "
                                      f"last message: {last}", type_="server_error"))
        return await self._respond(item, body)

    async def _respond(self, item: Any, body: dict[str, Any]) -> Response:
        while True:
            if isinstance(item, Delay):
                await asyncio.sleep(item.seconds)
                item = item.then
            elif callable(item) and not isinstance(item, ToolCall | ToolCalls | Text | HttpError | Raw):
                item = item(body)
            else:
                break
        if isinstance(item, HttpError):
            return _error(OpenAIError(item.status, item.message, type_=item.type, code=item.code,
                                      param=item.param), item.headers)
        if isinstance(item, Raw):
            return JSONResponse(item.body, status_code=item.status)
        completion = self._completion(item, body)
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return StreamingResponse(_chunks(completion, include_usage), media_type="text/event-stream")
        return JSONResponse(completion)

    def _completion(self, item: Any, body: dict[str, Any]) -> dict[str, Any]:
        if isinstance(item, ToolCall):
            item = ToolCalls((item,))
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        if isinstance(item, ToolCalls):
            calls = [{"id": c.id or _call_id(), "type": "function",
                      "function": {"name": c.name, "arguments": c.arguments if isinstance(c.arguments, str)
                                   else json.dumps(c.arguments, ensure_ascii=False)}}
                     for c in item.calls]
            message["content"] = item.content
            message["tool_calls"] = calls
            finish, produced = "tool_calls", json.dumps(calls)
        elif isinstance(item, Text):
            message["content"] = item.content
            finish, produced = item.finish_reason, item.content
        else:
            raise TypeError(f"unsupported script item {item!r}")
        prompt = _tokens(json.dumps(body.get("messages")) + json.dumps(body.get("tools") or []))
        completion = _tokens(produced)
        return {
            "id": "chatcmpl-" + secrets.token_hex(12),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt, "completion_tokens": completion,
                "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                              "accepted_prediction_tokens": 0,
                                              "rejected_prediction_tokens": 0},
            },
        }


def _error(error: OpenAIError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status,
                        headers={"x-should-retry": "false", **(headers or {})})


def _pieces(text: str, parts: int = 3) -> list[str]:
    size = max(1, -(-len(text) // parts))
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


async def _chunks(completion: dict[str, Any], include_usage: bool) -> AsyncIterator[str]:
    """The completion re-cut as ``chat.completion.chunk`` SSE events (protocols.md §3.4)."""
    head = {k: completion[k] for k in ("id", "created", "model", "system_fingerprint")}
    head["object"] = "chat.completion.chunk"
    message = completion["choices"][0]["message"]
    extra = {"usage": None} if include_usage else {}

    def event(delta: dict[str, Any], finish: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return "data: " + json.dumps({**head, "choices": [choice], **extra}) + "\n\n"

    yield event({"role": "assistant", "content": "" if message.get("content") is not None else None})
    for piece in _pieces(message.get("content") or "") if message.get("content") else []:
        yield event({"content": piece})
    for index, call in enumerate(message.get("tool_calls") or []):
        yield event({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                     "function": {"name": call["function"]["name"], "arguments": ""}}]})
        for piece in _pieces(call["function"]["arguments"]):
            yield event({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    yield event({}, completion["choices"][0]["finish_reason"])
    if include_usage:
        yield "data: " + json.dumps({**head, "choices": [], "usage": completion["usage"]}) + "\n\n"
    yield "data: [DONE]\n\n"

