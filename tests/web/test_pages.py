"""The pages over a real database: feed and run pages as pictures, languages, settings, export, deletion."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime

import httpx
from fastapi import FastAPI

from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.domain.goals import Goal
from coach.services import Services
from tests.web.helpers import client_for, gpx_bytes, make_run, sign_in_by_link


async def test_signed_out_pages_speak_the_browsers_language(client: httpx.AsyncClient) -> None:
    korean = await client.get("/login", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"})
    english = await client.get("/login", headers={"Accept-Language": "fr, en;q=0.5, ko;q=0.1"})
    assert '<html lang="ko">' in korean.text and "로그인" in korean.text
    assert '<html lang="en">' in english.text and "Sign in" in english.text
    assert "default-src 'self'" in korean.headers["content-security-policy"]
    assert "rc_csrf=" in korean.headers["set-cookie"]
    assert (await client.get("/")).headers["location"] == "/login"


async def test_feed_page_shows_runs_the_week_and_charts(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete) -> None:
    await web_services.goals.set_goal(ana.id, Goal(race_distance_m=10000, race_date=date(2027, 3, 7)))
    await web_services.plans.create_plan(ana.id)
    # Today's run (the plan starts today, Thursday): it fulfils today's workout.
    await web_services.runs.record_run(ana.id, make_run(datetime(2026, 11, 26, 6, tzinfo=UTC), 8, 44,
                                                        title="Tuesday <b>easy</b>"))
    await sign_in_by_link(client, web_services, ana)
    page = (await client.get("/")).text
    assert "Tuesday &lt;b&gt;easy&lt;/b&gt;" in page  # escaped, never markup
    assert "8.00 km" in page and "44:00" in page and "5:30/km" in page
    charts = re.findall(r'<svg class="chart ([a-z-]+)"', page)
    assert charts.count("bars") == 2  # this week planned vs done, and weekly distance
    assert page.count('class="bar done"') >= 12
    assert 'id="week"' in page and "✓ 8.0 km" in page


async def test_run_page_draws_pace_and_heart_rate(client: httpx.AsyncClient, web_services: Services,
                                                  ana: Athlete) -> None:
    run = (await web_services.runs.record_run(ana.id, make_run(
        datetime(2026, 11, 24, 7, tzinfo=UTC), 6, 33, with_stream=True))).run
    await sign_in_by_link(client, web_services, ana)
    page = (await client.get(f"/runs/{run.id}")).text
    assert '<svg class="chart line-chart"' in page
    pace = re.search(r'<path d="([^"]+)" class="series pace"', page)
    hr = re.search(r'<path d="([^"]+)" class="series hr"', page)
    assert pace and hr and pace.group(1).count("L") > 50 and hr.group(1).count("L") > 50
    assert "5:30" in page  # the steady pace is on the axis


async def test_korean_runner_gets_korean_pages(client: httpx.AsyncClient, web_services: Services) -> None:
    kim, _ = await web_services.athletes.onboard(IdentityKind.TELEGRAM, "77", display_name="김",
                                                 language=Language.KO)
    await sign_in_by_link(client, web_services, kim)
    page = (await client.get("/")).text
    assert '<html lang="ko">' in page and "이번 주" in page and "주간 거리" in page
    assert "설정" in (await client.get("/settings")).text


async def test_settings_change_preferences_and_availability(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete) -> None:
    await sign_in_by_link(client, web_services, ana)
    saved = await client.post("/settings/preferences", data={
        "units": "mi", "language": "ko", "timezone": "Asia/Seoul", "morning_hour": "6",
        "weekly_review": "true"})
    assert saved.status_code == 303 and saved.headers["location"] == "/settings?saved=1"
    prefs = (await web_services.athletes.get(ana.id)).preferences
    assert (prefs.units.value, prefs.language.value, prefs.timezone, prefs.morning_hour) == (
        "mi", "ko", "Asia/Seoul", 6)
    assert prefs.weekly_review and not prefs.morning_message and not prefs.post_run_note
    bad = await client.post("/settings/availability", data={
        "runs_per_week": "5", "long_run_day": "6", "days_off": ["6"]})
    assert bad.status_code == 422
    ok = await client.post("/settings/availability", data={
        "runs_per_week": "4", "long_run_day": "5", "days_off": ["0", "4"]})
    assert ok.status_code == 303
    prefs = (await web_services.athletes.get(ana.id)).preferences
    assert (prefs.runs_per_week, prefs.long_run_day, prefs.unavailable_days) == (4, 5, [0, 4])
    goal = await client.post("/settings/goal", data={"distance": "half", "race_date": "2027-04-11",
                                                     "target_time": "1:50:00"})
    assert goal.status_code == 303
    assert (await web_services.goals.current(ana.id)) == Goal(21097.5, date(2027, 4, 11), 6600.0)
    plan = await web_services.plans.active(ana.id)
    assert plan is not None and all(w.date.weekday() not in (0, 4) or not w.kind.is_run
                                    for wk in plan.weeks for w in wk.workouts)
    page = (await client.get("/settings?saved=1")).text
    assert "저장했어요" in page and 'value="Asia/Seoul"' in page


async def test_export_has_everything_and_the_original_files(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete) -> None:
    await sign_in_by_link(client, web_services, ana)
    gpx = gpx_bytes(datetime(2026, 11, 24, 6, tzinfo=UTC))
    assert (await client.post("/api/runs", files={"file": ("tempo run.gpx", gpx)})).status_code == 201
    await client.post("/api/chat", json={"text": "/help"})
    await client.post("/settings/password", data={"email": "x@example.com", "password": "whatever!!"})
    response = await client.get("/settings/export")
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    tables = data["tables"]
    assert tables["athletes"][0]["handle"] == "ana"
    assert len(tables["runs"]) == 1 and tables["runs"][0]["distance_m"] > 2900
    assert len(tables["conversation_messages"]) == 2
    assert "content" not in tables["run_files"][0]
    originals = [n for n in archive.namelist() if n.startswith("files/")]
    assert len(originals) == 1 and originals[0].endswith("tempo_run.gpx")
    assert archive.read(originals[0]) == gpx
    assert "password_hash" not in json.dumps(tables)


async def test_deleting_the_account_removes_everything(
        app: FastAPI, web_services: Services, ana: Athlete, bo: Athlete) -> None:
    await web_services.runs.record_run(ana.id, make_run(datetime(2026, 11, 24, 7, tzinfo=UTC), 5, 28))
    await web_services.follows.follow(bo.id, "ana")
    await web_services.follows.follow(ana.id, "bo")
    await web_services.calendar.feed_url(ana.id)
    async with client_for(app) as client:
        await sign_in_by_link(client, web_services, ana)
        refused = await client.post("/settings/delete", data={"confirm": "someone"})
        assert refused.status_code == 422
        gone = await client.post("/settings/delete", data={"confirm": "@ana"})
        assert gone.status_code == 200 and "gone" in gone.text
        assert (await client.get("/api/feed")).status_code == 401
    async with web_services.deps.uow() as uow:
        assert await uow.athletes.get(ana.id) is None
        assert await uow.runs.count(ana.id) == 0
        assert await uow.social.followers(bo.id) == []
        assert await uow.social.following(bo.id) == []
        assert await uow.athletes.get(bo.id) is not None


async def test_follow_by_handle_from_the_page(client: httpx.AsyncClient, web_services: Services,
                                              ana: Athlete, bo: Athlete) -> None:
    await web_services.runs.record_run(bo.id, make_run(datetime(2026, 11, 24, 7, tzinfo=UTC), 12, 66))
    await sign_in_by_link(client, web_services, ana)
    unknown = await client.post("/follow", data={"handle": "@nobody_here"})
    assert unknown.status_code == 404 and "@nobody_here" in unknown.text
    followed = await client.post("/follow", data={"handle": "@bo"})
    assert followed.status_code == 303
    page = (await client.get(followed.headers["location"])).text
    assert "You now follow @bo." in page and "12.00 km" in page
    await client.post("/unfollow", data={"handle": "bo"})
    assert "12.00 km" not in (await client.get("/")).text
