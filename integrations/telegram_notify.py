"""TelegramNotifier: the Notifier port over the Bot API, for messages the coach starts itself.

A reply's plain text is escaped to Telegram HTML and split under Telegram's 4096-character
limit; buttons go on the last part. Telegram's 429 is honoured by waiting its `retry_after`
(a bounded number of times); a runner who blocked the bot simply gets nothing.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.request import HTTPXRequest

from coach.ports import Reply

log = logging.getLogger(__name__)

MAX_MESSAGE = 4096
ChatLookup = Callable[[UUID], Awaitable[int | str | None]]


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Plain `text` as escaped HTML parts of at most `limit` characters, cut between lines when
    possible and never inside an escape like `&amp;`; blank parts (Telegram refuses them) dropped."""
    parts: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        if current and len(current) + len(piece) > limit:
            parts.append(current)
            current = ""
        current += piece
    parts.append(current)
    # Telegram trims a message's edges itself; the line break a cut falls on goes.
    return [p.rstrip("\n") for p in parts if p.strip()]


def _pieces(text: str, limit: int) -> Iterator[str]:
    """Escaped lines with their line ends; a line too long for one message comes in chunks."""
    for line in text.splitlines(keepends=True):
        chunk: list[str] = []
        size = 0
        for char in line:
            escaped = html.escape(char, quote=False)
            if size + len(escaped) > limit:
                yield "".join(chunk)
                chunk, size = [], 0
            chunk.append(escaped)
            size += len(escaped)
        if chunk:
            yield "".join(chunk)


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.action) for b in row]
                                 for row in reply.buttons])


class TelegramNotifier:
    def __init__(self, token: str, api_url: str, chat_for: ChatLookup, *,
                 max_retries: int = 3, longest_wait_s: float = 60.0) -> None:
        root = api_url.rstrip("/")
        # PTB appends the token, giving {root}/bot{token}/{method} as bot/app.py does.
        self._bot = Bot(token, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot",
                        request=HTTPXRequest(connect_timeout=10, read_timeout=15, write_timeout=30))
        self._chat_for = chat_for
        self._max_retries = max_retries
        self._longest_wait_s = longest_wait_s
        self._ready = asyncio.Lock()
        self._started = False

    async def aclose(self) -> None:
        if self._started:
            await self._bot.shutdown()

    async def _start(self) -> None:
        async with self._ready:
            if not self._started:
                await self._bot.initialize()
                self._started = True

    async def notify(self, athlete_id: UUID, reply: Reply) -> bool:
        chat_id = await self._chat_for(athlete_id)
        if chat_id is None:
            return False
        await self._start()
        parts = split_html(reply.text)
        try:
            for index, part in enumerate(parts):
                markup = _keyboard(reply) if index == len(parts) - 1 else None
                await self._with_retry(self._bot.send_message, chat_id, part,
                                       parse_mode=ParseMode.HTML, reply_markup=markup)
            for attachment in reply.attachments:
                path = Path(attachment.path)
                content = await asyncio.to_thread(path.read_bytes)
                if attachment.kind == "photo":
                    await self._with_retry(self._bot.send_photo, chat_id, content,
                                           caption=attachment.caption)
                else:
                    await self._with_retry(self._bot.send_document, chat_id, content,
                                           caption=attachment.caption, filename=path.name)
        except Forbidden:
            log.info("athlete %s has blocked the bot; message not delivered", athlete_id)
            return False
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                log.info("athlete %s's Telegram chat is gone; message not delivered", athlete_id)
                return False
            raise
        return True

    async def _with_retry(self, send: Callable[..., Awaitable[object]], *args: Any,
                          **kwargs: Any) -> None:
        waited = 0.0
        for attempt in range(self._max_retries + 1):
            try:
                await send(*args, **kwargs)
                return
            except RetryAfter as exc:
                after = exc.retry_after
                delay = after if isinstance(after, int | float) else after.total_seconds()
                if attempt == self._max_retries or waited + delay > self._longest_wait_s:
                    raise
                log.info("Telegram asked to wait %.0f s before sending", delay)
                await asyncio.sleep(delay)
                waited += delay
