"""Web sessions in signed cookies, sign-out everywhere by generation, and CSRF protection for forms.

A session cookie carries (athlete id, session generation), signed with the service's key. Signing
out bumps the athlete's generation, so every cookie issued before stops working on every device.
CSRF: each browser gets a random `rc_csrf` cookie and every form carries an HMAC of it keyed by
the signing key (a token an attacker can't mint even if they manage to plant a cookie); requests
from a browser (they carry `Origin` or `Sec-Fetch-Site`) must also come from our own origin.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from typing import Annotated, Any
from urllib.parse import urlsplit
from uuid import UUID

from fastapi import Depends, HTTPException, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.context import ApiContext

log = logging.getLogger(__name__)

SESSION_COOKIE = "rc_session"
CSRF_COOKIE = "rc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_MAX_AGE_S = 30 * 24 * 3600
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def context(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx


def _serializer(ctx: ApiContext) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(ctx.signing_key or "runcoach-unsigned", salt="runcoach.session")


def _cookie_args(ctx: ApiContext, max_age: int | None) -> dict[str, Any]:
    return {"max_age": max_age, "httponly": True, "samesite": "lax", "secure": ctx.secure_cookies,
            "path": "/"}


async def sign_in(response: Response, ctx: ApiContext, athlete_id: UUID) -> None:
    """Set the session cookie for `athlete_id` (and a fresh CSRF cookie) on `response`."""
    generation = await ctx.services.accounts.session_generation(athlete_id)
    if generation is None:
        raise HTTPException(status_code=404, detail="No such runner.")
    value = _serializer(ctx).dumps({"a": str(athlete_id), "g": generation})
    response.set_cookie(SESSION_COOKIE, value, **_cookie_args(ctx, SESSION_MAX_AGE_S))
    # A new CSRF secret at sign-in, so a token seen before signing in is worth nothing after.
    response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(24), **_cookie_args(ctx, None))


def sign_out(response: Response, ctx: ApiContext) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=ctx.secure_cookies, httponly=True,
                           samesite="lax")


async def current_athlete_id(request: Request) -> UUID | None:
    """The signed-in athlete, or None (no cookie, a bad or old cookie, signed out everywhere)."""
    if hasattr(request.state, "athlete_id"):
        cached: UUID | None = request.state.athlete_id
        return cached
    ctx = context(request)
    athlete_id: UUID | None = None
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        try:
            data = _serializer(ctx).loads(raw, max_age=SESSION_MAX_AGE_S)
            candidate = UUID(str(data["a"]))
            if await ctx.services.accounts.session_generation(candidate) == int(data["g"]):
                athlete_id = candidate
        except (BadSignature, KeyError, TypeError, ValueError):
            log.debug("ignored an invalid session cookie")
    request.state.athlete_id = athlete_id
    return athlete_id


async def require_athlete(request: Request) -> UUID:
    """FastAPI dependency: the signed-in athlete; 401 for the JSON API, a redirect to /login for pages."""
    athlete_id = await current_athlete_id(request)
    if athlete_id is not None:
        return athlete_id
    if request.url.path.startswith("/api/"):
        raise HTTPException(status_code=401, detail="Sign in first.")
    raise HTTPException(status_code=303, detail="Sign in first.", headers={"Location": "/login"})


Athlete = Annotated[UUID, Depends(require_athlete)]


def csrf_secret(request: Request) -> str:
    """This browser's CSRF cookie value, made now if it has none (`ensure_csrf_cookie` sets it)."""
    existing = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if existing:
        return str(existing)
    fresh = secrets.token_urlsafe(24)
    request.state.new_csrf = fresh
    return fresh


def csrf_token(request: Request) -> str:
    """The token forms and the page's scripts send back."""
    key = (context(request).signing_key or "runcoach-unsigned").encode()
    return hmac.new(key, b"csrf:" + csrf_secret(request).encode(), hashlib.sha256).hexdigest()


def ensure_csrf_cookie(request: Request, response: Response) -> None:
    fresh = getattr(request.state, "new_csrf", None)
    if fresh and not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, fresh, **_cookie_args(context(request), None))


def _allowed_origins(request: Request) -> set[str]:
    ctx = context(request)
    public = urlsplit(ctx.public_url)
    return {f"{public.scheme}://{public.netloc}", f"{request.url.scheme}://{request.url.netloc}"}


def check_csrf(request: Request, sent: str | None) -> None:
    """403 unless the request is same-origin and carries this browser's CSRF token."""
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site == "cross-site" or (origin and origin not in _allowed_origins(request)):
        raise HTTPException(status_code=403, detail="This request came from another site.")
    if origin is None and fetch_site is None:
        # Not a browser (curl, scripts, tests): there is no victim's cookie jar to abuse.
        return
    sent = sent or request.headers.get(CSRF_HEADER)
    if not request.cookies.get(CSRF_COOKIE) or not sent or not hmac.compare_digest(
            sent, csrf_token(request)):
        raise HTTPException(status_code=403, detail="The form expired; reload the page and try again.")


async def verify_csrf(request: Request) -> None:
    """FastAPI dependency for every state-changing route a browser can reach."""
    if request.method not in _UNSAFE:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    check_csrf(request, sent)


Csrf = Depends(verify_csrf)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
