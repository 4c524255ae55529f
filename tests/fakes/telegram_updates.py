"""The fake Bot API's update side: the getUpdates queue (long poll, offsets) and webhooks."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from typing import Any

import httpx

from tests.fakes.telegram_methods import bot_method
from tests.fakes.telegram_types import BotApiError, Described, Params, bad_request

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# An empty or absent allowed_updates means "all but these" (Bot API setWebhook docs).
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
_CONFLICT_POLLER = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)


class UpdatesMixin:
    """getUpdates, setWebhook, deleteWebhook, getWebhookInfo and webhook delivery for FakeBotApi."""

    lock: threading.RLock
    strict_webhook_url: bool
    _updates: list[dict[str, Any]]
    _last_update_id: int
    _allowed_updates: list[str] | None
    _poll_generation: int
    _epoch: int
    _webhook: dict[str, Any] | None
    _chats: dict[int | str, dict[str, Any]]
    _last_message_id: dict[int | str, int]

    # ---- updates -----------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an Update for getUpdates. Telegram owns update ids: a given id is kept only if it
        is above every id queued so far, otherwise the next id is assigned."""
        update = dict(update)
        with self.lock:
            given = update.get("update_id")
            if not isinstance(given, int) or given <= self._last_update_id:
                update["update_id"] = self._last_update_id + 1 if self._last_update_id else 10000
            self._last_update_id = update["update_id"]
            self._learn(update)
            self._updates.append(update)
        return update

    def _learn(self, update: dict[str, Any]) -> None:
        for key in ("message", "edited_message", "channel_post", "callback_query"):
            obj = update.get(key)
            if not isinstance(obj, dict):
                continue
            message = obj.get("message") if key == "callback_query" else obj
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                chat = message["chat"]
                self._chats.setdefault(chat["id"], dict(chat))
                seen = int(message.get("message_id", 0))
                self._last_message_id[chat["id"]] = max(self._last_message_id.get(chat["id"], 0), seen)

    def pending_updates(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(u) for u in self._updates]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        allowed = set(self._allowed_updates) if self._allowed_updates else None
        kept = []
        for update in self._updates:
            kind = next((k for k in update if k != "update_id"), "")
            if (kind in allowed) if allowed is not None else (kind not in _NOT_BY_DEFAULT):
                kept.append(update)
        self._updates = kept  # updates of types not asked for are dropped, as Telegram does
        return [dict(u) for u in kept[:limit]]

    @bot_method("getUpdates")
    async def _get_updates(self, p: Params) -> Any:
        offset = p.integer("offset")
        limit = max(1, min(100, p.integer("limit", 100) or 100))
        timeout = min(50.0, max(0.0, float(p.get("timeout") or 0)))
        with self.lock:
            if self._webhook is not None:
                raise BotApiError(409, _CONFLICT_WEBHOOK)
            if p.get("allowed_updates") is not None:
                self._allowed_updates = list(p.get("allowed_updates")) or None
            if offset is not None and offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset is not None and offset < 0:
                self._updates = self._updates[offset:]
            self._poll_generation += 1
            generation, epoch = self._poll_generation, self._epoch
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                if epoch != self._epoch:
                    return []
                if generation != self._poll_generation:
                    raise BotApiError(409, _CONFLICT_POLLER)
                batch = self._deliverable(limit)
            if batch or time.monotonic() >= deadline:
                return batch
            await asyncio.sleep(0.01)

    # ---- webhook -----------------------------------------------------------------------------

    @bot_method("setWebhook")
    async def _set_webhook(self, p: Params) -> Any:
        url = p.text("url") or ""
        if not url:
            return await self._delete_webhook(p)
        parsed = httpx.URL(url)
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise bad_request("invalid webhook URL specified")
        if self.strict_webhook_url:
            if parsed.scheme != "https":
                raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
            if parsed.port not in (None, 80, 88, 443, 8443):
                raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = p.text("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise bad_request("secret token contains unallowed characters")
        max_connections = p.integer("max_connections", 40) or 40
        if not 1 <= max_connections <= 100:
            raise bad_request("invalid max_connections specified")
        webhook = {"url": url, "secret_token": secret, "max_connections": max_connections,
                   "ip_address": p.text("ip_address")}
        with self.lock:
            if p.get("allowed_updates") is not None:
                self._allowed_updates = list(p.get("allowed_updates")) or None
            if p.flag("drop_pending_updates"):
                self._updates = []
            already = self._webhook == webhook
            self._webhook = webhook
            self._poll_generation += 1  # a pending long poll loses to the webhook
        return Described(True, "Webhook is already set" if already else "Webhook was set")

    @bot_method("deleteWebhook")
    async def _delete_webhook(self, p: Params) -> Any:
        with self.lock:
            if p.flag("drop_pending_updates"):
                self._updates = []
            had = self._webhook is not None
            self._webhook = None
        return Described(True, "Webhook was deleted" if had else "Webhook is already deleted")

    @bot_method("getWebhookInfo")
    async def _get_webhook_info(self, p: Params) -> Any:
        with self.lock:
            info: dict[str, Any] = {
                "url": self._webhook["url"] if self._webhook else "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self._webhook:
                info["max_connections"] = self._webhook["max_connections"]
                if self._webhook["ip_address"]:
                    info["ip_address"] = self._webhook["ip_address"]
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
        return info

    @property
    def webhook(self) -> dict[str, Any] | None:
        """The webhook the app set (url, secret_token, max_connections, ip_address), or None."""
        with self.lock:
            return dict(self._webhook) if self._webhook else None

    def _webhook_request(self, update: dict[str, Any]) -> tuple[str, dict[str, str], dict[str, Any]]:
        hook = self.webhook
        if hook is None:
            raise AssertionError("the app has not called setWebhook; nothing to deliver to")
        with self.lock:
            given = update.get("update_id")
            if not isinstance(given, int) or given <= self._last_update_id:
                update = {**update, "update_id": self._last_update_id + 1 if self._last_update_id else 10000}
            self._last_update_id = update["update_id"]
            self._learn(update)
        headers = {"Content-Type": "application/json"}
        if hook["secret_token"]:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        return hook["url"], headers, update

    def deliver_webhook(self, update: dict[str, Any], timeout: float = 5.0) -> httpx.Response:
        """POST an Update to the webhook the app set, with the secret header, like Telegram."""
        url, headers, body = self._webhook_request(update)
        return httpx.post(url, content=json.dumps(body), headers=headers, timeout=timeout)

    async def adeliver_webhook(
        self, update: dict[str, Any], timeout: float = 5.0  # noqa: ASYNC109 - as deliver_webhook
    ) -> httpx.Response:
        url, headers, body = self._webhook_request(update)
        async with httpx.AsyncClient(timeout=timeout) as client:
            return await client.post(url, content=json.dumps(body), headers=headers)
