"""Local fake servers speaking the real wire protocols of Telegram, Strava and OpenAI, for tests.

Fixtures live in ``tests.fakes.fixtures`` (``fake_telegram``, ``fake_strava``, ``fake_openai``).
"""

from tests.fakes.openai_api import Delay, HttpError, Raw, ScriptedOpenAI, Text, ToolCall, ToolCalls
from tests.fakes.server import BackgroundServer, async_wait_for, wait_for
from tests.fakes.strava_api import FakeStrava
from tests.fakes.strava_webhooks import EventDelivery
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeBotApi
from tests.fakes.telegram_types import Call, SentMessage, UploadedFile

__all__ = [
    "DEFAULT_TOKEN", "BackgroundServer", "Call", "Delay", "EventDelivery", "FakeBotApi",
    "FakeStrava", "HttpError", "Raw", "ScriptedOpenAI", "SentMessage", "Text", "ToolCall",
    "ToolCalls", "UploadedFile", "async_wait_for", "wait_for",
]
