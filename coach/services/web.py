"""The web's own use cases: one-time sign-in links (the bot's /web) and the runner's data export."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import secrets
import zipfile
from datetime import timedelta
from uuid import UUID

from coach.domain.errors import NotFound
from coach.services.container import Dependencies

log = logging.getLogger(__name__)

LOGIN_LINK_TTL = timedelta(minutes=10)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
LINK_GONE = "This sign-in link has expired or was already used. Ask the bot for a new one with /web."


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class WebService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def create_login_link(self, athlete_id: UUID) -> str:
        """A URL that signs the athlete in once, within ten minutes (what the bot's /web sends)."""
        token = secrets.token_urlsafe(32)
        now = self._deps.clock.now()
        async with self._deps.uow() as uow:
            await uow.web_accounts.purge_login_tokens(now)
            await uow.web_accounts.add_login_token(_token_hash(token), athlete_id,
                                                   now + LOGIN_LINK_TTL)
            await uow.commit()
        return f"{self._deps.public_url.rstrip('/')}/auth/link/{token}"

    async def redeem_login_link(self, token: str) -> UUID:
        """The athlete the link was made for; it can't be used again. NotFound when expired or used."""
        if not token or len(token) > 200:
            raise NotFound(LINK_GONE)
        async with self._deps.uow() as uow:
            found = await uow.web_accounts.take_login_token(_token_hash(token))
            await uow.commit()
        if found is None:
            raise NotFound(LINK_GONE)
        athlete_id, expires_at = found
        if expires_at <= self._deps.clock.now():
            raise NotFound(LINK_GONE)
        return athlete_id

    async def export_archive(self, athlete_id: UUID) -> bytes:
        """A zip: `data.json` with every stored row about the athlete, and `files/` with the
        original activity files as they were uploaded."""
        async with self._deps.uow() as uow:
            if await uow.athletes.get(athlete_id) is None:
                raise NotFound("No such runner.")
            tables = await uow.web_accounts.export(athlete_id)
            files = await uow.web_accounts.original_files(athlete_id)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            document = {"exported_at": self._deps.clock.now().isoformat(),
                        "athlete_id": str(athlete_id), "tables": tables}
            archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=1,
                                                     default=str))
            for index, (run_id, filename, content) in enumerate(files):
                safe = _UNSAFE_NAME.sub("_", filename).strip("._") or "activity"
                archive.writestr(f"files/{run_id}/{index:04d}_{safe}", content)
        return buffer.getvalue()
