"""Translates the core's typed errors to HTTP once; anything unexpected gets an incident id."""

from __future__ import annotations

import logging
import secrets

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from coach.domain.errors import (
    CoachError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    QuotaExceeded,
    TooLarge,
    UpstreamError,
)

log = logging.getLogger(__name__)

_STATUS: list[tuple[type[CoachError], int]] = [
    (NotFound, 404), (Forbidden, 403), (Conflict, 409), (QuotaExceeded, 429), (TooLarge, 413),
    (InvalidInput, 422), (UpstreamError, 502),
]


def status_for(exc: CoachError) -> int:
    return next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CoachError)
    async def coach_error(request: Request, exc: CoachError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=status_for(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        incident = secrets.token_hex(4)
        log.error("unhandled error on %s %s (incident %s)", request.method, request.url.path,
                  incident, exc_info=exc)
        return JSONResponse({"detail": f"Internal error (incident {incident})."}, status_code=500)
