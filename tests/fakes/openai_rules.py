"""Request checks the real Chat Completions API applies, with its 400 bodies (protocols.md §3.3)."""

from __future__ import annotations

import re
from typing import Any

_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_ROLES = {"system", "developer", "user", "assistant", "tool", "function"}


class OpenAIError(Exception):
    """An error answered as ``{"error": {"message", "type", "param", "code"}}``."""

    def __init__(
        self, status: int, message: str, *, type_: str = "invalid_request_error",
        param: str | None = None, code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code}}


def validate_request(body: dict[str, Any], *, strict: bool) -> None:
    """Raise OpenAIError(400, ...) where api.openai.com would refuse the request."""
    if not body.get("model"):
        raise OpenAIError(400, "you must provide a model parameter")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise OpenAIError(400, "[] is too short - 'messages'", param="messages")
    tools = body.get("tools")
    if tools is not None:
        _check_tools(tools)
    choice = body.get("tool_choice")
    if choice is not None and not tools:
        raise OpenAIError(400, "Invalid value for 'tool_choice': 'tool_choice' is only allowed when "
                          "'tools' are specified.", param="tool_choice")
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        names = {(t.get("function") or {}).get("name") for t in tools or []}
        if wanted not in names:
            raise OpenAIError(400, f"Invalid value for 'tool_choice': tool '{wanted}' not found in "
                              "'tools'.", param="tool_choice")
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in _ROLES:
            raise OpenAIError(400, f"Invalid value for 'messages[{index}].role'.",
                              param=f"messages.[{index}].role")
    if strict:
        _check_pairing(messages)


def _check_tools(tools: Any) -> None:
    if not isinstance(tools, list):
        raise OpenAIError(400, "Invalid type for 'tools': expected an array.", param="tools")
    for index, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or tool.get("type") != "function":
            raise OpenAIError(400, f"Missing required parameter: 'tools[{index}].function'.",
                              param=f"tools[{index}].function", code="missing_required_parameter")
        if not _TOOL_NAME.match(str(function.get("name", ""))):
            raise OpenAIError(
                400, f"Invalid 'tools[{index}].function.name': string does not match pattern. "
                "Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
                param=f"tools[{index}].function.name", code="invalid_value",
            )


def _check_pairing(messages: list[dict[str, Any]]) -> None:
    for index, message in enumerate(messages):
        role = message["role"]
        if role == "assistant" and message.get("tool_calls"):
            _check_assistant_calls(messages, index)
        if role != "tool":
            continue
        previous = index - 1
        while previous >= 0 and messages[previous]["role"] == "tool":
            previous -= 1
        owner = messages[previous] if previous >= 0 else {}
        if owner.get("role") != "assistant" or not owner.get("tool_calls"):
            raise OpenAIError(400, "Invalid parameter: messages with role 'tool' must be a response "
                              "to a preceeding message with 'tool_calls'.",
                              param=f"messages.[{index}].role")
        call_id = message.get("tool_call_id")
        if not call_id:
            raise OpenAIError(400, f"Missing required parameter: 'messages[{index}].tool_call_id'.",
                              param=f"messages.[{index}].tool_call_id",
                              code="missing_required_parameter")
        if call_id not in {c.get("id") for c in owner["tool_calls"]}:
            raise OpenAIError(400, f"Invalid parameter: 'tool_call_id' of '{call_id}' not found in "
                              "'tool_calls' of previous message.",
                              param=f"messages.[{index}].tool_call_id")
        if message.get("content") is None:
            raise OpenAIError(400, "Invalid value for 'content': expected a string, got null.",
                              param=f"messages.[{index}].content")


def _check_assistant_calls(messages: list[dict[str, Any]], index: int) -> None:
    calls = messages[index]["tool_calls"]
    for number, call in enumerate(calls):
        arguments = (call.get("function") or {}).get("arguments")
        if not isinstance(arguments, str):
            raise OpenAIError(
                400, f"Invalid type for 'messages[{index}].tool_calls[{number}].function.arguments': "
                f"expected a string, but got {_json_type(arguments)} instead.",
                param=f"messages.[{index}].tool_calls.[{number}].function.arguments",
                code="invalid_type",
            )
    answered = set()
    following = index + 1
    while following < len(messages) and messages[following]["role"] == "tool":
        answered.add(messages[following].get("tool_call_id"))
        following += 1
    missing = [c.get("id") for c in calls if c.get("id") not in answered]
    if missing:
        raise OpenAIError(
            400, "An assistant message with 'tool_calls' must be followed by tool messages "
            "responding to each 'tool_call_id'. The following tool_call_ids did not have response "
            f"messages: {', '.join(str(m) for m in missing)}",
            param=f"messages.[{following if following < len(messages) else index}].role",
        )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, int | float) else "a string"
