"""Records, request parameters and errors shared by the fake Telegram Bot API's modules."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse

from tests.fakes.telegram_markup import MarkupError, visible_text

# Fields PTB sends as JSON strings inside a form body; a JSON body carries them as objects.
JSON_FIELDS = {
    "reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
    "link_preview_options", "reply_parameters", "media", "results", "permissions",
}


class BotApiError(Exception):
    """A Bot API failure, serialised as ``{"ok": false, "error_code", "description"[, "parameters"]}``."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part exactly as it arrived."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Call:
    """One Bot API request: canonical method name, decoded params, uploaded files, and the answer."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    http_method: str
    content_type: str
    at: float = field(default_factory=time.time)
    status: int = 0
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date by later edits and deletions."""

    chat_id: int | str
    message_id: int
    method: str
    text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    json: dict[str, Any]
    file: UploadedFile | None = None
    deleted: bool = False
    edit_count: int = 0

    @property
    def plain_text(self) -> str:
        """The text (or caption) as the user sees it, markup removed."""
        return visible_text(self.text or "", self.parse_mode)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class Fault:
    method: str  # lower-case method name, or "*" for any
    error: BotApiError
    remaining: int


class Params:
    """Bot API parameters from the query string, a form, multipart or JSON, with typed access."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files
        for key in JSON_FIELDS & values.keys():
            raw = values[key]
            if isinstance(raw, str):
                try:
                    values[key] = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise bad_request(f"can't parse {key} JSON object") from exc

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def chat_id(self) -> int | str:
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, int):
            return value
        text = str(value).strip()
        try:
            return int(text)
        except ValueError:
            if text.startswith("@"):
                return text
            raise bad_request("chat not found") from None

    def input_file(self, name: str) -> UploadedFile | str | None:
        """A multipart upload, or a file_id / URL string; ``attach://x`` resolves to part x."""
        if name in self.files:
            return self.files[name]
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            part = self.files.get(value.removeprefix("attach://"))
            if part is None:
                raise bad_request(f"file attach://{value[9:]} not found")
            return part
        return None if value is None else str(value)


def check_text(text: str | None, parse_mode: str | None, *, limit: int, caption: bool) -> str:
    """Validate markup and length as the Bot API does; return the visible text."""
    try:
        shown = visible_text(text or "", parse_mode)
    except MarkupError as exc:
        raise bad_request(f"can't parse entities: {exc}") from exc
    if len(shown) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    if not caption and not shown.strip():
        raise bad_request("message text is empty")
    return shown


class Described:
    """A successful result that also carries the envelope's ``description`` (setWebhook)."""

    def __init__(self, result: Any, description: str) -> None:
        self.result = result
        self.description = description


def error_response(error: BotApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.error_code)


async def read_params(request: Request) -> Params:
    values: dict[str, Any] = dict(request.query_params)
    files: dict[str, UploadedFile] = {}
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("application/json"):
        raw = await request.body()
        if raw.strip():
            try:
                body = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise bad_request("can't parse JSON object") from exc
            if not isinstance(body, dict):
                raise bad_request("can't parse JSON object")
            values.update(body)
    elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        limits = {"max_files": 100, "max_fields": 1000, "max_part_size": 64 * 1024 * 1024}
        async with request.form(**limits) as form:  # closes the spooled upload files
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    data = await value.read()
                    files[key] = UploadedFile(key, value.filename, value.content_type, data)
                else:
                    values[key] = value
    return Params(values, files)
