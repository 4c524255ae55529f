"""The LanguageModel port: the few message, tool and turn types the agent needs from a chat model.

The core's own types, so no langchain or openai type crosses into `coach/`; the adapter in
`integrations/llm.py` translates them to and from the wire.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from coach.domain.errors import UpstreamError

Role = Literal["system", "user", "assistant", "tool"]
# Why a model call failed, as the agent counts fallbacks.
FailureReason = Literal["timeout", "rate_limited", "server_error", "bad_request", "connection",
                        "bad_response"]


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A tool offered to the model: its name, one-line description and JSON Schema arguments."""

    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ToolCallRequest:
    """One tool call the model asked for. `arguments` is None when they were not a JSON object;
    `raw_arguments` keeps what the model sent so it can be shown its own mistake."""

    id: str
    name: str
    arguments: dict[str, Any] | None
    raw_arguments: str = ""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """A message of the conversation sent to the model. Assistant messages may carry tool calls;
    tool messages answer one call by `tool_call_id`."""

    role: Role
    content: str
    tool_calls: tuple[ToolCallRequest, ...] = ()
    tool_call_id: str | None = None


@dataclass(frozen=True, slots=True)
class TokenUsage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True, slots=True)
class ModelTurn:
    """What the model answered: text, tool calls (or both), and what it cost."""

    text: str
    tool_calls: tuple[ToolCallRequest, ...] = ()
    usage: TokenUsage | None = None
    finish_reason: str | None = None


class ModelError(UpstreamError):
    """A model call that failed; `reason` says how (the agent falls back and counts it)."""

    def __init__(self, message: str, reason: FailureReason) -> None:
        super().__init__(message)
        self.reason: FailureReason = reason


class LanguageModel(Protocol):
    """A chat model with tool calling (any OpenAI-compatible server behind the adapter)."""

    @property
    def model_name(self) -> str: ...

    async def complete(self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], *,
                       timeout_s: float) -> ModelTurn:
        """One completion. Raises ModelError; never waits longer than `timeout_s`."""
        ...


class AgentObserver(Protocol):
    """Counts what the agent does, for metrics the core can't import (the adapter implements it)."""

    def tool_called(self, tool: str) -> None: ...
    def fell_back(self, reason: str) -> None: ...


class NullObserver:
    """Counts nothing: the default when no observer is wired."""

    def tool_called(self, tool: str) -> None:
        return None

    def fell_back(self, reason: str) -> None:
        return None
