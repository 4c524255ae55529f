"""Signing in and out: email and password, the bot's one-time link, Google; sign-out everywhere."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.google import authorization_url, fetch_user, google_config
from api.sessions import (
    CSRF_FIELD,
    check_csrf,
    client_ip,
    context,
    current_athlete_id,
    sign_in,
    sign_out,
)
from api.templating import language_of, message_page, render, strava_enabled
from api.texts import text
from coach.domain.athletes import IdentityKind
from coach.domain.errors import CoachError, Conflict, Forbidden, NotFound

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

_OAUTH_COOKIE = "rc_oauth"
_OAUTH_MAX_AGE_S = 600
# Per client address and per email; generous for people, tight for password guessing.
_LOGIN_LIMITS = ((20, 300.0), (10, 900.0))
_SIGNUP_LIMIT = (10, 3600.0)


async def _fields(request: Request) -> tuple[dict[str, Any], bool]:
    """The posted fields (form or JSON body) and whether they came as JSON."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        return (body if isinstance(body, dict) else {}), True
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}, False


def _auth_page(request: Request, mode: str, *, error: str | None = None, status_code: int = 200,
               email: str = "") -> Response:
    ctx = context(request)
    return render(request, "auth.html", language=language_of(request, None), status_code=status_code,
                  mode=mode, error=error, email=email, google=google_config(ctx) is not None,
                  strava=strava_enabled(ctx.services))


def _failure(request: Request, mode: str, as_json: bool, status_code: int, key: str,
             email: str) -> Response:
    message = text(language_of(request, None), key)
    if as_json:
        return JSONResponse({"detail": message}, status_code=status_code)
    return _auth_page(request, mode, error=message, status_code=status_code, email=email)


async def _signed_in_redirect(request: Request, athlete_id: Any, to: str = "/") -> Response:
    response = RedirectResponse(to, status_code=303)
    await sign_in(response, context(request), athlete_id)
    return response


@router.get("/login")
async def login_page(request: Request) -> Response:
    if await current_athlete_id(request):
        return RedirectResponse("/", status_code=303)
    return _auth_page(request, "login")


@router.get("/signup")
async def signup_page(request: Request) -> Response:
    if await current_athlete_id(request):
        return RedirectResponse("/", status_code=303)
    return _auth_page(request, "signup")


@router.post("/login")
async def login(request: Request) -> Response:
    fields, as_json = await _fields(request)
    check_csrf(request, fields.get(CSRF_FIELD))
    email, password = str(fields.get("email") or ""), str(fields.get("password") or "")
    quota = context(request).services.deps.quota
    (ip_limit, ip_window), (email_limit, email_window) = _LOGIN_LIMITS
    if not (await quota.hit(f"login:ip:{client_ip(request)}", ip_limit, ip_window)
            and await quota.hit(f"login:email:{email.strip().lower()}", email_limit, email_window)):
        return _failure(request, "login", as_json, 429, "err_rate", email)
    try:
        athlete = await context(request).services.accounts.sign_in(email, password)
    except Forbidden:
        return _failure(request, "login", as_json, 401, "err_login", email)
    return await _signed_in_redirect(request, athlete.id)


@router.post("/signup")
async def signup(request: Request) -> Response:
    fields, as_json = await _fields(request)
    check_csrf(request, fields.get(CSRF_FIELD))
    email, password = str(fields.get("email") or ""), str(fields.get("password") or "")
    services = context(request).services
    if not await services.deps.quota.hit(f"signup:ip:{client_ip(request)}", *_SIGNUP_LIMIT):
        return _failure(request, "signup", as_json, 429, "err_rate", email)
    language = language_of(request, None)
    try:
        athlete = await services.accounts.sign_up(email, password, language=language)
    except Conflict:
        return _failure(request, "signup", as_json, 409, "err_signup", email)
    except CoachError as exc:
        if as_json:
            return JSONResponse({"detail": exc.message}, status_code=422)
        return _auth_page(request, "signup", error=exc.message, status_code=422, email=email)
    return await _signed_in_redirect(request, athlete.id)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Signs out on every device: all session cookies issued so far stop working."""
    fields, _ = await _fields(request)
    check_csrf(request, fields.get(CSRF_FIELD))
    ctx = context(request)
    athlete_id = await current_athlete_id(request)
    if athlete_id is not None:
        await ctx.services.accounts.sign_out_everywhere(athlete_id)
    response = RedirectResponse("/login", status_code=303)
    sign_out(response, ctx)
    return response


@router.get("/auth/link/{token}")
async def login_link(request: Request, token: str) -> Response:
    services = context(request).services
    language = language_of(request, None)
    if not await services.deps.quota.hit(f"link:ip:{client_ip(request)}", 30, 300.0):
        return message_page(request, language=language, message=text(language, "err_rate"),
                            status_code=429)
    try:
        athlete_id = await services.web.redeem_login_link(token)
    except NotFound:
        return message_page(request, language=language, message=text(language, "err_link"),
                            status_code=410)
    return await _signed_in_redirect(request, athlete_id)


def _oauth_serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(context(request).signing_key or "runcoach-unsigned",
                                  salt="runcoach.oauth.google")


def _google_redirect_uri(request: Request) -> str:
    return f"{context(request).public_url.rstrip('/')}/auth/google/callback"


@router.get("/auth/google/start")
async def google_start(request: Request) -> Response:
    ctx = context(request)
    config = google_config(ctx)
    if config is None:
        return JSONResponse({"detail": "Google sign-in is not configured."}, status_code=404)
    state = secrets.token_urlsafe(24)
    response = RedirectResponse(authorization_url(config, _google_redirect_uri(request), state),
                                status_code=302)
    response.set_cookie(_OAUTH_COOKIE, _oauth_serializer(request).dumps({"s": state}),
                        max_age=_OAUTH_MAX_AGE_S, httponly=True, samesite="lax",
                        secure=ctx.secure_cookies, path="/auth/google")
    return response


@router.get("/auth/google/callback")
async def google_callback(request: Request, code: str = "", state: str = "") -> Response:
    ctx = context(request)
    config = google_config(ctx)
    if config is None:
        return JSONResponse({"detail": "Google sign-in is not configured."}, status_code=404)
    signed_in = await current_athlete_id(request)
    language = language_of(request, None)
    try:
        expected = _oauth_serializer(request).loads(request.cookies.get(_OAUTH_COOKIE, ""),
                                                     max_age=_OAUTH_MAX_AGE_S)["s"]
    except (BadSignature, KeyError, TypeError):
        expected = None
    if not code or not state or expected is None or not secrets.compare_digest(state, str(expected)):
        return message_page(request, language=language, message=text(language, "err_google"),
                            status_code=400)
    try:
        user = await fetch_user(config, _google_redirect_uri(request), code)
    except Exception:
        log.warning("Google sign-in failed at the token or userinfo step", exc_info=True)
        return message_page(request, language=language, message=text(language, "err_google"),
                            status_code=502)
    athlete = await ctx.services.accounts.sign_in_external(
        IdentityKind.GOOGLE, user.subject, display_name=user.name, signed_in=signed_in,
        verified_email=user.email if user.email_verified else None, language=language)
    response = await _signed_in_redirect(request, athlete.id, "/settings" if signed_in else "/")
    response.delete_cookie(_OAUTH_COOKIE, path="/auth/google")
    return response

