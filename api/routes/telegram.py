"""The Telegram webhook: checks the secret header, hands the update to the bot, answers fast."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.context import ApiContext

log = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"])

# Updates being handled after the 200, kept so they are not garbage-collected mid-flight.
_in_flight: set[asyncio.Task[None]] = set()


@router.post("/telegram/webhook", include_in_schema=False)
async def telegram_webhook(request: Request) -> JSONResponse:
    ctx: ApiContext = request.app.state.ctx
    gateway = ctx.telegram
    if gateway is None:
        return JSONResponse({"detail": "The Telegram bot is not running in webhook mode."},
                            status_code=404)
    if not gateway.secret_matches(request.headers.get("X-Telegram-Bot-Api-Secret-Token")):
        return JSONResponse({"detail": "Forbidden."}, status_code=403)
    try:
        payload: Any = json.loads(await request.body())
    except ValueError:
        return JSONResponse({"detail": "The body is not JSON."}, status_code=400)
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        return JSONResponse({"detail": "Not a Telegram update."}, status_code=400)
    # Telegram waits for our answer before sending the next update: answer now, work after.
    task = asyncio.create_task(_handle(gateway, payload))
    _in_flight.add(task)
    task.add_done_callback(_in_flight.discard)
    return JSONResponse({"ok": True})


async def _handle(gateway: Any, payload: dict[str, Any]) -> None:
    try:
        await gateway.handle_update(payload)
    except Exception:
        log.exception("telegram update %s failed", payload.get("update_id"))


async def drain(timeout_s: float = 10.0) -> None:
    """Let updates already accepted finish before the process stops."""
    if _in_flight:
        await asyncio.wait(set(_in_flight), timeout=timeout_s)
