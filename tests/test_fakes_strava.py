"""The fake Strava answers httpx like Strava API v3 and its OAuth do (stravalib is not a dependency)."""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import BackgroundServer
from tests.fakes.strava_api import FakeStrava
from tests.fakes.strava_data import detailed_activity_template

pytest_plugins = ["tests.fakes.fixtures"]

UNAUTHORIZED = {"message": "Authorization Error",
                "errors": [{"resource": "Athlete", "field": "access_token", "code": "invalid"}]}
BAD_REFRESH = {"message": "Bad Request",
               "errors": [{"resource": "RefreshToken", "field": "refresh_token", "code": "invalid"}]}
RATE_LIMITED = {"message": "Rate Limit Exceeded",
                "errors": [{"resource": "Application", "field": "rate limit", "code": "exceeded"}]}


@pytest.fixture
def client(fake_strava: FakeStrava) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_strava.url, timeout=5) as http:
        yield http


def authorize(client: httpx.Client, scope: str = "read,activity:read_all") -> httpx.URL:
    response = client.get("/oauth/authorize", params={
        "client_id": 12345, "redirect_uri": "http://localhost/strava/callback",
        "response_type": "code", "approval_prompt": "auto", "scope": scope, "state": "xyz"})
    assert response.status_code == 302
    return httpx.URL(response.headers["location"])


def exchange(client: httpx.Client, code: str, *, as_query: bool = False) -> httpx.Response:
    fields = {"client_id": "12345", "client_secret": "fake-client-secret", "code": code,
              "grant_type": "authorization_code"}
    if as_query:
        return client.post("/oauth/token", params=fields)
    return client.post("/api/v3/oauth/token", data=fields)


def refresh(client: httpx.Client, refresh_token: str) -> httpx.Response:
    return client.post("/oauth/token", data={
        "client_id": "12345", "client_secret": "fake-client-secret",
        "grant_type": "refresh_token", "refresh_token": refresh_token})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_authorize_redirects_with_state_code_and_granted_scope(fake_strava: FakeStrava, client):
    location = authorize(client)
    assert (location.host, location.path) == ("localhost", "/strava/callback")
    assert location.params["state"] == "xyz" and location.params["scope"] == "read,activity:read_all"
    fake_strava.set_authorization(granted_scope="read")  # the runner unticked activity access
    assert authorize(client).params["scope"] == "read"
    fake_strava.set_authorization(deny=True)
    denied = authorize(client)
    assert dict(denied.params) == {"state": "xyz", "error": "access_denied"}
    outside = client.get("/oauth/authorize", params={
        "client_id": 12345, "redirect_uri": "https://evil.example/cb", "response_type": "code"})
    assert outside.status_code == 400 and outside.json()["errors"][0]["field"] == "redirect_uri"


@pytest.mark.parametrize("as_query", [False, True])
def test_code_exchange_by_form_or_query_returns_tokens_and_athlete(client, as_query: bool):
    code = authorize(client).params["code"]
    response = exchange(client, code, as_query=as_query)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["token_type"] == "Bearer" and 21590 <= body["expires_in"] <= 21600
    assert body["athlete"]["id"] == 134815 and body["athlete"]["resource_state"] == 2
    assert "x-ratelimit-usage" not in response.headers  # OAuth answers carry no rate headers
    again = exchange(client, code)
    assert again.status_code == 400
    assert again.json()["errors"][0] == {"resource": "AuthorizationCode", "field": "code",
                                         "code": "invalid"}


def test_refresh_keeps_a_fresh_token_then_rotates_both(fake_strava: FakeStrava, client):
    athlete = fake_strava.add_athlete()
    first = fake_strava.issue_tokens(athlete["id"])
    same = refresh(client, first["refresh_token"]).json()
    assert same["access_token"] == first["access_token"] and "athlete" not in same
    fake_strava.advance(5.5 * 3600)  # under an hour left
    rotated = refresh(client, first["refresh_token"]).json()
    assert rotated["access_token"] != first["access_token"]
    assert rotated["refresh_token"] != first["refresh_token"]
    stale = refresh(client, first["refresh_token"])
    assert (stale.status_code, stale.json()) == (400, BAD_REFRESH)
    assert client.get("/api/v3/athlete", headers=bearer(first["access_token"])).status_code == 200
    fake_strava.advance(3600)  # the old access token has now expired; the new one has not
    expired = client.get("/api/v3/athlete", headers=bearer(first["access_token"]))
    assert (expired.status_code, expired.json()) == (401, UNAUTHORIZED)
    assert client.get("/api/v3/athlete", params={"access_token": rotated["access_token"]}).json()[
        "firstname"] == "Ada"


def test_activities_page_newest_first_and_hide_private_runs_without_read_all(
    fake_strava: FakeStrava, client
):
    athlete_id = fake_strava.add_athlete()["id"]
    start = datetime(2026, 3, 1, 7, tzinfo=UTC)
    ids = [fake_strava.add_activity(athlete_id, start=start + timedelta(days=n), name=f"Run {n}",
                                    visibility="only_me" if n == 2 else "everyone")["id"]
           for n in range(5)]
    full = fake_strava.issue_tokens(athlete_id, scope="read,activity:read_all")["access_token"]
    pages = [client.get("/api/v3/athlete/activities", headers=bearer(full),
                        params={"page": page, "per_page": 2}).json() for page in (1, 2, 3, 4)]
    assert [[a["id"] for a in page] for page in pages] == [[ids[4], ids[3]], [ids[2], ids[1]],
                                                           [ids[0]], []]
    assert pages[0][0]["resource_state"] == 2 and "splits_metric" not in pages[0][0]
    window = client.get("/api/v3/athlete/activities", headers=bearer(full), params={
        "after": int((start + timedelta(days=1)).timestamp()),
        "before": int((start + timedelta(days=3, hours=1)).timestamp())}).json()
    assert [a["name"] for a in window] == ["Run 3", "Run 2"]
    # A new authorization with fewer scopes replaces the earlier grant.
    limited = fake_strava.issue_tokens(athlete_id, scope="read,activity:read")["access_token"]
    assert client.get("/api/v3/athlete", headers=bearer(full)).status_code == 401
    page_two = client.get("/api/v3/athlete/activities", headers=bearer(limited),
                          params={"page": 2, "per_page": 2}).json()
    assert [a["id"] for a in page_two] == [ids[1]]  # short page mid-list: keep paging
    hidden = client.get(f"/api/v3/activities/{ids[2]}", headers=bearer(limited))
    assert hidden.status_code == 404 and hidden.json()["message"] == "Record Not Found"
    no_scope = fake_strava.issue_tokens(athlete_id, scope="read")["access_token"]
    refused = client.get("/api/v3/athlete/activities", headers=bearer(no_scope))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["field"] == "activity:read_permission"


def test_detailed_activity_and_streams_agree(fake_strava: FakeStrava, client):
    athlete_id = fake_strava.add_athlete()["id"]
    activity = fake_strava.add_activity(athlete_id, distance_m=8000, moving_time_s=2700,
                                        elapsed_time_s=2900, avg_hr=148)
    token = fake_strava.issue_tokens(athlete_id)["access_token"]
    detail = client.get(f"/api/v3/activities/{activity['id']}", headers=bearer(token)).json()
    assert set(detailed_activity_template()) <= set(detail)  # the real fixture's full field set
    assert (detail["resource_state"], detail["sport_type"], detail["type"]) == (3, "Run", "Run")
    assert (detail["distance"], detail["moving_time"], detail["elapsed_time"]) == (8000, 2700, 2900)
    assert len(detail["splits_metric"]) == 8 and len(detail["laps"]) == 8
    assert detail["start_date_local"].endswith("Z") and detail["utc_offset"] == 32400
    response = client.get(f"/api/v3/activities/{activity['id']}/streams", headers=bearer(token),
                          params={"keys": "time,heartrate,altitude,cadence,latlng",
                                  "key_by_type": "True"})
    streams = response.json()
    assert set(streams) == {"time", "distance", "heartrate", "altitude", "cadence", "latlng"}
    time_s, distance = streams["time"]["data"], streams["distance"]["data"]
    assert time_s[-1] == 2900 and distance[-1] == 8000
    assert all(b > a for a, b in itertools.pairwise(time_s))
    assert all(b >= a for a, b in itertools.pairwise(distance))
    heart = streams["heartrate"]["data"]
    assert all(isinstance(h, int) and 60 <= h <= 205 for h in heart)
    assert abs(sum(heart) / len(heart) - 148) < 2 and abs(detail["average_heartrate"] - 148) < 2
    assert len(streams["latlng"]["data"][0]) == 2 and streams["time"]["series_type"] == "distance"
    assert all(len(s["data"]) == len(time_s) for s in streams.values())
    as_list = client.get(f"/api/v3/activities/{activity['id']}/streams", headers=bearer(token),
                         params={"keys": "time"}).json()
    assert [s["type"] for s in as_list] == ["time", "distance"]


def test_rate_limit_headers_count_and_429(fake_strava: FakeStrava, client):
    athlete_id = fake_strava.add_athlete()["id"]
    token = fake_strava.issue_tokens(athlete_id)["access_token"]
    fake_strava.set_rate_limits(overall=(3, 30), read=(2, 20))
    first = client.get("/api/v3/athlete", headers=bearer(token))
    assert first.headers["X-RateLimit-Limit"] == "3,30"
    assert first.headers["X-RateLimit-Usage"] == "1,1"
    assert first.headers["X-ReadRateLimit-Limit"] == "2,20"
    assert client.get("/api/v3/athlete", headers=bearer(token)).status_code == 200
    over = client.get("/api/v3/athlete", headers=bearer(token))
    assert (over.status_code, over.json()) == (429, RATE_LIMITED)
    assert over.headers["x-readratelimit-usage"] == "3,3"
    fake_strava.advance(900)  # next quarter hour: short-term usage resets, daily does not
    after = client.get("/api/v3/athlete", headers=bearer(token))
    assert after.status_code == 200 and after.headers["x-ratelimit-usage"] == "1,4"


def test_injected_faults_latency_and_expired_token(fake_strava: FakeStrava, client):
    athlete_id = fake_strava.add_athlete()["id"]
    token = fake_strava.issue_tokens(athlete_id)["access_token"]
    fake_strava.fail_next(500, times=1)
    fake_strava.fail_next(429, times=1, path_contains="/activities")
    failed = client.get("/api/v3/athlete", headers=bearer(token))
    assert failed.status_code == 500 and "x-ratelimit-usage" in failed.headers
    limited = client.get("/api/v3/athlete/activities", headers=bearer(token))
    assert (limited.status_code, limited.json()) == (429, RATE_LIMITED)
    assert client.get("/api/v3/athlete/activities", headers=bearer(token)).json() == []
    fake_strava.set_latency(0.5)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/api/v3/athlete", headers=bearer(token), timeout=0.1)
    fake_strava.set_latency(0)
    fake_strava.expire_access_token(token)
    assert client.get("/api/v3/athlete", headers=bearer(token)).json() == UNAUTHORIZED
    fake_strava.fail_next(401)
    fresh = fake_strava.issue_tokens(athlete_id)["access_token"]
    assert client.get("/api/v3/athlete", headers=bearer(fresh)).status_code == 401


def test_deauthorize_on_both_paths_and_revoke(fake_strava: FakeStrava, client):
    athlete_id = fake_strava.add_athlete()["id"]
    for path in ("/oauth/deauthorize", "/api/v3/oauth/deauthorize"):
        token = fake_strava.issue_tokens(athlete_id)["access_token"]
        response = client.post(path, data={"access_token": token})
        assert response.json() == {"access_token": token}
        assert client.get("/api/v3/athlete", headers=bearer(token)).status_code == 401
    tokens = fake_strava.issue_tokens(athlete_id)
    basic = base64.b64encode(b"12345:fake-client-secret").decode()
    revoked = client.post("/oauth/revoke", data={"token": tokens["refresh_token"]},
                          headers={"Authorization": f"Basic {basic}"})
    assert revoked.status_code == 200
    assert client.get("/api/v3/athlete", headers=bearer(tokens["access_token"])).status_code == 401


def callback_app(events: list[Any], *, echo: bool = True, delay: float = 0.0,
                 failures: int = 0) -> Starlette:
    async def callback(request: Request) -> Response:
        if request.method == "GET":
            query = request.query_params
            await asyncio.sleep(delay)
            if query.get("hub.verify_token") != "STRAVA" or query.get("hub.mode") != "subscribe":
                return Response(status_code=403)
            return JSONResponse({"hub.challenge": query["hub.challenge"] if echo else "nope"})
        events.append(await request.json())
        return Response(status_code=500 if len(events) <= failures else 200)

    return Starlette(routes=[Route("/strava/webhook", callback, methods=["GET", "POST"])])


def subscribe(client: httpx.Client, callback_url: str) -> httpx.Response:
    return client.post("/api/v3/push_subscriptions", data={
        "client_id": "12345", "client_secret": "fake-client-secret",
        "callback_url": callback_url, "verify_token": "STRAVA"})


def test_subscription_handshake_then_events_with_retries(fake_strava: FakeStrava, client):
    events: list[Any] = []
    with BackgroundServer(callback_app(events, failures=1)) as app:
        url = f"{app.url}/strava/webhook"
        created = subscribe(client, url)
        assert created.status_code == 201
        sub_id = created.json()["id"]
        credentials = {"client_id": "12345", "client_secret": "fake-client-secret"}
        listed = client.get("/api/v3/push_subscriptions", params=credentials).json()
        assert [(s["id"], s["callback_url"]) for s in listed] == [(sub_id, url)]
        assert subscribe(client, url).json()["errors"][0]["code"] == "already exists"
        delivery = fake_strava.send_event(object_id=99, owner_id=134815,
                                          updates={"private": True}, aspect_type="update")
        assert delivery.delivered and delivery.attempts == 2  # first answer was a 500
        fake_strava.send_event(object_type="athlete", object_id=134815, owner_id=134815,
                               aspect_type="update", updates={"authorized": False},
                               ids_as_strings=True)
        deleted = client.delete(f"/api/v3/push_subscriptions/{sub_id}", params=credentials)
        assert deleted.status_code == 204 and client.get(
            "/api/v3/push_subscriptions", params=credentials).json() == []
    assert events[1] == events[0] and events[0]["updates"] == {"private": "true"}
    assert events[0]["subscription_id"] == sub_id and isinstance(events[0]["object_id"], int)
    assert events[2]["updates"] == {"authorized": "false"} and events[2]["owner_id"] == "134815"


@pytest.mark.parametrize(("echo", "delay"), [(False, 0.0), (True, 2.3)])
def test_subscription_fails_on_wrong_echo_or_slow_callback(client, echo: bool, delay: float):
    with BackgroundServer(callback_app([], echo=echo, delay=delay)) as app:
        refused = subscribe(client, f"{app.url}/strava/webhook")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["resource"] == "PushSubscription"
