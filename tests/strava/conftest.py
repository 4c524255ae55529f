"""Strava test wiring: services with the real Strava gateway pointed at the fake Strava, a
recording notifier (a fake for the Notifier port), and the connect flow as a browser does it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest
import uvicorn
from cryptography.fernet import Fernet
from sqlalchemy import text

from coach.ports import Reply
from coach.ports_strava import StravaSetup
from coach.services import Dependencies, Services
from integrations.strava import make_strava_gateway
from storage.memory import InMemoryCache, InMemoryQuota
from storage.uow import SqlUnitOfWorkFactory
from tests.e2e.helpers import free_port
from tests.fakes.strava_api import FakeStrava

VERIFY_TOKEN = "verify-me-please"
SIGNING_KEY = "test-signing-key-for-strava"
PUBLIC_URL = "http://127.0.0.1:8000"


class FakeStravaClock:
    """The fake Strava's clock, so token expiry and rate-limit windows agree on both sides."""

    def __init__(self, fake: FakeStrava) -> None:
        self.fake = fake

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.fake.now(), UTC)


@dataclass
class RecordingNotifier:
    sent: list[tuple[UUID, Reply]] = field(default_factory=list)
    # Lets a test act at a known moment (e.g. expire a token when progress is reported).
    on_send: Callable[[str], None] | None = None

    async def notify(self, athlete_id: UUID, reply: Reply) -> bool:
        self.sent.append((athlete_id, reply))
        if self.on_send is not None:
            self.on_send(reply.text)
        return True

    def texts(self, athlete_id: UUID | None = None) -> list[str]:
        return [r.text for a, r in self.sent if athlete_id is None or a == athlete_id]


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def strava_tuning() -> dict[str, Any]:
    """StravaSetup fields a test module overrides (page size, progress interval)."""
    return {}


@pytest.fixture
async def strava_services(uow_factory: SqlUnitOfWorkFactory, fake_strava: FakeStrava,
                          notifier: RecordingNotifier,
                          strava_tuning: dict[str, Any]) -> AsyncIterator[Services]:
    clock = FakeStravaClock(fake_strava)
    cache = InMemoryCache()
    gateway = make_strava_gateway(
        api_url=fake_strava.api_base, oauth_url=fake_strava.oauth_base,
        client_id=str(fake_strava.client_id), client_secret=fake_strava.client_secret,
        fernet_key=Fernet.generate_key(), cache=cache, clock=clock)
    deps = Dependencies(uow=uow_factory, clock=clock, cache=cache, quota=InMemoryQuota(),
                        public_url=PUBLIC_URL, notifier=notifier,
                        strava=StravaSetup(gateway=gateway, verify_token=VERIFY_TOKEN,
                                           signing_key=SIGNING_KEY, **strava_tuning))
    try:
        yield Services(deps)
    finally:
        await gateway.aclose()


def query_param(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


async def approve_on_strava(authorize_url: str) -> dict[str, str]:
    """What the runner's browser does at Strava: follow the consent page's redirect back."""
    async with httpx.AsyncClient(timeout=5) as http:
        answer = await http.get(authorize_url)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def connect(services: Services, fake: FakeStrava, athlete_id: UUID, *,
                  strava_athlete: int | None = None, scope: str | None = None) -> int:
    """Connect `athlete_id` to a fake Strava athlete through the real OAuth flow."""
    strava_athlete = strava_athlete or fake.add_athlete()["id"]
    fake.set_authorization(strava_athlete, granted_scope=scope)
    link = services.strava.connect_url(athlete_id)
    start = services.strava.start_connect(query_param(link, "t"), None)
    back = await approve_on_strava(start.authorize_url)
    await services.strava.complete_connect(back.get("code"), back.get("scope"), back.get("state"),
                                           nonce=start.nonce, error=back.get("error"))
    return strava_athlete


async def queued_events(uow_factory: SqlUnitOfWorkFactory) -> list[int]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(text(
            "SELECT id FROM strava_events WHERE status = 'queued' ORDER BY id"))
        return [int(r[0]) for r in rows]


async def process_queued(services: Services, uow_factory: SqlUnitOfWorkFactory) -> list[str]:
    """Process stored events in order, as the runner's locked job queue would."""
    return [await services.strava.process_event(i) for i in await queued_events(uow_factory)]


async def until(predicate: Callable[[], Any], timeout_s: float, what: str) -> None:
    """Poll `predicate` (bounded), letting the app on this loop make progress meanwhile."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on this event loop (it shares the loop's database engine);
    yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    task = asyncio.create_task(server.serve())
    try:
        await until(lambda: server.started or task.done(), 10, "uvicorn to start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


async def deliver(services: Services, fake: FakeStrava, **event: Any) -> str:
    """Receive one event built the way Strava sends it."""
    return await services.strava.receive_event(fake.build_event(**event))
