"""Google sign-in through authlib, with Google faked at the wire (a mock HTTP transport)."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import httpx2

from api.google import GoogleConfig
from coach.domain.athletes import Athlete, IdentityKind
from coach.services import Services
from tests.web.helpers import client_for, make_app, sign_in_by_link


class FakeGoogle:
    """Google's token and userinfo endpoints, answering for one person."""

    def __init__(self, subject: str, email: str) -> None:
        self.subject, self.email = subject, email
        self.token_requests: list[dict[str, list[str]]] = []

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/token":
            form = parse_qs(request.content.decode())
            form["authorization"] = [request.headers.get("authorization", "")]
            self.token_requests.append(form)
            if form.get("code") != ["good-code"]:
                return httpx2.Response(400, json={"error": "invalid_grant"})
            return httpx2.Response(200, json={"access_token": "ya29.fake", "token_type": "Bearer",
                                              "expires_in": 3599, "scope": "openid email profile"})
        if request.url.path == "/userinfo":
            assert request.headers["authorization"] == "Bearer ya29.fake"
            return httpx2.Response(200, json={"sub": self.subject, "email": self.email,
                                              "email_verified": True, "name": "Ana Google"})
        return httpx2.Response(404)


def _google_app(services: Services, fake: FakeGoogle) -> Any:
    config = GoogleConfig(client_id="cid.apps.googleusercontent.com", client_secret="shh",
                          authorize_url="https://accounts.google.test/auth",
                          token_url="https://oauth.google.test/token",
                          userinfo_url="https://oauth.google.test/userinfo",
                          transport=httpx2.MockTransport(fake.handle))
    return make_app(services, extras={"google": config})


async def _round_trip(client: httpx.AsyncClient, code: str = "good-code") -> httpx.Response:
    start = await client.get("/auth/google/start")
    assert start.status_code == 302
    target = urlsplit(start.headers["location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == "https://accounts.google.test/auth"
    assert query["client_id"] == ["cid.apps.googleusercontent.com"]
    assert query["redirect_uri"] == ["http://test/auth/google/callback"]
    assert query["scope"] == ["openid email profile"]
    return await client.get("/auth/google/callback", params={"code": code, "state": query["state"][0]})


async def test_google_sign_in_creates_then_finds_the_runner(web_services: Services) -> None:
    fake = FakeGoogle("google-sub-1", "ana.g@example.com")
    app = _google_app(web_services, fake)
    async with client_for(app) as client:
        login = await client.get("/login")
        assert "/auth/google/start" in login.text
        done = await _round_trip(client)
        assert done.status_code == 303 and done.headers["location"] == "/"
        me = (await client.get("/api/feed")).status_code
        assert me == 200
    sent = fake.token_requests[0]
    assert sent["code"] == ["good-code"] and sent["grant_type"] == ["authorization_code"]
    assert sent["redirect_uri"] == ["http://test/auth/google/callback"]
    secret = base64.b64encode(b"cid.apps.googleusercontent.com:shh").decode()
    assert sent["authorization"] == [f"Basic {secret}"]
    athlete = await web_services.athletes.onboard(IdentityKind.GOOGLE, "google-sub-1", display_name="?")
    assert athlete[1] is False and athlete[0].display_name == "Ana Google"
    async with client_for(app) as again:
        assert (await _round_trip(again)).status_code == 303


async def test_google_links_to_the_signed_in_runner(web_services: Services, ana: Athlete) -> None:
    app = _google_app(web_services, FakeGoogle("google-sub-2", "ana@example.com"))
    async with client_for(app) as client:
        await sign_in_by_link(client, web_services, ana)
        linked = await _round_trip(client)
        assert linked.status_code == 303 and linked.headers["location"] == "/settings"
    assert (await web_services.athletes.identities(ana.id))[IdentityKind.GOOGLE] == "google-sub-2"


async def test_google_callback_refuses_a_forged_state_or_a_bad_code(web_services: Services) -> None:
    fake = FakeGoogle("google-sub-3", "c@example.com")
    app = _google_app(web_services, fake)
    async with client_for(app) as client:
        await client.get("/auth/google/start")
        forged = await client.get("/auth/google/callback", params={"code": "good-code", "state": "mine"})
        assert forged.status_code == 400
        assert fake.token_requests == []
        failed = await _round_trip(client, code="bad-code")
        assert failed.status_code == 502 and "rc_session" not in failed.headers.get("set-cookie", "")


async def test_google_routes_are_absent_when_not_configured(client: httpx.AsyncClient) -> None:
    assert (await client.get("/auth/google/start")).status_code == 404
    assert "/auth/google/start" not in (await client.get("/login")).text
