"""Polling mode: the bot long-polls the fake Bot API and answers what it finds."""

from __future__ import annotations

from bot.app import TelegramBot
from bot.context import BotConfig, BotContext
from coach.conversation import Coach
from coach.services import Services
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi


async def test_polling_answers_queued_updates(fake_telegram: FakeBotApi, services: Services) -> None:
    bot = TelegramBot(BotContext(coach=Coach(services), services=services, config=BotConfig(
        token=fake_telegram.token, api_url=fake_telegram.url, mode="polling")))
    fake_telegram.push_update(updates.command("start", user_id=91, first_name="Poll"))
    await bot.start()
    try:
        sent = await fake_telegram.async_wait_for_messages(91, count=1, timeout=10)
        assert "Hi Poll" in sent[0].plain_text
        fake_telegram.push_update(updates.command("help", user_id=91))
        sent = await fake_telegram.async_wait_for_messages(91, count=2, timeout=10)
        assert "What I can do" in sent[1].plain_text
    finally:
        await bot.stop()
    assert fake_telegram.webhook is None  # polling removed any webhook first
