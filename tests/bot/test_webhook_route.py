"""POST /telegram/webhook: the secret header decides, the answer is quick, the update is handled."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.context import ApiContext
from bot.app import TelegramBot
from coach.conversation import Coach
from coach.services import Services
from tests.bot.conftest import WEBHOOK_SECRET
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi


def _client(bot: TelegramBot, services: Services) -> httpx.AsyncClient:
    app = create_app(ApiContext(services=services, coach=Coach(services), telegram=bot))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_wrong_or_missing_secret_is_403(webhook_bot: TelegramBot, services: Services,
                                             fake_telegram: FakeBotApi) -> None:
    async with _client(webhook_bot, services) as client:
        update = updates.command("start")
        wrong = await client.post("/telegram/webhook", json=update,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
        missing = await client.post("/telegram/webhook", json=update)
    assert wrong.status_code == 403 and missing.status_code == 403
    assert fake_telegram.sent_messages(42) == []


async def test_right_secret_is_answered_and_handled(webhook_bot: TelegramBot, services: Services,
                                                    fake_telegram: FakeBotApi) -> None:
    async with _client(webhook_bot, services) as client:
        response = await client.post("/telegram/webhook", json=updates.command("start"),
                                     headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
    assert response.status_code == 200
    sent = await fake_telegram.async_wait_for_messages(42, count=1)
    assert "Hi Ada" in sent[0].plain_text


async def test_malformed_bodies_are_400(webhook_bot: TelegramBot, services: Services) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    async with _client(webhook_bot, services) as client:
        not_json = await client.post("/telegram/webhook", content=b"{oops", headers=headers)
        not_update = await client.post("/telegram/webhook", json={"hello": 1}, headers=headers)
    assert not_json.status_code == 400 and not_update.status_code == 400
