"""History: the backfill after connecting (paged to an empty page, progress, resumable), token
expiry and rate limits on the way, `sync` for the LLM tool, and disconnecting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from coach.domain.errors import RateLimited
from coach.services import Services
from tests.fakes.strava_api import FakeStrava
from tests.strava.conftest import RecordingNotifier, connect


@pytest.fixture
def strava_tuning() -> dict[str, Any]:
    return {"page_size": 4, "progress_every": 5}


def _now(fake: FakeStrava) -> datetime:
    return datetime.fromtimestamp(fake.now(), UTC)


def _history(fake: FakeStrava, strava_id: int, count: int, **kwargs: Any) -> list[int]:
    start = _now(fake) - timedelta(hours=3)
    return [fake.add_activity(strava_id, start=start - timedelta(days=n), **kwargs)["id"]
            for n in range(count)]


async def _runner(services: Services, fake: FakeStrava, name: str = "ada") -> tuple[Any, int]:
    athlete = await services.athletes.local(name)
    return athlete.id, await connect(services, fake, athlete.id)


async def test_backfill_pages_to_an_empty_page_reports_progress_and_keeps_to_16_weeks(
        strava_services: Services, fake_strava: FakeStrava, notifier: RecordingNotifier) -> None:
    athlete_id, strava_id = await _runner(strava_services, fake_strava)
    ids = _history(fake_strava, strava_id, 11)
    fake_strava.add_activity(strava_id, start=_now(fake_strava) - timedelta(weeks=17))  # too old
    progress = await strava_services.strava.backfill(athlete_id)
    assert (progress.status, progress.imported, progress.seen) == ("done", 11, 11)
    stored = {r.source_id for r in await strava_services.runs.recent(athlete_id, limit=50)}
    assert stored == {str(i) for i in ids}
    pages = [int(c.query["page"]) for c in fake_strava.calls("/athlete/activities")]
    assert pages == [1, 2, 3, 4]  # 4 + 4 + 3, then the empty page that ends it
    texts = notifier.texts(athlete_id)
    assert "connected" in texts[0] and "16 weeks" in texts[0]
    assert any("so far" in t for t in texts) and "11 activities" in texts[-1]
    # Connecting again re-lists but fetches nothing it already has.
    fetched = len(fake_strava.calls("/streams"))
    again = await strava_services.strava.backfill(athlete_id)
    assert again.imported == 0 and len(fake_strava.calls("/streams")) == fetched


async def test_short_pages_mid_list_do_not_end_the_backfill(
        strava_services: Services, fake_strava: FakeStrava) -> None:
    # With activity:read only, "Only You" activities vanish from pages after paging: page 1
    # comes back short though more follow.
    athlete_id, strava_id = await _runner(strava_services, fake_strava, "kim")
    grant = fake_strava.grant(strava_id)
    assert grant is not None
    grant.scope = ["read", "activity:read"]  # the runner kept private activities to themselves
    start = _now(fake_strava) - timedelta(hours=3)
    visible = []
    for n in range(9):
        hidden = n in (1, 2)
        activity = fake_strava.add_activity(strava_id, start=start - timedelta(days=n),
                                            visibility="only_me" if hidden else "everyone")
        if not hidden:
            visible.append(str(activity["id"]))
    progress = await strava_services.strava.backfill(athlete_id)
    assert progress.imported == 7
    assert {r.source_id for r in await strava_services.runs.recent(athlete_id)} == set(visible)


async def test_an_access_token_expiring_mid_backfill_is_refreshed_and_nothing_is_lost(
        strava_services: Services, fake_strava: FakeStrava, notifier: RecordingNotifier) -> None:
    athlete_id, strava_id = await _runner(strava_services, fake_strava)
    ids = _history(fake_strava, strava_id, 12)
    first = fake_strava.grant(strava_id)
    assert first is not None
    first_token = first.access_token
    moments: list[str] = []

    def expire(text: str) -> None:
        if "so far" in text and not moments:
            moments.append(text)
            # Strava considers the token expired though our copy says it has hours left:
            # the next call gets a 401 and must refresh, then carry on.
            fake_strava.advance(5.5 * 3600)
            fake_strava.expire_access_token(first_token)

    notifier.on_send = expire
    progress = await strava_services.strava.backfill(athlete_id)
    assert moments and progress.imported == 12
    assert [r.status for r in fake_strava.requests].count(401) >= 1
    grant = fake_strava.grant(strava_id)
    assert grant is not None and grant.access_token != first_token
    assert {r.source_id for r in await strava_services.runs.recent(athlete_id)} == {str(i) for i in ids}
    assert await strava_services.strava.is_linked(athlete_id)


async def test_rate_limits_stop_calls_before_strava_refuses_and_the_backfill_resumes(
        strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete_id, strava_id = await _runner(strava_services, fake_strava)
    ids = _history(fake_strava, strava_id, 6)
    fake_strava.set_rate_limits(read=(5, 1000))
    waits = 0
    progress = None
    for _ in range(20):
        try:
            progress = await strava_services.strava.backfill(athlete_id)
            break
        except RateLimited as exc:
            waited = exc
        waits += 1
        # The wait ends on Strava's quarter-hour boundary.
        assert 0 < waited.retry_after <= 900
        assert (fake_strava.now() + waited.retry_after) % 900 == pytest.approx(0, abs=1e-3)
        calls = len(fake_strava.requests)
        with pytest.raises(RateLimited):  # still inside the window: no call is made
            await strava_services.strava.backfill(athlete_id)
        assert len(fake_strava.requests) == calls
        fake_strava.advance(waited.retry_after + 1)
    assert progress is not None, "the backfill never finished"
    assert waits >= 2 and progress.imported == 6
    assert [r.status for r in fake_strava.requests].count(429) == 0  # the headers were heeded
    assert {r.source_id for r in await strava_services.runs.recent(athlete_id)} == {str(i) for i in ids}


async def test_a_429_blocks_every_call_until_the_window_ends(
        strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete_id, strava_id = await _runner(strava_services, fake_strava)
    _history(fake_strava, strava_id, 2)
    fake_strava.fail_next(429)
    with pytest.raises(RateLimited) as first:
        await strava_services.strava.sync(athlete_id, _now(fake_strava).date() - timedelta(days=7))
    assert (fake_strava.now() + first.value.retry_after) % 900 == pytest.approx(0, abs=1e-3)
    with pytest.raises(RateLimited):
        await strava_services.strava.sync(athlete_id, _now(fake_strava).date() - timedelta(days=7))
    assert [r.status for r in fake_strava.requests] == [429]
    fake_strava.advance(first.value.retry_after + 1)
    assert await strava_services.strava.sync(athlete_id, _now(fake_strava) - timedelta(days=7)) == 2


async def test_sync_fetches_only_what_the_coach_lacks(
        strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete_id, strava_id = await _runner(strava_services, fake_strava)
    _history(fake_strava, strava_id, 3)
    since = _now(fake_strava).date() - timedelta(days=30)
    assert await strava_services.strava.sync(athlete_id, since) == 3
    fake_strava.add_activity(strava_id, start=_now(fake_strava) - timedelta(minutes=50))
    assert await strava_services.strava.sync(athlete_id, since) == 1
    assert await strava_services.strava.sync(athlete_id, since) == 0


async def test_disconnect_revokes_at_strava_unlinks_and_keeps_the_runs(
        strava_services: Services, fake_strava: FakeStrava, notifier: RecordingNotifier) -> None:
    athlete_id, strava_id = await _runner(strava_services, fake_strava)
    _history(fake_strava, strava_id, 2)
    await strava_services.strava.sync(athlete_id, _now(fake_strava) - timedelta(days=7))
    assert await strava_services.strava.disconnect(athlete_id, revoke=True)
    assert fake_strava.grant(strava_id) is None  # our tokens are dead at Strava too
    assert not await strava_services.strava.is_linked(athlete_id)
    assert "disconnected" in notifier.texts(athlete_id)[-1]
    assert len(await strava_services.runs.recent(athlete_id)) == 2
    assert not await strava_services.strava.disconnect(athlete_id, revoke=True)


async def test_a_backfill_brings_the_plan_in_line_once(
        strava_services: Services, fake_strava: FakeStrava, notifier: RecordingNotifier) -> None:
    from coach.domain.goals import Goal

    athlete_id, strava_id = await _runner(strava_services, fake_strava, "lee")
    await strava_services.goals.set_goal(athlete_id, Goal())
    before = await strava_services.plans.create_plan(athlete_id)
    # Three weeks of short runs: far below the 30 km/week the plan assumed without history.
    _history(fake_strava, strava_id, 21, distance_m=3000.0, moving_time_s=1100)
    await strava_services.strava.backfill(athlete_id)
    after = await strava_services.plans.active(athlete_id)
    assert after is not None and after.version == before.version + 1
    assert after.reason.startswith("Reconciled")
    # History comes without post-run notes: only the backfill's own messages went out.
    assert not any("You ran" in t for t in notifier.texts(athlete_id))
