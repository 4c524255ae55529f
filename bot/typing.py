"""A chat action ("typing…") kept alive while the coach works, without delaying the work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot
from telegram.constants import ChatAction

log = logging.getLogger(__name__)

# Telegram shows an action for about five seconds; renew it a little before that.
_RENEW_S = 4.5
# Quick answers need no indicator, and every chat action spends the bot's send budget
# (the rate limiter counts it like a message), so it starts only when a turn takes a while.
SHOW_AFTER_S = 0.4
# Indicator loops still finishing their last request, kept so they are not garbage-collected.
_finishing: set[asyncio.Task[None]] = set()


@contextlib.asynccontextmanager
async def keep_typing(bot: Bot, chat_id: int, action: str = ChatAction.TYPING, *,
                      show_after_s: float = SHOW_AFTER_S) -> AsyncIterator[None]:
    done = asyncio.Event()

    async def loop() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), show_after_s)
        while not done.is_set():
            try:
                await bot.send_chat_action(chat_id, action)
            except Exception as exc:  # an indicator is a nicety; never fail the turn for it
                log.debug("chat action for %s failed: %r", chat_id, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), _RENEW_S)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        # Stop renewing, but let a request already on the wire finish rather than cut it off.
        done.set()
        if not task.done():
            _finishing.add(task)
            task.add_done_callback(_finishing.discard)
