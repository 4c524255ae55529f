"""Connecting Strava through the HTTP routes, the real OAuth client and the fake Strava; the
webhook handshake and what the event route answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from api.context import ApiContext
from coach.conversation import Coach
from coach.domain.athletes import IdentityKind
from coach.domain.errors import InvalidInput
from coach.services import Services
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes.strava_api import FakeStrava
from tests.strava.conftest import (
    PUBLIC_URL,
    SIGNING_KEY,
    VERIFY_TOKEN,
    approve_on_strava,
    query_param,
    serving,
)


@pytest.fixture
async def web(strava_services: Services) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(ApiContext(services=strava_services, coach=Coach(strava_services),
                                signing_key=SIGNING_KEY, public_url=PUBLIC_URL))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC_URL,
                                 timeout=10) as client:
        yield client


async def _jobs(uow_factory: SqlUnitOfWorkFactory, task: str) -> list[dict[str, object]]:
    async with uow_factory() as uow:
        rows = await uow.session.execute(text(
            "SELECT args FROM procrastinate_jobs WHERE task_name = :t"), {"t": task})
        return [dict(r[0]) for r in rows]


async def _start(web: httpx.AsyncClient, link: str | None = None) -> str:
    response = await web.get(link.removeprefix(PUBLIC_URL) if link else "/auth/strava/start")
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def _callback(web: httpx.AsyncClient, back: dict[str, str]) -> httpx.Response:
    return await web.get("/auth/strava/callback", params=back)


async def test_connect_from_the_bot_link_links_seals_tokens_and_queues_the_backfill(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava,
        uow_factory: SqlUnitOfWorkFactory) -> None:
    athlete = await strava_services.athletes.local("min")
    strava_id = fake_strava.add_athlete(firstname="Minji")["id"]
    link = strava_services.strava.connect_url(athlete.id)
    assert link.startswith(f"{PUBLIC_URL}/auth/strava/start?t=")
    authorize = await _start(web, link)
    parts = urlsplit(authorize)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{fake_strava.oauth_base}/authorize"
    assert query["client_id"] == str(fake_strava.client_id)
    assert query["redirect_uri"] == f"{PUBLIC_URL}/auth/strava/callback"
    assert (query["response_type"], query["approval_prompt"], query["scope"]) == (
        "code", "auto", "read,activity:read_all")
    assert query["state"]
    back = await approve_on_strava(authorize)
    done = await _callback(web, back)
    assert (done.status_code, done.headers["location"]) == (302, "/")
    assert await strava_services.strava.is_linked(athlete.id)
    identities = await strava_services.athletes.identities(athlete.id)
    assert identities[IdentityKind.STRAVA] == str(strava_id)
    assert await _jobs(uow_factory, "strava.backfill") == [{"athlete_id": str(athlete.id), "weeks": 16}]
    # Replaying the callback: the browser's nonce was used up, and so was the one-time code.
    assert (await _callback(web, back)).status_code == 403
    start = strava_services.strava.start_connect(None, athlete.id)
    with pytest.raises(InvalidInput, match="already used"):
        await strava_services.strava.complete_connect(back["code"], back["scope"],
                                                      query_param(start.authorize_url, "state"),
                                                      nonce=start.nonce)


async def test_a_refused_activity_scope_says_what_is_missing_and_links_nothing(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete = await strava_services.athletes.local("jun")
    fake_strava.set_authorization(fake_strava.add_athlete()["id"], granted_scope="read")
    back = await approve_on_strava(await _start(web, strava_services.strava.connect_url(athlete.id)))
    assert back["scope"] == "read"
    page = await _callback(web, back)
    assert page.status_code == 400
    assert "permission to see your activities" in page.text and "ticked" in page.text
    assert not await strava_services.strava.is_linked(athlete.id)


async def test_read_only_activity_scope_is_enough(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete = await strava_services.athletes.local("soo")
    fake_strava.set_authorization(fake_strava.add_athlete()["id"])
    back = await approve_on_strava(await _start(web, strava_services.strava.connect_url(athlete.id)))
    # Private activities refused, public ones allowed (the fake grants only what was asked).
    back["scope"] = "read,activity:read"
    assert (await _callback(web, back)).status_code == 302
    assert await strava_services.strava.is_linked(athlete.id)


async def test_denied_on_strava_gives_a_friendly_page(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete = await strava_services.athletes.local("hana")
    fake_strava.set_authorization(deny=True)
    back = await approve_on_strava(await _start(web, strava_services.strava.connect_url(athlete.id)))
    assert back["error"] == "access_denied"
    page = await _callback(web, back)
    assert page.status_code == 400 and "approve the connection on Strava" in page.text
    assert not await strava_services.strava.is_linked(athlete.id)


async def test_signing_in_with_strava_creates_the_runner_and_a_session(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava) -> None:
    strava_id = fake_strava.add_athlete(firstname="Grace", lastname="Kim")["id"]
    fake_strava.set_authorization(strava_id)
    back = await approve_on_strava(await _start(web))
    done = await _callback(web, back)
    assert done.status_code == 302 and "rc_session" in done.cookies
    athlete = await strava_services.athletes.onboard(IdentityKind.STRAVA, str(strava_id),
                                                     display_name="ignored")
    assert athlete[1] is False and athlete[0].display_name == "Grace Kim"
    assert await strava_services.strava.is_linked(athlete[0].id)


async def test_a_callback_from_another_browser_or_a_forged_state_is_refused(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava) -> None:
    athlete = await strava_services.athletes.local("eve")
    fake_strava.set_authorization(fake_strava.add_athlete()["id"])
    back = await approve_on_strava(await _start(web, strava_services.strava.connect_url(athlete.id)))
    web.cookies.clear()  # the approval comes back to a browser that didn't start it
    assert (await _callback(web, back)).status_code == 403
    forged = await web.get("/auth/strava/start", params={"t": "eyJhIjoiMSJ9.bad"})
    assert forged.status_code == 403
    assert not await strava_services.strava.is_linked(athlete.id)


async def test_handshake_echoes_the_challenge_only_for_our_verify_token(web: httpx.AsyncClient) -> None:
    ok = await web.get("/strava/webhook", params={"hub.mode": "subscribe", "hub.challenge": "15f7d1a9",
                                                  "hub.verify_token": VERIFY_TOKEN})
    assert (ok.status_code, ok.json()) == (200, {"hub.challenge": "15f7d1a9"})
    wrong = await web.get("/strava/webhook", params={"hub.mode": "subscribe", "hub.challenge": "x",
                                                     "hub.verify_token": "STRAVA"})
    assert wrong.status_code == 403


async def test_subscription_handshake_with_the_fake_strava_records_the_id(
        strava_services: Services, fake_strava: FakeStrava) -> None:
    # The fake performs Strava's real GET against our route before answering the create.
    app = create_app(ApiContext(services=strava_services, coach=Coach(strava_services),
                                signing_key=SIGNING_KEY, public_url=PUBLIC_URL))
    gateway = strava_services.deps.strava.gateway  # type: ignore[union-attr]
    async with serving(app) as base:
        callback = f"{base}/strava/webhook"
        sub_id = await gateway.create_subscription(callback, VERIFY_TOKEN)  # type: ignore[attr-defined]
    assert fake_strava.subscription is not None and fake_strava.subscription.id == sub_id
    await strava_services.strava.remember_subscription(sub_id, callback)
    listed = await gateway.subscriptions()  # type: ignore[attr-defined]
    assert [s["callback_url"] for s in listed] == [callback]


async def test_the_event_route_answers_400_for_garbage_and_200_for_the_rest(
        web: httpx.AsyncClient, strava_services: Services, fake_strava: FakeStrava) -> None:
    not_json = await web.post("/strava/webhook", content=b"{nope",
                              headers={"content-type": "application/json"})
    assert not_json.status_code == 400 and "JSON" in not_json.json()["detail"]
    bad = await web.post("/strava/webhook", json={"object_type": "activity"})
    assert bad.status_code == 400 and "aspect_type" in bad.json()["detail"]
    stranger = fake_strava.build_event(object_id=1, owner_id=999_999)
    answer = await web.post("/strava/webhook", json=stranger)
    assert (answer.status_code, answer.json()) == (200, {"status": "unlinked"})
