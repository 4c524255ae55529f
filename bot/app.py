"""Builds the python-telegram-bot Application and runs it by polling or behind our webhook."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot import handlers
from bot.context import BotContext
from bot.menu import publish_menu

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"


def build_application(ctx: BotContext) -> Application:
    root = ctx.config.api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(ctx.config.token)
        # PTB appends the token to these, giving {root}/bot{token}/{method}.
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        # Throttles sends and retries a 429 after its retry_after instead of losing the message.
        .rate_limiter(AIORateLimiter(max_retries=3))
        .connect_timeout(10).read_timeout(15).write_timeout(30).pool_timeout(10)
    )
    if ctx.config.mode == "webhook":
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data["ctx"] = ctx
    application.add_handler(MessageHandler(filters.TEXT | filters.COMMAND, handlers.on_text))
    application.add_handler(MessageHandler(filters.Document.ALL, handlers.on_document))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_error_handler(handlers.on_error)
    return application


class TelegramBot:
    """Owns the Application's life: start/stop, and the gateway the webhook route calls."""

    def __init__(self, ctx: BotContext) -> None:
        self.ctx = ctx
        self.application = build_application(ctx)

    async def start(self) -> None:
        await self.application.initialize()
        await self.application.start()
        await publish_menu(self.application.bot)
        if self.ctx.config.mode == "webhook":
            url = self.ctx.config.public_url.rstrip("/") + WEBHOOK_PATH
            await self.application.bot.set_webhook(
                url=url, secret_token=self.ctx.config.webhook_secret,
                allowed_updates=Update.ALL_TYPES)
            log.info("telegram webhook set to %s", url)
        else:
            assert self.application.updater is not None
            await self.application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("telegram polling started")

    async def stop(self) -> None:
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    # The gateway the HTTP edge calls in webhook mode.
    def secret_matches(self, header_value: str | None) -> bool:
        expected = self.ctx.config.webhook_secret or ""
        return bool(expected) and hmac.compare_digest((header_value or "").encode(),
                                                      expected.encode())

    async def handle_update(self, payload: dict[str, Any]) -> None:
        update = Update.de_json(payload, self.application.bot)
        # Telegram redelivers when an answer is slow; several processes may each get a copy.
        if not await self.ctx.services.inbox.claim_telegram_update(update.update_id):
            log.info("telegram update %s already handled", update.update_id)
            return
        await self.application.process_update(update)
