"""Pytest fixtures for the fake servers: load with ``pytest_plugins = ["tests.fakes.fixtures"]``.

Each fake runs once per test session (starting and stopping uvicorn costs ~0.2 s) and is reset
to a clean state, with its constructor settings, before every test that asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.openai_api import ScriptedOpenAI
from tests.fakes.strava_api import FakeStrava
from tests.fakes.telegram_api import FakeBotApi


@pytest.fixture(scope="session")
def fake_telegram_server() -> Iterator[FakeBotApi]:
    with FakeBotApi() as fake:
        yield fake


@pytest.fixture(scope="session")
def fake_strava_server() -> Iterator[FakeStrava]:
    with FakeStrava() as fake:
        yield fake


@pytest.fixture(scope="session")
def fake_openai_server() -> Iterator[ScriptedOpenAI]:
    with ScriptedOpenAI() as fake:
        yield fake


@pytest.fixture
def fake_telegram(fake_telegram_server: FakeBotApi) -> FakeBotApi:
    """A running fake Bot API with no calls, updates, files or faults."""
    fake_telegram_server.reset()
    return fake_telegram_server


@pytest.fixture
def fake_strava(fake_strava_server: FakeStrava) -> FakeStrava:
    """A running fake Strava with no athletes, tokens, subscription or faults, clock at now."""
    fake_strava_server.reset()
    return fake_strava_server


@pytest.fixture
def fake_openai(fake_openai_server: ScriptedOpenAI) -> ScriptedOpenAI:
    """A running scripted OpenAI server with an empty script: add responses with ``.add(...)``."""
    fake_openai_server.reset()
    return fake_openai_server
