"""TelegramNotifier against the fake Bot API: HTML escaping, long messages split, buttons, a
429 waited out, and runners who can't be reached."""

from __future__ import annotations

import html
from uuid import UUID, uuid4

import pytest

from coach.ports import Button, Reply
from integrations.telegram_notify import TelegramNotifier, split_html
from tests.fakes.telegram_api import FakeBotApi

CHAT = 424242


def _notifier(fake: FakeBotApi, chats: dict[UUID, int]) -> TelegramNotifier:
    async def chat_for(athlete_id: UUID) -> int | None:
        return chats.get(athlete_id)

    return TelegramNotifier(fake.token, fake.url, chat_for)


async def test_text_is_escaped_split_under_the_limit_and_buttons_ride_on_the_last_part(
        fake_telegram: FakeBotApi) -> None:
    athlete = uuid4()
    notifier = _notifier(fake_telegram, {athlete: CHAT})
    try:
        long_text = "Pace <5:00> & HR\n" + "\n".join(f"line {n} " + "x" * 60 for n in range(120))
        reply = Reply(text=long_text, buttons=[[Button("Yes", "confirm:1"), Button("No", "cancel:1")]])
        assert await notifier.notify(athlete, reply)
    finally:
        await notifier.aclose()
    sent = fake_telegram.sent_messages(CHAT)
    assert len(sent) >= 2 and all(len(m.text or "") <= 4096 for m in sent)
    assert all(m.parse_mode == "HTML" for m in sent)
    assert sent[0].plain_text.startswith("Pace <5:00> & HR")
    assert "".join(m.plain_text + "\n" for m in sent).strip() == long_text.strip()
    assert [b["text"] for b in sent[-1].buttons] == ["Yes", "No"] and not sent[0].buttons


async def test_a_flood_limit_is_waited_out(fake_telegram: FakeBotApi) -> None:
    athlete = uuid4()
    notifier = _notifier(fake_telegram, {athlete: CHAT})
    fake_telegram.rate_limit(retry_after=1, times=1)
    try:
        assert await notifier.notify(athlete, Reply(text="Nice tempo run!"))
    finally:
        await notifier.aclose()
    assert [m.plain_text for m in fake_telegram.sent_messages(CHAT)] == ["Nice tempo run!"]
    assert len(fake_telegram.calls("sendMessage")) == 2


async def test_unreachable_runners_get_nothing_and_nothing_fails(fake_telegram: FakeBotApi) -> None:
    linked, unlinked = uuid4(), uuid4()
    notifier = _notifier(fake_telegram, {linked: CHAT})
    fake_telegram.block_chat(CHAT)
    try:
        assert not await notifier.notify(unlinked, Reply(text="hello"))
        assert not await notifier.notify(linked, Reply(text="hello"))
    finally:
        await notifier.aclose()
    assert fake_telegram.sent_messages(CHAT) == []


@pytest.mark.parametrize("text", ["", "a & b", "<" * 5000, "x\n" * 3000, "한국어 " * 1000])
def test_split_html_keeps_every_character_and_the_limit(text: str) -> None:
    parts = split_html(text, limit=4096)
    assert all(len(p) <= 4096 for p in parts)
    assert html.unescape("".join(parts)).replace("\n", "") == text.replace("\n", "") or not text.strip()
