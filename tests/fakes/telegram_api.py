"""A local fake of the Telegram Bot API (``/bot<token>/<method>``, ``/file/bot<token>/<path>``).

Point python-telegram-bot at it with ``Bot(token, base_url=fake.base_url,
base_file_url=fake.base_file_url)`` (PTB appends the token) or with the ``{token}`` template
``fake.base_url_template``. Faults are injected with :meth:`FakeBotApi.fail_next`,
:meth:`FakeBotApi.rate_limit`, :meth:`FakeBotApi.fail_parse_entities`,
:meth:`FakeBotApi.block_chat` and :meth:`FakeBotApi.set_latency`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import ServedFake, async_wait_for, wait_for
from tests.fakes.telegram_methods import MessageMethods, bot_method
from tests.fakes.telegram_types import (
    BotApiError,
    Call,
    Described,
    Fault,
    Params,
    SentMessage,
    bad_request,
    error_response,
    read_params,
)
from tests.fakes.telegram_updates import UpdatesMixin

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TOKEN = "123456789:AAHfakeTokenForRunCoachTests-0123456"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")
_METHOD_RE = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[^/]*)$")
_FILE_RE = re.compile(r"^/file/bot(?P<token>[^/]*)/(?P<path>.+)$")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class FakeBotApi(ServedFake, UpdatesMixin, MessageMethods):
    """Fake Bot API server with recorded calls, an update queue, stored files and faults."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "runcoach_test_bot",
        bot_first_name: str = "RunCoach",
        strict_chats: bool = False,
        strict_webhook_url: bool = False,
    ) -> None:
        self._initial = (token, bot_username, bot_first_name, strict_chats, strict_webhook_url)
        (self.token, self.bot_username, self.bot_first_name, self.strict_chats,
         self.strict_webhook_url) = self._initial
        self._methods: dict[str, tuple[str, Callable[[Params], Any]]] = {}
        for klass in type(self).__mro__:
            for attr, member in vars(klass).items():
                name = getattr(member, "bot_method_name", None)
                if name and name.lower() not in self._methods:
                    self._methods[name.lower()] = (name, getattr(self, attr))
        super().__init__()
        self.reset()

    def build_app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST"])])

    def reset(self) -> None:
        """Forget all calls, messages, files, updates, webhook, commands and faults; restore the
        constructor's settings (a test may have changed ``strict_chats`` and friends)."""
        with self.lock:
            (self.token, self.bot_username, self.bot_first_name, self.strict_chats,
             self.strict_webhook_url) = self._initial
            self.bot_user: dict[str, Any] = {
                "id": int(self.token.split(":", 1)[0]),
                "is_bot": True,
                "first_name": self.bot_first_name,
                "username": self.bot_username,
            }
            self.files: dict[str, tuple[dict[str, Any], bytes]] = {}
            self._calls: list[Call] = []
            self._messages: list[SentMessage] = []
            self._by_key: dict[tuple[int | str, int], SentMessage] = {}
            self._last_message_id: dict[int | str, int] = {}
            self._chats: dict[int | str, dict[str, Any]] = {}
            self._blocked: set[int | str] = set()
            self._faults: list[Fault] = []
            self._file_counter = 0
            self._updates: list[dict[str, Any]] = []
            self._last_update_id = 0
            self._allowed_updates: list[str] | None = None
            self._poll_generation = 0
            self._epoch = getattr(self, "_epoch", 0) + 1
            self._webhook: dict[str, Any] | None = None
            self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
            self._callback_answers: list[dict[str, Any]] = []
            self.latency = 0.0

    # ---- URLs for clients --------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """For PTB's default style, which appends the token: ``http://host:port/bot``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def base_url_template(self) -> str:
        """For PTB ≥ 21.11's ``{token}`` style: ``http://host:port/bot{token}``."""
        return f"{self.url}/bot{{token}}"

    # ---- HTTP --------------------------------------------------------------------------------

    async def _dispatch(self, request: Request) -> Response:
        path = request.url.path
        file_match = _FILE_RE.match(path)
        if file_match:
            return self._download(file_match["token"], file_match["path"])
        match = _METHOD_RE.match(path)
        if not match:
            return error_response(BotApiError(404, "Not Found"))
        token, raw_method = match["token"], match["method"]
        content_type = request.headers.get("content-type", "")
        call = Call(raw_method, {}, {}, request.method, content_type)
        with self.lock:
            self._calls.append(call)
        try:
            if token != self.token:
                code, text = (401, "Unauthorized") if _TOKEN_RE.match(token) else (404, "Not Found")
                raise BotApiError(code, text)
            entry = self._methods.get(raw_method.lower())
            if entry is None:
                raise BotApiError(404, "Not Found")
            call.method, handler = entry
            params = await read_params(request)
            call.params, call.files = params.values, params.files
            if self.latency:
                await asyncio.sleep(self.latency)
            self._raise_fault(call.method)
            result = await handler(params)
        except BotApiError as exc:
            body = exc.body()
            call.status, call.response = exc.error_code, body
            return JSONResponse(body, status_code=exc.error_code)
        body = {"ok": True, "result": result}
        if isinstance(result, Described):
            body = {"ok": True, "result": result.result, "description": result.description}
        call.status, call.response = 200, body
        return JSONResponse(body)

    def _download(self, token: str, file_path: str) -> Response:
        if token == self.token:
            with self.lock:
                for meta, data in self.files.values():
                    if meta["file_path"] == file_path:
                        return Response(data, media_type="application/octet-stream")
        return error_response(BotApiError(404, "Not Found"))

    def _raise_fault(self, method: str) -> None:
        with self.lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.method in ("*", method.lower()):
                    fault.remaining -= 1
                    raise fault.error

    # ---- fault injection ---------------------------------------------------------------------

    def fail_next(
        self, method: str, error_code: int, description: str, *, times: int = 1,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` ("*" = any) with this error."""
        error = BotApiError(error_code, description, parameters)
        with self.lock:
            self._faults.append(Fault(method.lower(), error, times))

    def rate_limit(self, method: str = "sendMessage", retry_after: int = 35, times: int = 1) -> None:
        """Next calls get Telegram's flood-control 429 (PTB raises RetryAfter(retry_after))."""
        self.fail_next(
            method, 429, f"Too Many Requests: retry after {retry_after}", times=times,
            parameters={"retry_after": retry_after},
        )

    def fail_parse_entities(
        self, method: str = "sendMessage", times: int = 1,
        detail: str = 'Unsupported start tag "br" at byte offset 0',
    ) -> None:
        self.fail_next(method, 400, f"Bad Request: can't parse entities: {detail}", times=times)

    def block_chat(self, chat_id: int | str) -> None:
        """Every later send to this chat gets 403 "Forbidden: bot was blocked by the user"."""
        with self.lock:
            self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int | str) -> None:
        with self.lock:
            self._blocked.discard(chat_id)

    def set_latency(self, seconds: float) -> None:
        self.latency = seconds

    # ---- chats -------------------------------------------------------------------------------

    def add_chat(self, chat: dict[str, Any]) -> None:
        with self.lock:
            self._chats[chat["id"]] = dict(chat)

    def chat_for(self, chat_id: int | str) -> dict[str, Any]:
        with self.lock:
            chat = self._chats.get(chat_id)
        if chat is not None:
            return dict(chat)
        if self.strict_chats:
            raise bad_request("chat not found")
        if isinstance(chat_id, str):
            return {"id": -1001000000001, "type": "channel", "username": chat_id[1:]}
        kind = "private" if chat_id > 0 else "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind}

    # ---- small methods -----------------------------------------------------------------------

    @bot_method("getMe")
    async def _get_me(self, p: Params) -> Any:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    @bot_method("answerCallbackQuery")
    async def _answer_callback_query(self, p: Params) -> Any:
        query_id = p.text("callback_query_id")
        if not query_id:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        with self.lock:
            self._callback_answers.append({
                "callback_query_id": query_id, "text": p.text("text"),
                "show_alert": p.flag("show_alert"), "url": p.text("url"),
            })
        return True

    @staticmethod
    def _command_key(p: Params) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), p.text("language_code") or ""

    @bot_method("setMyCommands")
    async def _set_my_commands(self, p: Params) -> Any:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(str(command.get("command"))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description") or "")) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        with self.lock:
            self._commands[self._command_key(p)] = [dict(c) for c in commands]
        return True

    @bot_method("getMyCommands")
    async def _get_my_commands(self, p: Params) -> Any:
        with self.lock:
            return list(self._commands.get(self._command_key(p), []))

    @bot_method("deleteMyCommands")
    async def _delete_my_commands(self, p: Params) -> Any:
        with self.lock:
            self._commands.pop(self._command_key(p), None)
        return True

    # ---- assertions helpers ------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self.lock:
            return [c for c in self._calls if method is None or c.method.lower() == method.lower()]

    def sent_messages(
        self, chat_id: int | str | None = None, *, include_deleted: bool = False
    ) -> list[SentMessage]:
        with self.lock:
            return [
                m for m in self._messages
                if (chat_id is None or m.chat_id == chat_id) and (include_deleted or not m.deleted)
            ]

    def last_message(self, chat_id: int | str | None = None) -> SentMessage:
        messages = self.sent_messages(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent no message to chat {chat_id}")
        return messages[-1]

    def callback_answers(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(a) for a in self._callback_answers]

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        with self.lock:
            return list(self._commands.get(key, []))

    def file_bytes(self, file_id: str) -> bytes:
        with self.lock:
            return self.files[file_id][1]

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        return wait_for(predicate, timeout)

    async def async_wait_for(
        self, predicate: Callable[[], T], timeout: float = 5.0  # noqa: ASYNC109 - as wait_for
    ) -> T:
        return await async_wait_for(predicate, timeout)

    def wait_for_messages(
        self, chat_id: int | str | None = None, count: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Block until the bot has sent at least ``count`` messages to the chat; return them."""
        return wait_for(lambda: m if len(m := self.sent_messages(chat_id)) >= count else [], timeout,
                        what=f"{count} message(s) to chat {chat_id}")

    async def async_wait_for_messages(
        self, chat_id: int | str | None = None, count: int = 1, timeout: float = 5.0  # noqa: ASYNC109
    ) -> list[SentMessage]:
        return await async_wait_for(
            lambda: m if len(m := self.sent_messages(chat_id)) >= count else [], timeout,
            what=f"{count} message(s) to chat {chat_id}",
        )
