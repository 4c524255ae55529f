"""Every command, buttons, the /stats chart, activity files and a 429, against the fake Bot API."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import TelegramBot
from bot.typing import keep_typing
from coach.services import Services
from integrations.charts import MatplotlibChartRenderer
from tests.bot.telegram_helpers import gpx_run, make_bot, press, say, zipped
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi

FIT_FIXTURE = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "activities" / "fit" \
    / "python-fitparse__2013-02-06-12-11-14.fit"


@pytest.fixture
async def bot(fake_telegram: FakeBotApi, services: Services,
              tmp_path: Path) -> AsyncIterator[TelegramBot]:
    services.deps.charts = MatplotlibChartRenderer(tmp_path / "charts")
    bot = make_bot(fake_telegram, services)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


async def _send_document(bot: TelegramBot, fake: FakeBotApi, name: str, data: bytes, *,
                         expect: int = 1) -> str:
    before = len(fake.sent_messages(42))
    await bot.handle_update(updates.document_message(fake.add_document(data, name)))
    sent = await fake.async_wait_for_messages(42, count=before + expect, timeout=20)
    return sent[-1].plain_text


async def test_every_command_answers(bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    await say(bot, fake_telegram, "/goal 10k 2027-03-01")
    said = {
        "/help": "What I can do", "/plan": "Week 2026-W48", "/plan next": "Week 2026-W49",
        "/today": "Today", "/log 5k 27:00 easy": "Logged 5.0 km", "/stats": "Your last 4 weeks",
        "/predict half": "21.1 km: about", "/strava": "Strava isn't set up", "/web": "/auth/link/",
        "/calendar": ".ics", "/settings": "runs=4 long=sun", "/units mi": "in mi",
        "/units km": "in km", "/sick 2": "Here's the change", "/cancel_me": "I don't know",
        "/lang ko": "한국어", "/lang en": "English",
    }
    for command, expected in said.items():
        reply = await say(bot, fake_telegram, command)
        assert expected in reply.plain_text, (command, reply.plain_text)
        assert "incident" not in reply.plain_text


async def test_typing_shows_only_while_a_turn_takes_a_while(bot: TelegramBot,
                                                            fake_telegram: FakeBotApi) -> None:
    async with keep_typing(bot.application.bot, 42, show_after_s=60):
        pass  # a quick answer: no indicator, no send budget spent
    async with keep_typing(bot.application.bot, 42, show_after_s=0):
        await fake_telegram.async_wait_for(lambda: fake_telegram.calls("sendChatAction"))
    [call] = fake_telegram.calls("sendChatAction")
    assert call.params["action"] == "typing" and call.ok


async def test_plan_change_by_words_confirmed_with_a_button(bot: TelegramBot,
                                                             fake_telegram: FakeBotApi,
                                                             services: Services) -> None:
    await say(bot, fake_telegram, "/goal half 2027-04-11")
    proposal = await say(bot, fake_telegram, "I'm sick for 3 days")
    assert "Here's the change" in proposal.plain_text
    assert [b["text"] for b in proposal.buttons] == ["Confirm", "Cancel"]
    confirmed = await press(bot, fake_telegram, proposal, "Confirm")
    assert "plan is updated (version 2)" in confirmed.plain_text
    assert fake_telegram.callback_answers()


async def test_today_done_button_counts_the_run(bot: TelegramBot, fake_telegram: FakeBotApi,
                                                services: Services) -> None:
    await say(bot, fake_telegram, "/goal 10k 2027-03-01")
    today = await say(bot, fake_telegram, "/today")
    assert [b["text"] for b in today.buttons] == ["Done", "Skip"]
    done = await press(bot, fake_telegram, today, "Done")
    assert "Counted today's" in done.plain_text and "You ran" in done.plain_text
    again = await press(bot, fake_telegram, today, "Done")
    assert "Already counted" in again.plain_text


async def test_stats_sends_a_png_chart(bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    await say(bot, fake_telegram, "/goal 10k 2027-03-01")
    await say(bot, fake_telegram, "/log 8k 44:00")
    photo = await say(bot, fake_telegram, "/stats")
    assert photo.method == "sendPhoto" and photo.file is not None
    png = photo.file.data
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (880, 495) and len(png) > 10_000
    # The summary is the caption, right under the chart.
    assert "8.0 km" in photo.plain_text and "1 runs" in photo.plain_text


async def test_gpx_upload_is_imported_then_known(bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    await say(bot, fake_telegram, "/goal 10k 2027-03-01")
    data = gpx_run(datetime(2026, 11, 26, 6, 30, tzinfo=UTC), 8000, 44 * 60)
    imported = await _send_document(bot, fake_telegram, "morning.gpx", data)
    assert "Imported morning.gpx: 8.0 km in 44:00 (5:30 /km)" in imported
    assert "You ran 8.0 km" in imported  # the coach's post-run note against the plan
    duplicate = await _send_document(bot, fake_telegram, "again.gpx", data)
    assert "I already have this run (2026-11-26 06:30, 8.0 km)" in duplicate


async def test_fit_fixture_and_a_zip_and_a_bad_file(bot: TelegramBot,
                                                    fake_telegram: FakeBotApi) -> None:
    if FIT_FIXTURE.exists():
        fit = await _send_document(bot, fake_telegram, FIT_FIXTURE.name, FIT_FIXTURE.read_bytes())
        assert "Imported python-fitparse__2013-02-06-12-11-14.fit: 4.8 km" in fit
    archive = zipped({
        "a.gpx": gpx_run(datetime(2026, 11, 20, 7, 0, tzinfo=UTC), 5000, 1500),
        "b.gpx": gpx_run(datetime(2026, 11, 22, 7, 0, tzinfo=UTC), 10000, 3300),
        "notes.gpx": b"<gpx>not really</gpx>",
    })
    summary = await _send_document(bot, fake_telegram, "export.zip", archive)
    assert "From export.zip: 2 imported, 0 already here, 1 unreadable." in summary
    assert "Imported b.gpx: 10.0 km" in summary  # the newest one gets the note
    rejected = await _send_document(bot, fake_telegram, "photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 200)
    assert rejected.startswith("I couldn't import photo.jpg:") and "JPEG" in rejected


async def test_a_429_is_waited_out_and_the_message_delivered(bot: TelegramBot,
                                                             fake_telegram: FakeBotApi) -> None:
    fake_telegram.rate_limit("sendMessage", retry_after=1, times=1)
    reply = await say(bot, fake_telegram, "/help")
    assert "What I can do" in reply.plain_text
    statuses = [c.status for c in fake_telegram.calls("sendMessage")]
    assert statuses == [429, 200]  # refused once, sent after retry_after, nothing lost


async def test_duplicate_update_is_handled_once(bot: TelegramBot, fake_telegram: FakeBotApi) -> None:
    update = updates.text_message("/help", update_id=777_001)
    await bot.handle_update(update)
    await bot.handle_update(update)
    await fake_telegram.async_wait_for_messages(42, count=1)
    assert len(fake_telegram.sent_messages(42)) == 1


async def test_files_over_telegrams_download_limit_are_explained(bot: TelegramBot,
                                                                 fake_telegram: FakeBotApi) -> None:
    document = fake_telegram.add_document(b"x" * 100, "ultra.fit")
    document["file_size"] = 25 * 1024 * 1024  # as Telegram describes a file it won't hand over
    await bot.handle_update(updates.document_message(document))
    [reply] = await fake_telegram.async_wait_for_messages(42, count=1, timeout=10)
    assert "25 MB" in reply.plain_text and "20 MB" in reply.plain_text
    assert not fake_telegram.calls("getFile")
