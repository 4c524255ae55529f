"""End to end in a real browser (Debian's chromium driven by playwright) against `runcoach serve`,
and schemathesis over the same server's /openapi.json."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from playwright.async_api import Browser, Page, async_playwright

from coach.clock import SystemClock
from coach.domain.athletes import Athlete
from coach.domain.goals import Goal
from coach.domain.runs import Visibility
from coach.services import Dependencies, Services
from storage.database import asyncpg_url, make_engine, make_session_factory
from storage.memory import InMemoryCache, InMemoryQuota
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import _admin, _with_db
from tests.e2e.helpers import REPO, RUNCOACH, clean_env, free_port, stop, wait_http
from tests.web.helpers import gpx_bytes, make_run

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def web_db(pg_server_url: str, template_db: str) -> Iterator[str]:
    name = f"rc_test_web_{free_port()}"
    _admin(pg_server_url, f"CREATE DATABASE {name} TEMPLATE {template_db}")
    yield _with_db(pg_server_url, name)
    _admin(pg_server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def server(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [RUNCOACH, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
        env=clean_env(DATABASE_URL=web_db, PUBLIC_URL=base, SECRET_KEY="e2e-web-secret-key-0123456789",
                      RUNCOACH_DATA_DIR=str(tmp_path_factory.mktemp("serve"))),
        start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_http(f"{base}/healthz", timeout_s=60, proc=proc)
        yield base
    finally:
        status = stop(proc)
        output = proc.stdout.read().decode() if proc.stdout else ""
        assert status in (0, -15), output
        assert "Traceback" not in output, output


@pytest.fixture(scope="module")
async def seed(web_db: str, server: str) -> AsyncIterator[Services]:
    """Services on the server's database, to set the scene (runners, runs, sign-in links)."""
    engine = make_engine(asyncpg_url(web_db), pool_size=2)
    yield Services(Dependencies(uow=SqlUnitOfWorkFactory(make_session_factory(engine)),
                                clock=SystemClock(), cache=InMemoryCache(), quota=InMemoryQuota(),
                                public_url=server))
    await engine.dispose()


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                    headless=True, timeout=30_000)
        yield chromium
        await chromium.close()


async def _page(browser: Browser) -> Page:
    context = await browser.new_context(locale="en-US", viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return await context.new_page()


async def _runner(seed: Services, name: str) -> Athlete:
    return await seed.athletes.local(name)


async def test_bot_link_feed_chart_upload_follow_and_privacy(
        server: str, seed: Services, browser: Browser, tmp_path: Path) -> None:
    ana, bo = await _runner(seed, "ana_e2e"), await _runner(seed, "bo_e2e")
    today = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
    race_day = date.today() + timedelta(days=90)
    await seed.goals.set_goal(ana.id, Goal(race_distance_m=10000, race_date=race_day))
    await seed.plans.create_plan(ana.id)
    for weeks_ago in range(1, 6):
        await seed.runs.record_run(ana.id, make_run(today - timedelta(weeks=weeks_ago), 6 + weeks_ago, 40))
    await seed.runs.record_run(bo.id, make_run(today - timedelta(days=2), 10, 50, title="Bo shared tempo"))
    secret = (await seed.runs.record_run(bo.id, make_run(
        today - timedelta(days=1), 21, 120, title="Bo secret long run",
        visibility=Visibility.PRIVATE))).run

    page = await _page(browser)
    await page.goto(await seed.web.create_login_link(ana.id))
    assert page.url == f"{server}/"
    assert await page.locator("#volume svg.chart rect.bar").count() >= 12
    assert await page.locator("#week svg.chart").is_visible()

    gpx = tmp_path / "morning.gpx"
    gpx.write_bytes(gpx_bytes(today - timedelta(days=3, hours=-1), km=4.0))
    await page.set_input_files("#upload input[name=file]", str(gpx))
    await page.click("#upload button[type=submit]")
    await page.wait_for_url(f"{server}/runs/*")
    assert await page.locator("svg.line-chart path.series.pace").count() == 1
    assert await page.locator("svg.line-chart path.series.hr").count() == 1
    assert "4.00 km" in await page.locator("dd.distance").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "run.png"), full_page=True)

    await page.goto(f"{server}/")
    await page.fill("#follow input[name=handle]", "@bo_e2e")
    await page.click("#follow button[type=submit]")
    await page.wait_for_selector("text=You now follow @bo_e2e.")
    feed = await page.locator("#feed").inner_text()
    assert "Bo shared tempo" in feed and "Bo secret long run" not in feed
    assert await page.locator("#feed article.run").count() == 7

    await page.fill("#chat input[name=text]", "/help")
    await page.press("#chat input[name=text]", "Enter")
    await page.wait_for_selector("#chat .chat-log p.coach")
    assert "/goal" in await page.locator("#chat .chat-log p.coach").first.inner_text()

    await page.goto(f"{server}/")
    await page.screenshot(path=str(ARTIFACTS / "feed.png"), full_page=True)
    assert (ARTIFACTS / "feed.png").stat().st_size > 10_000

    by_url = await page.goto(f"{server}/runs/{secret.id}")
    assert by_url is not None and by_url.status == 404
    assert "Bo secret" not in await page.content() and "21.00 km" not in await page.content()
    by_api = await page.request.get(f"{server}/api/runs/{secret.id}")
    assert by_api.status == 404
    await page.context.close()


async def test_password_sign_up_sign_out_everywhere_and_sign_in(
        server: str, seed: Services, browser: Browser) -> None:
    page = await _page(browser)
    await page.goto(f"{server}/signup")
    await page.fill("input[name=email]", "cy@example.com")
    await page.fill("input[name=password]", "a long enough password")
    await page.click("#signup-form button[type=submit]")
    await page.wait_for_url(f"{server}/")
    other = await _page(browser)
    await other.goto(f"{server}/login")
    await other.fill("input[name=email]", "cy@example.com")
    await other.fill("input[name=password]", "not the password")
    await other.click("#login-form button[type=submit]")
    assert await other.locator("p.error").inner_text() == "Wrong email or password."
    await other.fill("input[name=password]", "a long enough password")
    await other.click("#login-form button[type=submit]")
    await other.wait_for_url(f"{server}/")

    await page.click("header form[action='/logout'] button")
    await page.wait_for_url(f"{server}/login")
    await other.goto(f"{server}/settings")
    assert other.url == f"{server}/login"  # signed out on the other browser too
    await page.context.close()
    await other.context.close()


@pytest.fixture(scope="module")
async def api_cookie(server: str, seed: Services) -> str:
    athlete = await _runner(seed, "fuzz_e2e")
    await seed.runs.record_run(athlete.id, make_run(datetime.now(UTC) - timedelta(days=1), 5, 27))
    async with httpx.AsyncClient() as client:
        response = await client.get(await seed.web.create_login_link(athlete.id))
    return response.cookies["rc_session"]


def test_openapi_operations_never_answer_5xx(server: str, api_cookie: str) -> None:
    import schemathesis
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "GET /api/feed", "GET /api/runs/{run_id}", "GET /api/plan", "POST /api/runs", "POST /api/chat",
        "GET /calendar/{token}.ics"}
    schemas = schema.raw_schema["components"]["schemas"]
    assert {"FeedPublic", "FeedItemPublic", "RunPublic", "PlanWeekPublic", "ChatCreate"} <= set(schemas)
    tried = 0
    for operation in operations:
        @settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            nonlocal tried
            response = case.call(base_url=server, cookies={"rc_session": api_cookie}, timeout=15)
            case.validate_response(response, checks=[not_a_server_error])
            tried += 1

        check()
    assert tried >= 40
