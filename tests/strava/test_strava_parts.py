"""The pieces on their own: Strava JSON → Run on real fixtures, rate-limit headers, signed state,
token sealing, event parsing, and two processes refreshing one runner's token at once."""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import create_async_engine

from coach.clock import FixedClock
from coach.domain.errors import Forbidden, RateLimited
from coach.domain.runs import Sport, Visibility
from coach.domain.strava import StravaAuthError, StravaEvent
from coach.ports_strava import StravaSetup
from coach.services import Dependencies, Services
from coach.services.strava_state import sign, verify
from integrations.strava import make_strava_gateway
from integrations.strava.mapping import run_from_activity
from integrations.strava.ratelimit import SharedRateLimiter, parse_usage
from integrations.strava.sealing import TokenSealer
from storage.database import asyncpg_url, make_session_factory
from storage.memory import InMemoryCache, InMemoryQuota
from storage.redis import RedisCache, make_redis
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes.strava_api import FakeStrava
from tests.strava.conftest import SIGNING_KEY, VERIFY_TOKEN, FakeStravaClock, RecordingNotifier, connect

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "activities" / "strava"


def _fixture(name: str) -> dict[str, object]:
    return dict(json.loads((FIXTURES / name).read_text()))


def test_a_real_strava_run_maps_to_a_run() -> None:
    run = run_from_activity(_fixture("stravalib__activity.3.json"), None)
    assert (run.sport, run.source.value, run.source_id) == (Sport.RUN, "strava", "99895560")
    assert run.start_time == datetime(2013, 12, 12, 19, 36, 41, tzinfo=UTC)
    assert (run.distance_m, run.moving_s, run.elapsed_s) == (5781.1, 2892, 3140)
    assert run.title == "Lunch Rover Shuffle-Walk-Yog with Todd"
    assert [s.index for s in run.splits] == [1, 2, 3, 4, 5, 6]
    assert run.splits[0].distance_m == 1002.9 and run.splits[0].elapsed_s == 395
    assert run.visibility is Visibility.FOLLOWERS and run.stream is None


def test_a_manual_hike_is_cross_training_without_points() -> None:
    run = run_from_activity(_fixture("stravalib__activity-manual.3.json"), None)
    assert run.sport is Sport.WALK and not run.counts_as_running
    assert run.distance_m == 22530.8 and run.splits == [] and run.laps == []


def test_sport_type_wins_and_cadence_counts_both_feet_for_runs_only() -> None:
    base = {**_fixture("stravalib__activity.3.json"), "average_cadence": 84.5, "utc_offset": -28800.0}
    trail = run_from_activity({**base, "sport_type": "TrailRun", "type": "Run"}, None)
    assert (trail.sport, trail.avg_cadence, trail.utc_offset_s) == (Sport.TRAIL_RUN, 169.0, -28800)
    indoor = run_from_activity({**base, "type": "Run", "trainer": True}, None)
    assert indoor.sport is Sport.TREADMILL
    ride = run_from_activity({**base, "sport_type": "GravelRide", "type": "Ride"}, None)
    assert (ride.sport, ride.avg_cadence) == (Sport.RIDE, 84.5)
    private = run_from_activity({**base, "private": True}, None)
    assert private.visibility is Visibility.PRIVATE


def test_streams_keyed_by_type_become_a_compact_stream() -> None:
    streams = {"time": {"data": [0, 5, 10]}, "distance": {"data": [0.0, 14.0, 29.5]},
               "heartrate": {"data": [120, 131, 140]}, "cadence": {"data": [80, 82, 0]},
               "latlng": {"data": [[37.5, 127.0], [37.5001, 127.0], [37.5002, 127.0]]},
               "altitude": {"data": [10.0, 10.4]}}  # a channel of the wrong length is dropped
    run = run_from_activity({**_fixture("stravalib__activity.3.json"), "sport_type": "Run"}, streams)
    assert run.stream is not None
    assert run.stream.t_s == [0, 5, 10] and run.stream.hr == [120, 131, 140]
    assert run.stream.cadence == [160, 164, 0] and run.stream.lat[1] == 37.5001
    assert run.stream.altitude_m == []


def test_rate_limit_headers_parse_with_spaces_and_any_case() -> None:
    usage = parse_usage({"x-ratelimit-limit": "600, 30000", "X-RateLimit-Usage": "314,27536",
                         "X-READRATELIMIT-LIMIT": "300,15000", "x-readratelimit-usage": " 2 , 32"})
    assert usage["overall"].short_used == 314 and usage["overall"].daily_limit == 30000
    assert usage["read"].short_used == 2 and usage["read"].daily_used == 32
    assert parse_usage({"X-RateLimit-Limit": "garbage"}) == {}


async def test_the_limiter_blocks_until_the_quarter_hour_or_midnight() -> None:
    clock = FixedClock(datetime(2026, 11, 27, 10, 7, 30, tzinfo=UTC))
    limiter = SharedRateLimiter(InMemoryCache(), clock)
    await limiter.observe({"X-RateLimit-Limit": "200,2000", "X-RateLimit-Usage": "200,900"}, 200)
    with pytest.raises(RateLimited) as caught:
        await limiter.check()
    assert caught.value.retry_after == 450  # until 10:15:00
    clock.set(datetime(2026, 11, 27, 10, 15, 1, tzinfo=UTC))
    await limiter.check()
    await limiter.observe({"X-ReadRateLimit-Limit": "100,1000", "X-ReadRateLimit-Usage": "3,1000"}, 200)
    with pytest.raises(RateLimited) as daily:
        await limiter.check()
    assert daily.value.retry_after == (datetime(2026, 11, 28, tzinfo=UTC) - clock.now()).total_seconds()


def test_signed_state_refuses_tampering_other_purposes_and_expiry() -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    token = sign("key", "strava-state", {"a": "x"}, now + timedelta(minutes=15))
    assert verify("key", "strava-state", token, now)["a"] == "x"
    for bad_key, purpose, when in (("other", "strava-state", now), ("key", "strava-connect", now),
                                   ("key", "strava-state", now + timedelta(minutes=16))):
        with pytest.raises(Forbidden):
            verify(bad_key, purpose, token, when)
    body, mac = token.split(".")
    with pytest.raises(Forbidden):
        verify("key", "strava-state", body[:-2] + "AA." + mac, now)


def test_sealed_tokens_need_the_same_key() -> None:
    sealer = TokenSealer(Fernet.generate_key())
    sealed = sealer.seal("a4b945687g")
    assert "a4b945687g" not in sealed and sealer.unseal(sealed) == "a4b945687g"
    with pytest.raises(StravaAuthError):
        TokenSealer(Fernet.generate_key()).unseal(sealed)


def test_events_accept_ids_as_strings_and_tell_redeliveries_from_new_events() -> None:
    body = {"aspect_type": "update", "event_time": 1516126040, "object_id": "1360128428",
            "object_type": "activity", "owner_id": 134815, "subscription_id": "120475",
            "updates": {"title": "Messy", "private": True}}
    event = StravaEvent.parse(body)
    assert (event.object_id, event.subscription_id, event.updates) == (
        1360128428, 120475, {"title": "Messy", "private": "true"})
    assert StravaEvent.parse(dict(body)).dedupe_key == event.dedupe_key
    assert StravaEvent.parse({**body, "updates": {"title": "Tidy"}}).dedupe_key != event.dedupe_key


@pytest.fixture
async def pooled_services(database_url: str, fake_strava: FakeStrava) -> AsyncIterator[Services]:
    """Services on a real connection pool, so several units of work run at the same time."""
    engine = create_async_engine(asyncpg_url(database_url), pool_size=6)
    clock = FakeStravaClock(fake_strava)
    cache = InMemoryCache()
    gateway = make_strava_gateway(
        api_url=fake_strava.api_base, oauth_url=fake_strava.oauth_base,
        client_id=str(fake_strava.client_id), client_secret=fake_strava.client_secret,
        fernet_key=Fernet.generate_key(), cache=cache, clock=clock)
    deps = Dependencies(uow=SqlUnitOfWorkFactory(make_session_factory(engine)), clock=clock,
                        cache=cache, quota=InMemoryQuota(), notifier=RecordingNotifier(),
                        strava=StravaSetup(gateway, VERIFY_TOKEN, SIGNING_KEY))
    try:
        yield Services(deps)
    finally:
        await gateway.aclose()
        await engine.dispose()


@pytest.mark.timeout(60)
async def test_concurrent_syncs_with_a_due_token_import_each_activity_once(pooled_services: Services,
                                                         fake_strava: FakeStrava) -> None:
    athlete = await pooled_services.athletes.local("pat")
    strava_id = await connect(pooled_services, fake_strava, athlete.id)
    for n in range(6):
        fake_strava.add_activity(strava_id, start=datetime.fromtimestamp(fake_strava.now(), UTC)
                                 - timedelta(days=n, hours=2))
    fake_strava.advance(5.9 * 3600)  # inside our refresh margin: every caller sees it due
    # Strava rotates refresh tokens: a second refresh with the old one would be refused and
    # look like a revoked grant. Six syncs at once must leave the runner linked.
    since = datetime.fromtimestamp(fake_strava.now(), UTC) - timedelta(days=10)
    counts = await asyncio.gather(*(pooled_services.strava.sync(athlete.id, since) for _ in range(6)))
    assert sum(counts) == 6  # every activity imported once, whoever got it
    assert await pooled_services.strava.is_linked(athlete.id)
    assert len(await pooled_services.runs.recent(athlete.id)) == 6


@pytest.mark.timeout(60)
async def test_a_refresh_waits_for_the_one_in_progress_and_uses_its_tokens(
        pooled_services: Services, fake_strava: FakeStrava) -> None:
    athlete = await pooled_services.athletes.local("lee")
    await connect(pooled_services, fake_strava, athlete.id)
    fake_strava.advance(5.9 * 3600)
    setup = pooled_services.deps.strava
    assert setup is not None
    # Another process is refreshing: it holds the link's row lock and has rotated the tokens
    # at Strava, but not committed yet.
    async with pooled_services.deps.uow() as other:
        link = await other.strava.link(athlete.id, for_update=True)
        assert link is not None
        fresh = await setup.gateway.refresh(link.tokens)
        since = datetime.fromtimestamp(fake_strava.now(), UTC) - timedelta(days=1)
        waiting = asyncio.create_task(pooled_services.strava.sync(athlete.id, since))
        await asyncio.sleep(0.3)  # let it reach the lock
        await other.strava.save_tokens(athlete.id, fresh)
        await other.commit()
    # Without the lock it would have refreshed with the rotated-away refresh token, been
    # refused, and unlinked the runner.
    assert await asyncio.wait_for(waiting, 10) == 0
    async with pooled_services.deps.uow() as uow:
        stored = await uow.strava.link(athlete.id)
    assert stored is not None and stored.tokens == fresh


def _redis_url() -> str | None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return None
    return f"redis://127.0.0.1:6379/{secrets.randbelow(8) + 8}"


async def test_the_rate_limit_one_process_learns_holds_for_every_process() -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379 (REDIS_URL is optional; in-process caches are per process)")
    clock = FixedClock(datetime(2026, 11, 27, 10, 14, 0, tzinfo=UTC))
    first, second = make_redis(url), make_redis(url)
    prefix = f"rc-test-{secrets.token_hex(4)}:"
    try:
        learner = SharedRateLimiter(RedisCache(first, prefix=prefix), clock)
        other = SharedRateLimiter(RedisCache(second, prefix=prefix), clock)
        await other.check()
        await learner.observe({"X-RateLimit-Limit": "100,1000", "X-RateLimit-Usage": "87,90"}, 429)
        with pytest.raises(RateLimited) as caught:
            await other.check()  # another process, its own connection: it waits too
        assert caught.value.retry_after == 60
    finally:
        await first.delete(f"{prefix}strava:rate-limit:blocked-until")
        await first.aclose()
        await second.aclose()
