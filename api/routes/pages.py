"""The pages: the feed with this week and the weekly chart, one run with its chart, upload, follow."""

from __future__ import annotations

import contextlib
import logging
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from api.sessions import Athlete, Csrf, check_csrf, context
from api.templating import message_page, render
from api.texts import text
from api.uploads import import_file, read_upload
from api.views import run_card, run_chart, run_details, run_title, volume_chart, week_view
from coach.domain.errors import CoachError, InvalidInput, NotFound, TooLarge
from coach.services.time import athlete_today

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
_NOTICES = {"saved", "followed", "upload_duplicate"}


@router.get("/")
async def feed_page(request: Request, athlete_id: Athlete, cursor: str | None = None,
                    notice: str | None = None) -> Response:
    services = context(request).services
    athlete = await services.athletes.get(athlete_id)
    language, units = athlete.preferences.language, athlete.preferences.units
    try:
        page = await services.feed.page(athlete_id, cursor, PAGE_SIZE)
    except InvalidInput:
        page = await services.feed.page(athlete_id, None, PAGE_SIZE)
    week = None
    with contextlib.suppress(NotFound):  # no plan yet: the page says how to get one
        week = week_view(await services.plans.week_json(athlete_id), units, language,
                         athlete_today(athlete, services.deps.clock))
    stats = await services.stats.weekly(athlete_id, weeks=12)
    return render(
        request, "feed.html", language=language, signed_in=True, athlete=athlete,
        cards=[run_card(item, units, language) for item in page.items],
        next_cursor=page.next_cursor, first_page=cursor is None,
        week_rows=week[0] if week else None, week_chart=week[1] if week else None,
        week_totals=week[2] if week else None,
        volume=volume_chart(stats.weeks, units, language),
        following=await services.follows.following(athlete_id),
        notice=text(language, notice, handle=request.query_params.get("handle", ""))
        if notice in _NOTICES else None,
    )


@router.get("/runs/{run_id}")
async def run_page(request: Request, run_id: UUID, athlete_id: Athlete,
                   notice: str | None = None) -> Response:
    services = context(request).services
    viewer = await services.athletes.get(athlete_id)
    language, units = viewer.preferences.language, viewer.preferences.units
    try:
        item = await services.feed.run_for(athlete_id, run_id)
    except NotFound as exc:
        return message_page(request, language=language, message=exc.message, status_code=404,
                            signed_in=True)
    return render(request, "run.html", language=language, signed_in=True, athlete=viewer,
                  card=run_card(item, units, language), title=run_title(item.run, language),
                  chart=run_chart(item.run, units, language), run=item.run,
                  notes=item.run.import_notes if item.is_own else [],
                  notice=text(language, notice) if notice in _NOTICES else None,
                  **run_details(item.run, units))


@router.post("/runs/{run_id}/visibility", dependencies=[Csrf])
async def set_visibility(request: Request, run_id: UUID, athlete_id: Athlete,
                         visibility: Annotated[str, Form()]) -> Response:
    await context(request).services.feed.set_visibility(athlete_id, run_id, visibility)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


@router.post("/follow", dependencies=[Csrf])
async def follow(request: Request, athlete_id: Athlete, handle: Annotated[str, Form()]) -> Response:
    services = context(request).services
    try:
        other = await services.follows.follow(athlete_id, handle)
    except CoachError as exc:
        athlete = await services.athletes.get(athlete_id)
        return message_page(request, language=athlete.preferences.language, message=exc.message,
                            status_code=404 if isinstance(exc, NotFound) else 422, signed_in=True)
    return RedirectResponse(f"/?notice=followed&handle={other.handle}", status_code=303)


@router.post("/unfollow", dependencies=[Csrf])
async def unfollow(request: Request, athlete_id: Athlete, handle: Annotated[str, Form()]) -> Response:
    await context(request).services.follows.unfollow(athlete_id, handle)
    return RedirectResponse("/", status_code=303)


@router.post("/upload")
async def upload(request: Request, athlete_id: Athlete) -> Response:
    ctx = context(request)
    athlete = await ctx.services.athletes.get(athlete_id)
    language = athlete.preferences.language
    try:
        filename, data, token = await read_upload(request, ctx)
        check_csrf(request, token)
        result = await import_file(ctx, athlete_id, filename, data)
    except (TooLarge, InvalidInput) as exc:
        return message_page(request, language=language, message=exc.message, signed_in=True,
                            status_code=413 if isinstance(exc, TooLarge) else 422)
    suffix = "?notice=upload_duplicate" if result.status == "duplicate" else ""
    return RedirectResponse(f"/runs/{result.run.id}{suffix}", status_code=303)
