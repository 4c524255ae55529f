"""A local fake of Strava API v3 and its OAuth, with rate-limit headers, webhooks and faults.

Point the app at ``fake.api_base`` (``http://127.0.0.1:PORT/api/v3``) and ``fake.oauth_base``
(``http://127.0.0.1:PORT/oauth``). Faults: :meth:`FakeStrava.fail_next` (next N API calls →
429/500/401/...), :meth:`FakeStrava.expire_access_token`, :meth:`FakeStrava.set_latency`,
:meth:`FakeStrava.set_rate_limits`, :meth:`FakeStrava.revoke_athlete`; the clock moves with
:meth:`FakeStrava.advance`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import ServedFake
from tests.fakes.strava_data import (
    ActivityRecord,
    build_activity,
    detailed_athlete,
    summary_athlete,
)
from tests.fakes.strava_oauth import AuthorizeBehaviour, Grant, OAuthMixin, fault, unauthorized
from tests.fakes.strava_resources import ResourcesMixin
from tests.fakes.strava_webhooks import EventDelivery, Subscription, WebhookMixin

logger = logging.getLogger(__name__)

Handler = Callable[[Request, Grant], Awaitable[Response]]


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0


@dataclass
class ApiFault:
    status: int
    remaining: int
    path_contains: str | None


class FakeStrava(ServedFake, OAuthMixin, WebhookMixin, ResourcesMixin):
    """Fake Strava: athletes, activities with streams, tokens, rate limits, subscriptions."""

    def __init__(
        self,
        *,
        client_id: int = 12345,
        client_secret: str = "fake-client-secret",
        overall_limits: tuple[int, int] = (200, 2000),
        read_limits: tuple[int, int] = (100, 1000),
        rotate_refresh_tokens: bool = True,
        callback_domains: tuple[str, ...] = ("localhost", "127.0.0.1"),
        access_token_ttl: int = 21600,
    ) -> None:
        self._initial = (client_id, client_secret, overall_limits, read_limits,
                         rotate_refresh_tokens, callback_domains, access_token_ttl)
        self._restore_settings()
        super().__init__()
        self.reset()

    def reset(self) -> None:
        """Forget athletes, activities, tokens, subscription, faults, usage; clock back to real
        time; constructor settings (client id/secret, limits, ttl) restored."""
        with self.lock:
            self._restore_settings()
            self._offset = 0.0
            self._athletes: dict[int, dict[str, Any]] = {}
            self._activities: dict[int, ActivityRecord] = {}
            self._grants: dict[int, Grant] = {}
            self._codes: dict[str, tuple[int, list[str]]] = {}
            self._authorize = AuthorizeBehaviour()
            self._subscription: Subscription | None = None
            self._next_subscription_id = 120475
            self.deliveries: list[EventDelivery] = []
            self.requests: list[RecordedRequest] = []
            self._faults: list[ApiFault] = []
            self.latency = 0.0
            self._window: tuple[int, int] = (-1, -1)
            self._usage = [0, 0, 0, 0]  # overall 15-min, overall daily, read 15-min, read daily
            self._athlete_ids = itertools.count(134815)
            self._activity_ids = itertools.count(11_000_000_001)

    def _restore_settings(self) -> None:
        (self.client_id, self.client_secret, self.overall_limits, self.read_limits,
         self.rotate_refresh_tokens, self.callback_domains, self.access_token_ttl) = self._initial

    def build_app(self) -> Starlette:
        api = self._api
        routes = [
            Route(f"{prefix}/oauth/{name}", endpoint, methods=["GET", "POST"])
            for prefix in ("", "/api/v3")
            for name, endpoint in (("token", self.oauth_token), ("deauthorize", self.oauth_deauthorize),
                                   ("authorize", self.oauth_authorize))
        ]
        routes += [
            Route("/oauth/mobile/authorize", self.oauth_authorize),
            Route("/oauth/revoke", self.oauth_revoke, methods=["POST"]),
            Route("/api/v3/push_subscriptions", self.push_subscriptions, methods=["GET", "POST"]),
            Route("/api/v3/push_subscriptions/{sub_id}", self.delete_subscription, methods=["DELETE"]),
            Route("/api/v3/athlete", api(self._get_athlete)),
            Route("/api/v3/athlete/activities", api(self._list_activities)),
            Route("/api/v3/activities/{activity_id:int}", api(self._get_activity)),
            Route("/api/v3/activities/{activity_id:int}/streams", api(self._get_streams)),
            Route("/api/v3/activities/{activity_id:int}/laps", api(self._get_laps)),
            Route("/api/v3/{rest:path}", api(self._not_found), methods=["GET", "POST", "PUT", "DELETE"]),
        ]
        return Starlette(routes=routes)

    # ---- URLs and clock ----------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"{self.url}/api/v3"

    @property
    def oauth_base(self) -> str:
        return f"{self.url}/oauth"

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock (token expiry, rate-limit windows, event_time) forward."""
        with self.lock:
            self._offset += seconds

    # ---- data --------------------------------------------------------------------------------

    def add_athlete(self, athlete_id: int | None = None, **kwargs: Any) -> dict[str, Any]:
        """Create an athlete; kwargs: firstname, lastname, sex, city, country, username."""
        with self.lock:
            athlete_id = athlete_id if athlete_id is not None else next(self._athlete_ids)
            summary = summary_athlete(
                athlete_id, firstname=kwargs.get("firstname", "Ada"),
                lastname=kwargs.get("lastname", "Runner"), sex=kwargs.get("sex", "F"),
                city=kwargs.get("city", "Seoul"), country=kwargs.get("country", "South Korea"),
                username=kwargs.get("username"), created=datetime(2020, 3, 1, tzinfo=UTC),
            )
            self._athletes[athlete_id] = detailed_athlete(summary)
            return dict(self._athletes[athlete_id])

    def add_activity(
        self, athlete_id: int, *, start: datetime | None = None, distance_m: float = 10_000.0,
        moving_time_s: int = 3000, elapsed_time_s: int | None = None, name: str = "Morning Run",
        sport_type: str = "Run", avg_hr: float | None = 150.0, visibility: str = "everyone",
        manual: bool = False, trainer: bool = False, utc_offset_s: int = 32400,
        timezone: str = "(GMT+09:00) Asia/Seoul", start_latlng: tuple[float, float] = (37.5207, 127.1215),
        lap_distance_m: float | None = 1000.0, activity_id: int | None = None,
    ) -> dict[str, Any]:
        """Create an activity with consistent streams; ``avg_hr=None`` means no heart-rate strap,
        ``visibility="only_me"`` hides it from tokens without ``activity:read_all``. Without
        ``start``, the athlete's first activity starts 2 h ago and each later one a day earlier."""
        if athlete_id not in self._athletes:
            self.add_athlete(athlete_id)
        with self.lock:
            activity_id = activity_id if activity_id is not None else next(self._activity_ids)
            earlier = sum(1 for r in self._activities.values() if r.athlete_id == athlete_id)
        record = build_activity(
            activity_id=activity_id, athlete_id=athlete_id,
            start=start or datetime.fromtimestamp(self.now(), UTC) - timedelta(days=earlier, hours=2),
            distance_m=distance_m, moving_time_s=moving_time_s,
            elapsed_time_s=elapsed_time_s if elapsed_time_s is not None else moving_time_s,
            name=name, sport_type=sport_type, utc_offset_s=utc_offset_s, timezone=timezone,
            avg_hr=avg_hr, visibility=visibility, manual=manual, trainer=trainer,
            start_latlng=start_latlng, lap_distance_m=lap_distance_m,
        )
        with self.lock:
            self._activities[activity_id] = record
        return dict(record.detail)

    def update_activity(self, activity_id: int, **fields: Any) -> dict[str, Any]:
        with self.lock:
            record = self._activities[activity_id]
            record.detail.update(fields)
            if "visibility" in fields:
                record.detail["private"] = fields["visibility"] == "only_me"
            return dict(record.detail)

    def delete_activity(self, activity_id: int) -> None:
        with self.lock:
            del self._activities[activity_id]

    def streams(self, activity_id: int) -> dict[str, list[Any]]:
        with self.lock:
            return dict(self._activities[activity_id].streams)

    # ---- faults and limits -------------------------------------------------------------------

    def fail_next(self, status: int, times: int = 1, path_contains: str | None = None) -> None:
        """The next ``times`` API calls (optionally only paths containing a string) answer
        ``status`` with Strava's body for it (429 keeps the rate-limit headers)."""
        with self.lock:
            self._faults.append(ApiFault(status, times, path_contains))

    def faults_pending(self) -> int:
        """Injected faults not yet served (0 once every `fail_next` answer went out)."""
        with self.lock:
            return sum(item.remaining for item in self._faults)

    def set_latency(self, seconds: float) -> None:
        self.latency = seconds

    def set_rate_limits(
        self, overall: tuple[int, int] | None = None, read: tuple[int, int] | None = None
    ) -> None:
        with self.lock:
            self.overall_limits = overall or self.overall_limits
            self.read_limits = read or self.read_limits

    def usage(self) -> dict[str, tuple[int, int]]:
        with self.lock:
            self._roll_windows()
            return {"overall": (self._usage[0], self._usage[1]), "read": (self._usage[2], self._usage[3])}

    def calls(self, path_contains: str = "") -> list[RecordedRequest]:
        with self.lock:
            return [r for r in self.requests if path_contains in r.path]

    def _roll_windows(self) -> None:
        now = self.now()
        window = (int(now // 900), int(now // 86400))  # :00/:15/:30/:45 and midnight UTC
        if window[0] != self._window[0]:
            self._usage[0] = self._usage[2] = 0
        if window[1] != self._window[1]:
            self._usage[1] = self._usage[3] = 0
        self._window = window

    def _count(self, request: Request) -> tuple[dict[str, str], bool]:
        is_upload = request.method == "POST" and request.url.path.rstrip("/") in (
            "/api/v3/activities", "/api/v3/uploads")
        with self.lock:
            self._roll_windows()
            self._usage[0] += 1
            self._usage[1] += 1
            if not is_upload:
                self._usage[2] += 1
                self._usage[3] += 1
            over = self._usage[0] > self.overall_limits[0] or self._usage[1] > self.overall_limits[1]
            if not is_upload:
                over = over or self._usage[2] > self.read_limits[0] or self._usage[3] > self.read_limits[1]
            headers = {
                "X-RateLimit-Limit": f"{self.overall_limits[0]},{self.overall_limits[1]}",
                "X-RateLimit-Usage": f"{self._usage[0]},{self._usage[1]}",
                "X-ReadRateLimit-Limit": f"{self.read_limits[0]},{self.read_limits[1]}",
                "X-ReadRateLimit-Usage": f"{self._usage[2]},{self._usage[3]}",
            }
        return headers, over

    def _take_fault(self, path: str) -> int | None:
        with self.lock:
            for item in self._faults:
                if item.remaining > 0 and (item.path_contains is None or item.path_contains in path):
                    item.remaining -= 1
                    return item.status
        return None

    # ---- API plumbing ------------------------------------------------------------------------

    def _api(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            record = RecordedRequest(request.method, request.url.path, dict(request.query_params),
                                     dict(request.headers))
            with self.lock:
                self.requests.append(record)
            headers, over = self._count(request)
            if self.latency:
                await asyncio.sleep(self.latency)
            status = self._take_fault(request.url.path)
            if over or status == 429:
                response: Response = fault(
                    429, "Rate Limit Exceeded", "Application", "rate limit", "exceeded"
                )
            elif status is not None:
                response = _fault_for(status)
            else:
                header = request.headers.get("authorization", "")
                token = header[7:].strip() if header.lower().startswith("bearer ") else ""
                token = token or request.query_params.get("access_token", "")
                grant = self.token_owner(token) if token else None
                response = await handler(request, grant) if grant is not None else unauthorized()
            response.headers.update(headers)
            record.status = response.status_code
            return response

        return endpoint


def _fault_for(status: int) -> Response:
    if status == 401:
        return unauthorized()
    if status == 404:
        return fault(404, "Record Not Found", "Activity", "id", "invalid")
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return JSONResponse({"message": phrase, "errors": []}, status_code=status)
