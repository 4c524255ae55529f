"""Liveness, readiness and the Prometheus exposition."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.context import ApiContext

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])

_CHECK_TIMEOUT_S = 3.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    ctx: ApiContext = request.app.state.ctx
    results: dict[str, str] = {}
    for name, check in ctx.readiness.items():
        try:
            await asyncio.wait_for(check(), timeout=_CHECK_TIMEOUT_S)
            results[name] = "ok"
        except Exception as exc:
            log.warning("readiness check %s failed: %s", name, type(exc).__name__)
            results[name] = "down"
    ready = all(v == "ok" for v in results.values())
    return JSONResponse({"status": "ok" if ready else "unavailable", "checks": results},
                        status_code=200 if ready else 503)


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
