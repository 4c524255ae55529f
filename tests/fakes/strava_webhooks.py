"""The fake Strava's push subscriptions (with the real hub.challenge handshake) and event delivery.

Creating a subscription performs Strava's GET against the callback with ``hub.mode``,
``hub.verify_token`` and ``hub.challenge`` and succeeds only if the app echoes
``{"hub.challenge": ...}`` within 2 s. Events are POSTed unsigned, like Strava's; a delivery
counts only if the app answers 200 within 2 s, with up to 3 attempts in total.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.fakes.strava_data import iso
from tests.fakes.strava_oauth import fault, read_fields

ANSWER_WITHIN_S = 2.0


@dataclass
class Subscription:
    id: int
    callback_url: str
    verify_token: str
    created_at: str

    def json(self, application_id: int) -> dict[str, Any]:
        return {"id": self.id, "resource_state": 2, "application_id": application_id,
                "callback_url": self.callback_url, "created_at": self.created_at,
                "updated_at": self.created_at}


@dataclass
class EventDelivery:
    """What happened when the fake POSTed one event: each attempt's status (None = no answer in
    time or connection refused) and duration."""

    event: dict[str, Any]
    statuses: list[int | None] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)

    @property
    def delivered(self) -> bool:
        """Strava counts an attempt only if answered 200 within 2 s."""
        return any(_acknowledged(s, d) for s, d in zip(self.statuses, self.durations, strict=True))

    @property
    def attempts(self) -> int:
        return len(self.statuses)


class WebhookMixin:
    """Push-subscription endpoints and the event driver of FakeStrava."""

    lock: threading.RLock
    client_id: int
    client_secret: str
    _subscription: Subscription | None
    _next_subscription_id: int
    deliveries: list[EventDelivery]

    def now(self) -> float:
        raise NotImplementedError

    @property
    def subscription(self) -> Subscription | None:
        with self.lock:
            return self._subscription

    def _credentials_fault(self, fields: dict[str, str]) -> Response | None:
        wrong_id = fields.get("client_id") != str(self.client_id)
        if wrong_id or fields.get("client_secret") != self.client_secret:
            return fault(401, "Authorization Error", "Application", "client_id", "invalid")
        return None

    async def push_subscriptions(self, request: Request) -> Response:
        fields = await read_fields(request)
        bad = self._credentials_fault(fields)
        if bad is not None:
            return bad
        if request.method == "GET":
            with self.lock:
                sub = self._subscription
            return JSONResponse([sub.json(self.client_id)] if sub else [])
        callback_url = fields.get("callback_url", "")
        verify_token = fields.get("verify_token", "")
        if not callback_url or len(callback_url) > 255:
            return fault(400, "Bad Request", "PushSubscription", "callback_url", "invalid")
        with self.lock:
            if self._subscription is not None:
                return fault(400, "Bad Request", "PushSubscription", "", "already exists")
        problem = await _handshake(callback_url, verify_token)
        if problem:
            return fault(400, "Bad Request", "PushSubscription", "callback url", problem)
        with self.lock:
            if self._subscription is not None:
                return fault(400, "Bad Request", "PushSubscription", "", "already exists")
            sub = Subscription(self._next_subscription_id, callback_url, verify_token,
                               iso(datetime.fromtimestamp(self.now(), UTC)))
            self._next_subscription_id += 1
            self._subscription = sub
        return JSONResponse({"id": sub.id}, status_code=201)

    async def delete_subscription(self, request: Request) -> Response:
        fields = await read_fields(request)
        bad = self._credentials_fault(fields)
        if bad is not None:
            return bad
        with self.lock:
            sub = self._subscription
            if sub is None or str(sub.id) != request.path_params["sub_id"]:
                return fault(404, "Record Not Found", "PushSubscription", "id", "invalid")
            self._subscription = None
        return Response(status_code=204)

    # ---- events ------------------------------------------------------------------------------

    def build_event(
        self, *, object_id: int, owner_id: int, object_type: str = "activity",
        aspect_type: str = "create", updates: dict[str, Any] | None = None,
        subscription_id: int | None = None, event_time: int | None = None,
        ids_as_strings: bool = False,
    ) -> dict[str, Any]:
        """An event body as Strava sends it: ``updates`` values are strings ("true"/"false")."""
        if subscription_id is None:
            sub = self.subscription
            subscription_id = sub.id if sub else 1
        event: dict[str, Any] = {
            "aspect_type": aspect_type,
            "event_time": event_time if event_time is not None else int(self.now()),
            "object_id": object_id,
            "object_type": object_type,
            "owner_id": owner_id,
            "subscription_id": subscription_id,
            "updates": {k: (str(v).lower() if isinstance(v, bool) else str(v))
                        for k, v in (updates or {}).items()},
        }
        if ids_as_strings:
            for key in ("object_id", "owner_id", "subscription_id"):
                event[key] = str(event[key])
        return event

    def _target(self, callback_url: str | None) -> str:
        if callback_url:
            return callback_url
        sub = self.subscription
        if sub is None:
            raise AssertionError("no push subscription exists and no callback_url was given")
        return sub.callback_url

    def send_event(
        self, callback_url: str | None = None, *, attempts: int = 3, retry_delay: float = 0.0,
        **event_fields: Any,
    ) -> EventDelivery:
        """POST one event (see :meth:`build_event` for the fields) to the app like Strava does."""
        url = self._target(callback_url)
        delivery = EventDelivery(self.build_event(**event_fields))
        with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
            for attempt in range(attempts):
                if attempt and retry_delay:
                    time.sleep(retry_delay)
                started = time.monotonic()
                try:
                    status: int | None = client.post(url, json=delivery.event).status_code
                except httpx.HTTPError:
                    status = None
                delivery.durations.append(time.monotonic() - started)
                delivery.statuses.append(status)
                if _acknowledged(status, delivery.durations[-1]):
                    break
        with self.lock:
            self.deliveries.append(delivery)
        return delivery

    async def async_send_event(
        self, callback_url: str | None = None, *, attempts: int = 3, retry_delay: float = 0.0,
        **event_fields: Any,
    ) -> EventDelivery:
        """Like :meth:`send_event`, for async tests whose app runs on the test's own loop."""
        url = self._target(callback_url)
        delivery = EventDelivery(self.build_event(**event_fields))
        async with httpx.AsyncClient(timeout=ANSWER_WITHIN_S) as client:
            for attempt in range(attempts):
                if attempt and retry_delay:
                    await asyncio.sleep(retry_delay)
                started = time.monotonic()
                try:
                    response = await asyncio.wait_for(
                        client.post(url, json=delivery.event), ANSWER_WITHIN_S
                    )
                    status: int | None = response.status_code
                except (httpx.HTTPError, TimeoutError):
                    status = None
                delivery.durations.append(time.monotonic() - started)
                delivery.statuses.append(status)
                if _acknowledged(status, delivery.durations[-1]):
                    break
        with self.lock:
            self.deliveries.append(delivery)
        return delivery


async def _handshake(callback_url: str, verify_token: str) -> str | None:
    """Strava's subscription validation GET; returns the failure code, or None on success."""
    challenge = secrets.token_hex(16)
    params = {"hub.verify_token": verify_token, "hub.challenge": challenge, "hub.mode": "subscribe"}
    try:
        async with httpx.AsyncClient(timeout=ANSWER_WITHIN_S) as client:
            response = await asyncio.wait_for(client.get(callback_url, params=params), ANSWER_WITHIN_S)
    except (httpx.HTTPError, TimeoutError):
        return "GET to callback URL does not return 200"
    if response.status_code != 200:
        return "GET to callback URL does not return 200"
    try:
        echoed = response.json().get("hub.challenge")
    except ValueError:
        echoed = None
    return None if echoed == challenge else "callback url not verifiable"


def _acknowledged(status: int | None, duration: float) -> bool:
    return status == 200 and duration <= ANSWER_WITHIN_S
