"""Signing in and out over HTTP: password, bot link, sign-out everywhere, CSRF, cookies, merging."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI

from coach.clock import FixedClock
from coach.domain.athletes import Athlete, IdentityKind
from coach.services import Services
from tests.web.helpers import client_for, make_app, make_run, sign_in_by_link

CREDENTIALS = {"email": "Ana@Example.com", "password": "correct horse battery"}


def _cookie_header(response: httpx.Response, name: str) -> str:
    return next(h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}="))


async def test_signup_sets_a_session_and_lands_on_the_feed(client: httpx.AsyncClient) -> None:
    response = await client.post("/signup", data=CREDENTIALS)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = _cookie_header(response, "rc_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    feed = await client.get("/")
    assert feed.status_code == 200
    assert "<svg" in feed.text


async def test_login_by_form_and_json_with_one_message_for_every_miss(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    await client.post("/signup", data=CREDENTIALS)
    async with client_for(app) as other:
        wrong = await other.post("/login", data={**CREDENTIALS, "password": "not the password"})
        unknown = await other.post("/login", data={"email": "nobody@example.com",
                                                   "password": "whatever123"})
        assert wrong.status_code == unknown.status_code == 401
        assert "Wrong email or password." in wrong.text and "Wrong email or password." in unknown.text
        assert "rc_session" not in wrong.headers.get("set-cookie", "")
        as_json = await other.post("/login", json={"email": "ana@example.com",
                                                   "password": CREDENTIALS["password"]})
        assert as_json.status_code == 303 and as_json.headers["location"] == "/"
        assert (await other.get("/")).status_code == 200
    async with client_for(app) as third:
        failed = await third.post("/login", json={"email": "ana@example.com", "password": "nope-nope"})
        assert failed.status_code == 401 and failed.json() == {"detail": "Wrong email or password."}


async def test_signing_up_twice_is_refused_without_saying_more(client: httpx.AsyncClient) -> None:
    await client.post("/signup", data=CREDENTIALS)
    again = await client.post("/signup", json={"email": "ana@example.com", "password": "another pass"})
    assert again.status_code == 409
    assert "can't be used to sign up" in again.json()["detail"]
    short = await client.post("/signup", json={"email": "bo@example.com", "password": "short"})
    assert short.status_code == 422


async def test_password_guessing_is_rate_limited(client: httpx.AsyncClient) -> None:
    await client.post("/signup", data=CREDENTIALS)
    statuses = [(await client.post("/login", json={"email": "ana@example.com", "password": f"guess-{i}"}
                                   )).status_code for i in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    right = await client.post("/login", json={"email": "ana@example.com",
                                              "password": CREDENTIALS["password"]})
    assert right.status_code == 429  # the window holds even for the right password


async def test_bot_link_signs_in_once_and_expires_in_ten_minutes(
        app: FastAPI, web_services: Services, ana: Athlete, clock: FixedClock) -> None:
    link = await web_services.web.create_login_link(ana.id)
    assert re.fullmatch(r"http://test/auth/link/[A-Za-z0-9_-]{40,}", link)
    path = link.removeprefix("http://test")
    async with client_for(app) as first, client_for(app) as second:
        assert (await first.get(path)).status_code == 303
        assert (await first.get("/")).status_code == 200
        reused = await second.get(path)
        assert reused.status_code == 410 and "/web" in reused.text
        assert (await second.get("/")).status_code == 303
    late = (await web_services.web.create_login_link(ana.id)).removeprefix("http://test")
    clock.advance(timedelta(minutes=10, seconds=1))
    async with client_for(app) as third:
        assert (await third.get(late)).status_code == 410
        assert (await third.get("/auth/link/made-up-token")).status_code == 410


async def test_logout_signs_out_every_device(app: FastAPI, web_services: Services, ana: Athlete) -> None:
    async with client_for(app) as laptop, client_for(app) as phone:
        await sign_in_by_link(laptop, web_services, ana)
        await sign_in_by_link(phone, web_services, ana)
        assert (await phone.get("/api/feed")).status_code == 200
        out = await laptop.post("/logout")
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert (await laptop.get("/api/feed")).status_code == 401
        assert (await phone.get("/api/feed")).status_code == 401
        page = await phone.get("/")
        assert page.status_code == 303 and page.headers["location"] == "/login"
        await sign_in_by_link(phone, web_services, ana)  # a new sign-in works again
        assert (await phone.get("/api/feed")).status_code == 200


async def test_forged_or_tampered_cookies_are_ignored(client: httpx.AsyncClient, web_services: Services,
                                                      ana: Athlete) -> None:
    await sign_in_by_link(client, web_services, ana)
    good = client.cookies["rc_session"]
    client.cookies.set("rc_session", good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"))
    assert (await client.get("/api/feed")).status_code == 401


async def test_browser_forms_need_the_csrf_token_and_our_origin(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete) -> None:
    await sign_in_by_link(client, web_services, ana)
    page = await client.get("/settings")
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert token is not None
    browser = {"Origin": "http://test", "Sec-Fetch-Site": "same-origin"}
    form = {"llm_data": "summaries"}
    missing = await client.post("/settings/privacy", data=form, headers=browser)
    assert missing.status_code == 403
    forged = await client.post("/settings/privacy", data={**form, "csrf_token": "0" * 64},
                               headers=browser)
    assert forged.status_code == 403
    cross = await client.post("/settings/privacy", data={**form, "csrf_token": token.group(1)},
                              headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    assert (await web_services.accounts.llm_data(ana.id)).value == "full"
    ok = await client.post("/settings/privacy", data={**form, "csrf_token": token.group(1)},
                           headers=browser)
    assert ok.status_code == 303
    assert (await web_services.accounts.llm_data(ana.id)).value == "summaries"
    chat = await client.post("/api/chat", json={"text": "/help"}, headers=browser)
    assert chat.status_code == 403
    chat = await client.post("/api/chat", json={"text": "/help"},
                             headers={**browser, "X-CSRF-Token": token.group(1)})
    assert chat.status_code == 200 and chat.json()["reply"]


async def test_cookies_are_secure_behind_tls(web_services: Services, ana: Athlete) -> None:
    app = make_app(web_services, secure_cookies=True, public_url="https://coach.example")
    async with client_for(app) as c:
        link = (await web_services.web.create_login_link(ana.id)).removeprefix("http://test")
        response = await c.get(link)
    assert "secure" in _cookie_header(response, "rc_session").lower()


async def test_a_telegram_runner_adds_a_password_and_merges_their_web_account(
        client: httpx.AsyncClient, app: FastAPI, web_services: Services) -> None:
    async with client_for(app) as web:
        await web.post("/signup", data=CREDENTIALS)
    web_athlete, _ = await web_services.athletes.onboard(IdentityKind.EMAIL, "ana@example.com",
                                                         display_name="x")
    await web_services.runs.record_run(web_athlete.id, make_run(datetime(2026, 11, 20, 7, tzinfo=UTC),
                                                                5, 27))
    telegram, _ = await web_services.athletes.onboard(IdentityKind.TELEGRAM, "4242", display_name="Ana")
    await sign_in_by_link(client, web_services, telegram)
    refused = await client.post("/settings/password", data={"email": "ana@example.com",
                                                            "password": "not her password"})
    assert refused.status_code == 422 and "belongs to another account" in refused.text
    merged = await client.post("/settings/password", data=CREDENTIALS)
    assert merged.status_code == 303
    identities = await web_services.athletes.identities(telegram.id)
    assert identities[IdentityKind.EMAIL] == "ana@example.com"
    assert identities[IdentityKind.TELEGRAM] == "4242"
    assert [r.distance_m for r in await web_services.runs.recent(telegram.id)] == [5000.0]
    async with client_for(app) as fresh:
        await fresh.post("/login", data=CREDENTIALS)
        feed = (await fresh.get("/api/feed")).json()
    assert feed["items"][0]["athlete"]["id"] == str(telegram.id)
