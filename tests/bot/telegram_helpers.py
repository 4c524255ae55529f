"""Helpers for bot tests: building a bot on the fake Bot API, talking to it, writing a GPX run."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta

import gpxpy.gpx

from bot.app import TelegramBot
from bot.context import BotConfig, BotContext
from coach.conversation import Coach
from coach.services import Services
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi
from tests.fakes.telegram_types import SentMessage

WEBHOOK_SECRET = "s3cr3t_Token-1"


def make_bot(fake: FakeBotApi, services: Services) -> TelegramBot:
    return TelegramBot(BotContext(coach=Coach(services), services=services, config=BotConfig(
        token=fake.token, api_url=fake.url, mode="webhook", webhook_secret=WEBHOOK_SECRET,
        public_url="https://coach.example.test")))


async def say(bot: TelegramBot, fake: FakeBotApi, text: str, *, user_id: int = 42,
              language: str = "en", first_name: str = "Ada", expect: int = 1) -> SentMessage:
    """Send a text update and wait for `expect` new messages; the last one is returned."""
    before = len(fake.sent_messages(user_id))
    await bot.handle_update(updates.text_message(text, user_id=user_id, language_code=language,
                                                 first_name=first_name))
    sent = await fake.async_wait_for_messages(user_id, count=before + expect, timeout=20)
    return sent[-1]


async def press(bot: TelegramBot, fake: FakeBotApi, message: SentMessage, label: str, *,
                user_id: int = 42, language: str = "en", expect: int = 1) -> SentMessage:
    """Press the button labelled `label` under `message`, as a real callback query."""
    data = next(b["callback_data"] for b in message.buttons if b["text"] == label)
    before = len(fake.sent_messages(user_id))
    await bot.handle_update(updates.callback_query(data, user_id=user_id, language_code=language,
                                                   message=message.json))
    sent = await fake.async_wait_for_messages(user_id, count=before + expect, timeout=20)
    return sent[-1]


def gpx_run(start: datetime, distance_m: float, seconds: int, *, step_s: int = 10) -> bytes:
    """A straight run northwards at an even pace, written by gpxpy."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Morning Run")
    track.type = "running"  # type: ignore[assignment]  # gpxpy declares it None-only
    segment = gpxpy.gpx.GPXTrackSegment()
    metres_per_degree = 111_195.0
    for t in range(0, seconds + 1, step_s):
        lat = 37.5 + (distance_m * t / seconds) / metres_per_degree
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, 127.0, elevation=30.0,
                                                      time=start + timedelta(seconds=t)))
    track.segments.append(segment)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
