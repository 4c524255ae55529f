"""Onboarding in Telegram, with buttons and typed answers, surviving a restart of the bot."""

from __future__ import annotations

from bot.app import TelegramBot
from coach.domain.athletes import IdentityKind
from coach.services import Services
from tests.bot.telegram_helpers import make_bot, press, say
from tests.fakes.telegram_api import FakeBotApi


async def test_english_onboarding_with_buttons_across_a_restart(
        fake_telegram: FakeBotApi, services: Services) -> None:
    first = make_bot(fake_telegram, services)
    await first.start()
    try:
        welcome = await say(first, fake_telegram, "/start")
        assert "Hi Ada" in welcome.plain_text
        assert [b["text"] for b in welcome.buttons][:4] == ["5K", "10K", "Half", "Marathon"]
        asked = await press(first, fake_telegram, welcome, "Marathon")
        assert "When is your race (Marathon)" in asked.plain_text
        runs = await say(first, fake_telegram, "2027-05-02")
    finally:
        await first.stop()
    # The server restarts (or the next update lands on another process): same database.
    second = make_bot(fake_telegram, services)
    await second.start()
    try:
        long_q = await press(second, fake_telegram, runs, "5")
        fitness_q = await press(second, fake_telegram, long_q, "Sun")
        tz_q = await say(second, fake_telegram, "half 1:45:00")
        done = await press(second, fake_telegram, tz_q, "Yes")
    finally:
        await second.stop()
    text = done.plain_text
    assert "All set!" in text and "42.2 km on 2027-05-02" in text and "5 runs a week" in text
    assert "VDOT" in text and "Week 2026-W48" in text
    # Every press was answered, so no spinner was left turning in the runner's client.
    assert len(fake_telegram.callback_answers()) == 4
    assert "Skip" in [b["text"] for b in fitness_q.buttons]
    # The command menu was published in both languages when each bot started.
    assert fake_telegram.commands()[0]["command"] == "today"
    assert fake_telegram.commands(language_code="ko")[0]["description"] == "오늘의 훈련"
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "42", display_name="x")
    assert await services.plans.active(athlete.id) is not None


async def test_korean_onboarding_typed(webhook_bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    bot = webhook_bot

    async def say_ko(text: str) -> str:
        return (await say(bot, fake_telegram, text, user_id=77, language="ko-KR",
                          first_name="민준")).plain_text

    assert "안녕하세요, 민준님" in await say_ko("/start")
    for said, expected in [("건강", "며칠"), ("4", "장거리"), ("토요일", "페이스"),
                           ("5k 27:30", "시간대"), ("서울", "준비 완료")]:
        reply = await say_ko(said)
        assert expected in reply, (said, reply)
    assert "건강 달리기" in reply and "VDOT" in reply
    assert "매일 아침 7시" in reply
