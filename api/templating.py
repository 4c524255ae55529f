"""Rendering pages: the Jinja2 environment, the request's language, and the headers every page gets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.sessions import CSRF_FIELD, csrf_token, ensure_csrf_cookie
from api.texts import from_accept_language, text
from coach.domain.athletes import Athlete, Language

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# Scripts and styles come only from /static: an injected <script> can't run.
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR),
                      autoescape=select_autoescape(["html", "xml"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return Jinja2Templates(env=env)


def strava_enabled(services: object) -> bool:
    """Whether the Strava buttons lead anywhere (STRAVA_CLIENT_ID is configured)."""
    return bool(getattr(getattr(services, "strava", None), "enabled", False))


def language_of(request: Request, athlete: Athlete | None) -> Language:
    if athlete is not None:
        return athlete.preferences.language
    return from_accept_language(request.headers.get("accept-language"))


def render(request: Request, name: str, *, language: Language, status_code: int = 200,
           **values: Any) -> HTMLResponse:
    def t(key: str, **kw: object) -> str:
        return text(language, key, **kw)

    values.update(t=t, lang=language.value, csrf=csrf_token(request), csrf_field=CSRF_FIELD)
    response = templates().TemplateResponse(request, name, values, status_code=status_code)
    ensure_csrf_cookie(request, response)
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def message_page(request: Request, *, language: Language, message: str, status_code: int,
                 signed_in: bool = False) -> HTMLResponse:
    return render(request, "message.html", language=language, status_code=status_code,
                  message=message, signed_in=signed_in)
