"""The JSON API behind the page: feed (with ETags), runs, the plan, uploads and the chat box."""

from __future__ import annotations

import hashlib
import logging
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api.schemas import (
    ButtonPublic,
    ChatCreate,
    ChatReplyPublic,
    ErrorPublic,
    FeedPublic,
    PlanWeekPublic,
    RunPublic,
    feed_item_public,
    run_public,
)
from api.sessions import Athlete, Csrf, check_csrf, context
from api.uploads import import_file, read_upload
from coach.conversation import TurnContext
from coach.domain.errors import InvalidInput, QuotaExceeded

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["web"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "Not signed in"},
    422: {"model": ErrorPublic, "description": "Invalid input"},
}
_CHAT_LIMIT = (30, 60.0)


def _etag_matches(header: str, etag: str) -> bool:
    wanted = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


@router.get("/feed", response_model=FeedPublic, responses={
    **_ERRORS, 304: {"description": "The feed has not changed since the ETag sent in If-None-Match"}})
async def feed(request: Request, athlete_id: Athlete,
               cursor: Annotated[str | None, Query(max_length=200)] = None,
               limit: Annotated[int, Query(ge=1, le=50)] = 20) -> Response:
    """The runner's runs and the shared runs of those they follow, newest first, paged by cursor."""
    services = context(request).services
    asked = request.headers.get("if-none-match")
    slot, stored = await services.feed.etag_slot(athlete_id, f"{cursor}|{limit}")
    headers = {"Cache-Control": "private, no-cache", "Vary": "Cookie"}
    if asked and stored and _etag_matches(asked, stored):
        return Response(status_code=304, headers={**headers, "ETag": stored})
    page = await services.feed.page(athlete_id, cursor, limit)
    body = FeedPublic(items=[feed_item_public(i) for i in page.items],
                      next_cursor=page.next_cursor).model_dump_json()
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
    await services.feed.remember_etag(slot, etag)
    if asked and _etag_matches(asked, etag):
        return Response(status_code=304, headers={**headers, "ETag": etag})
    return Response(body, media_type="application/json", headers={**headers, "ETag": etag})


@router.get("/runs/{run_id}", response_model=RunPublic, responses={
    **_ERRORS, 404: {"model": ErrorPublic, "description": "No such run (or not yours to see)"}})
async def get_run(request: Request, run_id: UUID, athlete_id: Athlete) -> RunPublic:
    """One run with laps and splits: for its owner, and for followers when it is shared."""
    return run_public(await context(request).services.feed.run_for(athlete_id, run_id))


@router.get("/plan", response_model=PlanWeekPublic, responses={
    **_ERRORS, 404: {"model": ErrorPublic, "description": "No plan (for that week)"}})
async def get_plan(request: Request, athlete_id: Athlete,
                   week: Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$")] = None) -> Any:
    """A week of the active plan (this week by default) with what was done against it."""
    return await context(request).services.plans.week_json(athlete_id, week)


_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "A FIT, GPX or TCX file"}}}}}}}


@router.post("/runs", status_code=201, response_model=RunPublic, openapi_extra=_UPLOAD_BODY,
             responses={**_ERRORS,
                        200: {"model": RunPublic, "description": "Already stored: the kept run"},
                        403: {"model": ErrorPublic, "description": "Cross-site or missing CSRF token"},
                        413: {"model": ErrorPublic, "description": "Above the upload size limit"}})
async def upload_run(request: Request, athlete_id: Athlete) -> Response:
    """Import one activity file: 201 with the new run, 200 with the stored one for a duplicate."""
    ctx = context(request)
    if not await ctx.services.deps.quota.hit(f"upload:{athlete_id}", 120, 3600.0):
        raise QuotaExceeded("Too many uploads this hour; try again later.")
    filename, data, token = await read_upload(request, ctx)
    check_csrf(request, token)
    result = await import_file(ctx, athlete_id, filename, data)
    assert result.run.id is not None
    item = await ctx.services.feed.run_for(athlete_id, result.run.id)
    return JSONResponse(run_public(item).model_dump(mode="json"),
                        status_code=201 if result.status == "imported" else 200,
                        headers={"Location": f"/api/runs/{result.run.id}"})


@router.post("/chat", response_model=ChatReplyPublic, dependencies=[Csrf], responses={
    **_ERRORS, 429: {"model": ErrorPublic, "description": "Too many messages"}})
async def chat(request: Request, athlete_id: Athlete, message: ChatCreate) -> ChatReplyPublic:
    """One turn with the coach (the same coach as Telegram and the terminal)."""
    ctx = context(request)
    if not (message.text or "").strip() and not message.action:
        raise InvalidInput("Say something to the coach.")
    if not await ctx.services.deps.quota.hit(f"webchat:{athlete_id}", *_CHAT_LIMIT):
        raise QuotaExceeded("That's a lot of messages at once; give me a minute.")
    athlete = await ctx.services.athletes.get(athlete_id)
    turn = TurnContext(channel="web")
    if message.action:
        reply = await ctx.coach.press(athlete, message.action, turn)
    else:
        reply = await ctx.coach.respond(athlete, message.text or "", turn)
    return ChatReplyPublic(reply=reply.text, plan_changed=reply.plan_changed,
                           buttons=[[ButtonPublic(label=b.label, action=b.action) for b in row]
                                    for row in reply.buttons])
