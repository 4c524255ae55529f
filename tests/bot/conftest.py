"""A TelegramBot wired to the fake Bot API and the test's rolled-back database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import TelegramBot
from bot.context import BotConfig, BotContext
from coach.conversation import Coach
from coach.services import Services
from tests.fakes.telegram_api import FakeBotApi

WEBHOOK_SECRET = "s3cr3t_Token-1"


@pytest.fixture
async def webhook_bot(fake_telegram: FakeBotApi, services: Services) -> AsyncIterator[TelegramBot]:
    bot = TelegramBot(BotContext(coach=Coach(services), services=services, config=BotConfig(
        token=fake_telegram.token, api_url=fake_telegram.url, mode="webhook",
        webhook_secret=WEBHOOK_SECRET, public_url="https://coach.example.test")))
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
