"""The JSON API with a real database: feed paging and visibility, ETags, runs, the plan, uploads, chat."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
from fastapi import FastAPI

from coach.domain.athletes import Athlete
from coach.domain.goals import Goal
from coach.domain.runs import Visibility
from coach.services import Services
from tests.web.helpers import client_for, gpx_bytes, make_app, make_run, sign_in_by_link

MORNING = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)


async def _runs(services: Services, athlete: Athlete, count: int, *, start: datetime = MORNING,
                visibility: Visibility = Visibility.FOLLOWERS) -> list[str]:
    ids = []
    for i in range(count):
        result = await services.runs.record_run(
            athlete.id, make_run(start - timedelta(days=i), 5 + i * 0.1, 28, visibility=visibility))
        ids.append(str(result.run.id))
    return ids


async def test_feed_shows_own_and_followed_shared_runs_newest_first_in_pages(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete, bo: Athlete) -> None:
    own = await _runs(web_services, ana, 3)
    shared = await _runs(web_services, bo, 2, start=MORNING + timedelta(hours=2))
    private = await _runs(web_services, bo, 1, start=MORNING + timedelta(hours=3),
                          visibility=Visibility.PRIVATE)
    stranger = await web_services.athletes.local("cy")
    await _runs(web_services, stranger, 2)
    await sign_in_by_link(client, web_services, ana)

    alone = (await client.get("/api/feed")).json()
    assert [i["run_id"] for i in alone["items"]] == own and alone["next_cursor"] is None

    await web_services.follows.follow(ana.id, "@BO")
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/feed", params=params)).json()
        seen += [i["run_id"] for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(own + shared) and len(seen) == len(set(seen))
    assert private[0] not in seen
    first = (await client.get("/api/feed", params={"limit": 1})).json()["items"][0]
    assert first["athlete"]["handle"] == "bo" and first["is_own"] is False
    assert {"run_id", "athlete", "source", "source_id", "title", "sport", "start_time", "distance_m",
            "moving_s", "avg_hr", "planned", "coach_note"} <= set(first)
    starts = [datetime.fromisoformat(i["start_time"]) for i in
              (await client.get("/api/feed", params={"limit": 50})).json()["items"]]
    assert starts == sorted(starts, reverse=True)
    assert (await client.get("/api/feed", params={"cursor": "not-a-cursor"})).status_code == 422


async def test_etag_round_trip_and_invalidation(client: httpx.AsyncClient, web_services: Services,
                                                ana: Athlete, bo: Athlete) -> None:
    await _runs(web_services, ana, 1)
    await _runs(web_services, bo, 1, start=MORNING + timedelta(hours=1))
    await sign_in_by_link(client, web_services, ana)
    first = await client.get("/api/feed")
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"')
    same = await client.get("/api/feed", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    assert (await client.get("/api/feed", headers={"If-None-Match": f'W/{etag}, "x"'})).status_code == 304

    await web_services.follows.follow(ana.id, "bo")
    after_follow = await client.get("/api/feed", headers={"If-None-Match": etag})
    assert after_follow.status_code == 200 and after_follow.headers["etag"] != etag
    assert len(after_follow.json()["items"]) == 2

    etag = after_follow.headers["etag"]
    await _runs(web_services, bo, 1, start=MORNING + timedelta(days=1))
    after_run = await client.get("/api/feed", headers={"If-None-Match": etag})
    assert after_run.status_code == 200 and len(after_run.json()["items"]) == 3
    etag = after_run.headers["etag"]
    assert (await client.get("/api/feed", headers={"If-None-Match": etag})).status_code == 304


async def test_a_run_is_visible_to_its_owner_and_followers_only(
        app: FastAPI, web_services: Services, ana: Athlete, bo: Athlete) -> None:
    shared, = await _runs(web_services, bo, 1)
    private, = await _runs(web_services, bo, 1, start=MORNING + timedelta(hours=1),
                           visibility=Visibility.PRIVATE)
    async with client_for(app) as as_bo, client_for(app) as as_ana, client_for(app) as nobody:
        await sign_in_by_link(as_bo, web_services, bo)
        await sign_in_by_link(as_ana, web_services, ana)
        mine = (await as_bo.get(f"/api/runs/{private}")).json()
        assert mine["visibility"] == "private" and len(mine["splits"]) == 5 and mine["laps"] == []
        assert (await as_ana.get(f"/api/runs/{shared}")).status_code == 404  # not following yet
        await web_services.follows.follow(ana.id, "bo")
        seen = await as_ana.get(f"/api/runs/{shared}")
        assert seen.status_code == 200 and seen.json()["athlete"]["handle"] == "bo"
        hidden = await as_ana.get(f"/api/runs/{private}")
        missing = await as_ana.get("/api/runs/00000000-0000-4000-8000-000000000000")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
        page = await as_ana.get(f"/runs/{private}")
        assert page.status_code == 404 and "28:00" not in page.text
        assert (await nobody.get(f"/api/runs/{shared}")).status_code == 401
        # Making it private later hides it from followers too.
        await web_services.feed.set_visibility(bo.id, __import__("uuid").UUID(shared), "private")
        assert (await as_ana.get(f"/api/runs/{shared}")).status_code == 404


async def test_plan_week_json_and_the_feed_names_the_planned_workout(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete) -> None:
    await sign_in_by_link(client, web_services, ana)
    assert (await client.get("/api/plan")).status_code == 404
    await web_services.goals.set_goal(ana.id, Goal(race_distance_m=10000, race_date=date(2027, 3, 7)))
    await web_services.plans.create_plan(ana.id, reason="test")
    week = (await client.get("/api/plan")).json()
    assert set(week) == {"week", "version", "phase", "planned_distance_m", "done_distance_m", "workouts"}
    assert week["week"] == "2026-W48"
    target = next(w for w in week["workouts"]
                  if w["kind"] not in ("rest", "cross") and w["date"] <= "2026-11-26")
    day = date.fromisoformat(target["date"])
    await web_services.runs.record_run(ana.id, make_run(
        datetime(day.year, day.month, day.day, 7, tzinfo=UTC), target["distance_m"] / 1000, 40))
    item = (await client.get("/api/feed")).json()["items"][0]
    assert item["planned"]["date"] == target["date"] and item["planned"]["kind"] == target["kind"]
    week = (await client.get("/api/plan", params={"week": "2026-W48"})).json()
    done = next(w for w in week["workouts"] if w["date"] == target["date"])["done"]
    assert done["run_id"] == item["run_id"]
    assert (await client.get("/api/plan", params={"week": "2026-48"})).status_code == 422
    assert (await client.get("/api/plan", params={"week": "2031-W02"})).status_code == 404


async def test_upload_imports_once_and_refuses_big_or_unreadable_files(
        web_services: Services, ana: Athlete) -> None:
    app = make_app(web_services, upload_max_bytes=200_000)
    gpx = gpx_bytes(datetime(2026, 11, 24, 6, 0, tzinfo=UTC), km=3.0)
    async with client_for(app) as client:
        await sign_in_by_link(client, web_services, ana)
        created = await client.post("/api/runs", files={"file": ("morning.gpx", gpx)})
        assert created.status_code == 201, created.text
        run = created.json()
        assert abs(run["distance_m"] - 3000) < 60 and run["source"] == "file"
        assert run["avg_hr"] == 150 and len(run["splits"]) >= 3
        assert created.headers["location"] == f"/api/runs/{run['run_id']}"
        again = await client.post("/api/runs", files={"file": ("copy.gpx", gpx)})
        assert again.status_code == 200 and again.json()["run_id"] == run["run_id"]
        big = await client.post("/api/runs", files={"file": ("big.gpx", b"<gpx>" + b" " * 300_000)})
        assert big.status_code == 413 and "limit" in big.json()["detail"]
        junk = await client.post("/api/runs", files={"file": ("notes.gpx", b"%PDF-1.4 hello")})
        assert junk.status_code == 422 and junk.json()["detail"].startswith("notes.gpx:")
        nofile = await client.post("/api/runs", data={"x": "1"})
        assert nofile.status_code == 422
    archive = await web_services.web.export_archive(ana.id)
    assert b"morning.gpx" in archive


async def test_chat_answers_through_the_coach(client: httpx.AsyncClient, web_services: Services,
                                              ana: Athlete) -> None:
    await sign_in_by_link(client, web_services, ana)
    reply = await client.post("/api/chat", json={"text": "/log 8k 42:30 felt easy"})
    assert reply.status_code == 200 and "8.0 km" in reply.json()["reply"]
    assert (await client.post("/api/chat", json={"text": "  "})).status_code == 422
    assert len((await client.get("/api/feed")).json()["items"]) == 1


async def test_calendar_feed_is_the_plan_behind_a_secret_link(
        client: httpx.AsyncClient, web_services: Services, ana: Athlete) -> None:
    url = await web_services.calendar.feed_url(ana.id)
    assert url == await web_services.calendar.feed_url(ana.id)
    path = url.removeprefix("http://test")
    empty = await client.get(path)
    assert empty.status_code == 200 and empty.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" not in empty.content
    await web_services.goals.set_goal(ana.id, Goal(race_distance_m=21097.5, race_date=date(2027, 4, 11)))
    await web_services.plans.create_plan(ana.id)
    body = (await client.get(path)).text
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") > 20
    assert "DTSTART;VALUE=DATE:2027" in body
    assert (await client.get("/calendar/not-the-token.ics")).status_code == 404
    new_url = await web_services.calendar.reset_feed_url(ana.id)
    assert (await client.get(path)).status_code == 404
    assert (await client.get(new_url.removeprefix("http://test"))).status_code == 200
