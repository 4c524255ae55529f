"""The bot against the fake Bot API with real Update JSON: commands in English and Korean."""

from __future__ import annotations

import pytest

from bot.app import TelegramBot
from coach.domain.athletes import IdentityKind
from coach.services import Services
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi


async def _say(bot: TelegramBot, fake: FakeBotApi, text: str, *, user_id: int = 42,
               language: str = "en", first_name: str = "Ada") -> str:
    before = len(fake.sent_messages(user_id))
    await bot.handle_update(updates.text_message(text, user_id=user_id, language_code=language,
                                                 first_name=first_name))
    sent = await fake.async_wait_for_messages(user_id, count=before + 1)
    return sent[-1].plain_text


async def test_webhook_is_registered_with_secret(webhook_bot: TelegramBot,
                                                 fake_telegram: FakeBotApi) -> None:
    hook = fake_telegram.webhook
    assert hook is not None
    assert hook["url"] == "https://coach.example.test/telegram/webhook"
    assert hook["secret_token"] == "s3cr3t_Token-1"


async def test_start_in_english_and_korean(webhook_bot: TelegramBot, fake_telegram: FakeBotApi,
                                           services: Services) -> None:
    assert "Hi Ada" in await _say(webhook_bot, fake_telegram, "/start")
    korean = await _say(webhook_bot, fake_telegram, "/start", user_id=77, language="ko-KR",
                        first_name="민준")
    assert "안녕하세요, 민준님" in korean
    athlete = await services.athletes.onboard(IdentityKind.TELEGRAM, "77", display_name="x")
    assert athlete[0].preferences.language.value == "ko"
    # Replies go out as HTML so later formatting can't be broken by a runner's "<".
    assert fake_telegram.last_message(77).parse_mode == "HTML"


async def test_goal_log_and_stats(webhook_bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    assert "Goal set" in await _say(webhook_bot, fake_telegram, "/goal 10k 2027-03-01 45:00")
    logged = await _say(webhook_bot, fake_telegram, "/log 8k 42:30")
    assert "8.0 km" in logged and "42:30" in logged
    stats = await _say(webhook_bot, fake_telegram, "/stats")
    assert "8.0 km" in stats and "1 runs" in stats


async def test_korean_runner_logs_and_sees_stats(webhook_bot: TelegramBot,
                                                 fake_telegram: FakeBotApi) -> None:
    logged = await _say(webhook_bot, fake_telegram, "/log 5k 25:00 가볍게", user_id=78,
                        language="ko")
    assert "잘했어요" in logged
    assert "최근 4주" in await _say(webhook_bot, fake_telegram, "/stats", user_id=78, language="ko")


async def test_bad_input_and_unknown_command_get_plain_answers(
        webhook_bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    assert "Tell me the distance" in await _say(webhook_bot, fake_telegram, "/log 8k")
    assert "I don't know /dance" in await _say(webhook_bot, fake_telegram, "/dance")
    assert "not sure what you mean" in await _say(webhook_bot, fake_telegram, "blorp")


async def test_same_update_twice_is_handled_once(webhook_bot: TelegramBot,
                                                 fake_telegram: FakeBotApi) -> None:
    update = updates.text_message("/help", update_id=555_001)
    await webhook_bot.handle_update(update)
    await webhook_bot.handle_update(update)
    await fake_telegram.async_wait_for_messages(42, count=1)
    assert len(fake_telegram.sent_messages(42)) == 1


async def test_long_replies_are_split_under_the_limit(webhook_bot: TelegramBot,
                                                      fake_telegram: FakeBotApi) -> None:
    from bot.handlers import send_reply  # the same path every reply takes
    from coach.ports import Reply

    class _Ctx:
        bot = webhook_bot.application.bot

    await send_reply(_Ctx(), 42, Reply(text=("word " * 2000).strip()))  # type: ignore[arg-type]
    pieces = fake_telegram.sent_messages(42)
    assert len(pieces) == 3
    assert all(len(p.plain_text) <= 4096 for p in pieces)
    assert " ".join(p.plain_text for p in pieces).split() == ["word"] * 2000


@pytest.mark.parametrize("text", ["<b>not html</b> & co", "a < b > c"])
async def test_runner_text_is_escaped(webhook_bot: TelegramBot, fake_telegram: FakeBotApi,
                                      text: str) -> None:
    reply = await _say(webhook_bot, fake_telegram, f"/log 5k 25:00 {text}")
    assert "Logged" in reply  # the fake rejects HTML it can't parse, so this proves escaping held
