"""Activity-file uploads: the body read under a size cap, parsed off the event loop, the run recorded."""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.types import Message

from api.context import ApiContext
from api.sessions import CSRF_FIELD
from coach.domain.errors import InvalidInput, TooLarge
from coach.services.runs import RecordResult
from integrations.files import FileTooLarge, parse_activity

log = logging.getLogger(__name__)

# Room for the multipart envelope and the other form fields around the file itself.
_ENVELOPE_BYTES = 64 * 1024


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"The file is larger than the {limit / 1024**2:.0f} MB upload limit.")


async def read_upload(request: Request, ctx: ApiContext) -> tuple[str, bytes, str | None]:
    """(file name, file bytes, the form's CSRF token). TooLarge as soon as the body passes the cap,
    before anything is parsed; InvalidInput when there is no file."""
    limit = ctx.upload_max_bytes
    cap = limit + _ENVELOPE_BYTES
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > cap:
            raise _too_large(limit)
    replayed = False

    async def receive() -> Message:
        nonlocal replayed
        if replayed:
            return {"type": "http.disconnect"}
        replayed = True
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    try:
        form = await Request(request.scope, receive).form(max_files=1, max_fields=8)
    except Exception as exc:  # python-multipart's errors vary by version; all mean "not a form"
        raise InvalidInput("Send the file as multipart/form-data in a field named `file`.") from exc
    upload = form.get("file")
    token = form.get(CSRF_FIELD)
    if not isinstance(upload, UploadFile):
        raise InvalidInput("Choose a FIT, GPX or TCX file to upload (form field `file`).")
    data = await upload.read()
    if len(data) > limit:
        raise _too_large(limit)
    return upload.filename or "activity", data, token if isinstance(token, str) else None


async def import_file(ctx: ApiContext, athlete_id: UUID, filename: str, data: bytes) -> RecordResult:
    """Parse and record one file; a new run also gets the coach's post-run note."""
    services = ctx.services
    try:
        parsed = await asyncio.to_thread(parse_activity, filename, data,
                                         max_bytes=ctx.upload_max_bytes, now=services.deps.clock.now())
    except FileTooLarge:
        raise _too_large(ctx.upload_max_bytes) from None
    result = await services.runs.record_run(athlete_id, parsed.run, original=parsed.original,
                                            filename=filename)
    if result.status == "imported" and result.run.id is not None:
        try:
            await services.after_run.process(athlete_id, result.run.id)
        except Exception:
            # The run is stored; a note that failed can be made again later.
            log.exception("post-run processing failed for uploaded run %s", result.run.id)
    return result
