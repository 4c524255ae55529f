"""Strava at the HTTP edge: connecting (start, callback) and the push webhook (handshake, events).

The event route stores and enqueues in one transaction and answers at once: nothing it does
waits for Strava, Telegram or the LLM, so it stays well inside Strava's 2 seconds.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.context import ApiContext
from api.metrics import WEBHOOK_EVENTS, WEBHOOK_LATENCY
from api.sessions import current_athlete_id, sign_in
from api.templating import language_of, message_page
from coach.domain.errors import CoachError, Forbidden, InvalidInput, UpstreamError

log = logging.getLogger(__name__)
router = APIRouter(tags=["strava"])

NONCE_COOKIE = "rc_strava_nonce"
_COOKIE_PATH = "/auth/strava"


def _ctx(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx


def _off() -> JSONResponse:
    return JSONResponse({"detail": "Strava is not configured on this server."}, status_code=404)


def _page(request: Request, message: str, status_code: int, signed_in: bool) -> Response:
    return message_page(request, language=language_of(request, None), message=message,
                        status_code=status_code, signed_in=signed_in)


@router.get("/auth/strava/start", include_in_schema=False)
async def strava_start(request: Request, t: str | None = None) -> Response:
    ctx = _ctx(request)
    if not ctx.services.strava.enabled:
        return _off()
    signed_in = await current_athlete_id(request)
    try:
        start = ctx.services.strava.start_connect(t, signed_in)
    except CoachError as exc:
        return _page(request, exc.message, 403 if isinstance(exc, Forbidden) else 400,
                     signed_in is not None)
    response = RedirectResponse(start.authorize_url, status_code=302)
    # Ties Strava's answer to this browser: a callback carrying someone else's state fails.
    response.set_cookie(NONCE_COOKIE, start.nonce, max_age=900, httponly=True, samesite="lax",
                        secure=ctx.secure_cookies, path=_COOKIE_PATH)
    return response


@router.get("/auth/strava/callback", include_in_schema=False)
async def strava_callback(request: Request, code: str | None = None, scope: str | None = None,
                          state: str | None = None, error: str | None = None) -> Response:
    ctx = _ctx(request)
    if not ctx.services.strava.enabled:
        return _off()
    signed_in = await current_athlete_id(request)
    try:
        connected = await ctx.services.strava.complete_connect(
            code, scope, state, nonce=request.cookies.get(NONCE_COOKIE), error=error)
    except (InvalidInput, Forbidden) as exc:
        return _page(request, exc.message, 403 if isinstance(exc, Forbidden) else 400,
                     signed_in is not None)
    except UpstreamError:
        log.warning("Strava code exchange failed", exc_info=True)
        return _page(request, "Strava didn't answer as expected, so nothing was connected. "
                     "Please try again in a minute.", 502, signed_in is not None)
    response = RedirectResponse("/", status_code=302)
    response.delete_cookie(NONCE_COOKIE, path=_COOKIE_PATH)
    if signed_in is None:
        await sign_in(response, ctx, connected.athlete_id)  # signing in with Strava
    return response


@router.get("/strava/webhook", include_in_schema=False)
async def strava_handshake(request: Request) -> Response:
    ctx = _ctx(request)
    if not ctx.services.strava.enabled:
        return _off()
    q = request.query_params
    try:
        challenge = ctx.services.strava.check_handshake(
            q.get("hub.mode"), q.get("hub.verify_token"), q.get("hub.challenge"))
    except Forbidden as exc:
        return JSONResponse({"detail": exc.message}, status_code=403)
    except InvalidInput as exc:
        return JSONResponse({"detail": exc.message}, status_code=400)
    return JSONResponse({"hub.challenge": challenge})


@router.post("/strava/webhook", include_in_schema=False)
async def strava_event(request: Request) -> Response:
    ctx = _ctx(request)
    if not ctx.services.strava.enabled:
        return _off()
    started = time.perf_counter()
    outcome = "error"
    try:
        try:
            payload: Any = json.loads(await request.body())
        except ValueError:
            outcome = "malformed"
            return JSONResponse({"detail": "The body is not JSON."}, status_code=400)
        try:
            outcome = await ctx.services.strava.receive_event(payload)
        except InvalidInput as exc:
            outcome = "malformed"
            return JSONResponse({"detail": exc.message}, status_code=400)
        return JSONResponse({"status": outcome})
    finally:
        WEBHOOK_EVENTS.labels("strava", outcome).inc()
        WEBHOOK_LATENCY.labels("strava").observe(time.perf_counter() - started)
