"""HTTP to Strava over httpx: resource calls with a bearer token, OAuth form posts, errors → the core's.

Every call first asks the shared rate limiter, then reports the answer's rate-limit headers to
it, and counts itself in `runcoach_strava_requests_total{endpoint,status}`. Tokens never reach
a log line: URLs carry none, and errors name only the endpoint and status.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from prometheus_client import Counter

from coach.domain.errors import InvalidInput, RateLimited, UpstreamError
from coach.domain.strava import StravaAuthError, StravaNotFound
from integrations.strava.ratelimit import SharedRateLimiter

log = logging.getLogger(__name__)

REQUESTS = Counter("runcoach_strava_requests_total", "Requests made to Strava",
                   ["endpoint", "status"])

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class StravaHttp:
    def __init__(self, *, api_url: str, oauth_url: str, client_id: str, client_secret: str,
                 limiter: SharedRateLimiter, http: httpx.AsyncClient | None = None) -> None:
        self.api_url = api_url.rstrip("/")
        self.oauth_url = oauth_url.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self._limiter = limiter
        self._http = http or httpx.AsyncClient(timeout=TIMEOUT, headers={"User-Agent": "RunCoach"})

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def app_credentials(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self._client_secret}

    async def api(self, method: str, path: str, endpoint: str, *, token: str | None = None,
                  params: dict[str, Any] | None = None, data: dict[str, Any] | None = None,
                  wait_s: float | None = None) -> Any:
        """A call to `{STRAVA_API_URL}{path}`, as the runner (token) or as the app (no token)."""
        await self._limiter.check()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self._send(method, self.api_url + path, endpoint, headers=headers,
                                    params=params, data=data, wait_s=wait_s)
        await self._limiter.observe(response.headers, response.status_code)
        if response.status_code == 429:
            # The limiter has just recorded the window; its check names the wait.
            await self._limiter.check()
            raise RateLimited("Strava's rate limit is used up.", retry_after=60.0)
        return _json_or_raise(response, endpoint)

    async def oauth(self, path: str, endpoint: str, data: dict[str, Any],
                    headers: dict[str, str] | None = None) -> Any:
        """A form post to `{STRAVA_OAUTH_URL}{path}` (OAuth answers carry no rate-limit headers)."""
        response = await self._send("POST", self.oauth_url + path, endpoint, headers=headers or {},
                                    data=data)
        return _json_or_raise(response, endpoint)

    async def _send(self, method: str, url: str, endpoint: str, *, headers: dict[str, str],
                    params: dict[str, Any] | None = None, data: dict[str, Any] | None = None,
                    wait_s: float | None = None) -> httpx.Response:
        try:
            response = await self._http.request(
                method, url, headers=headers, params=params, data=data,
                timeout=httpx.Timeout(wait_s, connect=5.0) if wait_s else httpx.USE_CLIENT_DEFAULT)
        except httpx.HTTPError as exc:
            REQUESTS.labels(endpoint, "error").inc()
            raise UpstreamError(f"Strava could not be reached ({type(exc).__name__}).") from exc
        REQUESTS.labels(endpoint, str(response.status_code)).inc()
        return response


def _errors(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        return [e for e in body["errors"] if isinstance(e, dict)]
    return []


def _json_or_raise(response: httpx.Response, endpoint: str) -> Any:
    status = response.status_code
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    if 200 <= status < 300:
        return body
    errors = _errors(body)
    resources = {str(e.get("resource", "")) for e in errors}
    log.info("Strava answered %s on %s: %s", status, endpoint,
             [(e.get("resource"), e.get("field"), e.get("code")) for e in errors])
    if status == 401 and "Application" not in resources:
        raise StravaAuthError("Strava refused the runner's authorisation.")
    if status == 400 and "RefreshToken" in resources:
        raise StravaAuthError("Strava no longer accepts the runner's refresh token.")
    if status == 400 and "AuthorizationCode" in resources:
        raise InvalidInput("That Strava approval has expired or was already used; "
                           "please connect again.")
    if status == 404:
        raise StravaNotFound("Strava has no such record.")
    if status in (401, 403) and "Application" in resources:
        raise UpstreamError("Strava refused RunCoach's app credentials (check STRAVA_CLIENT_ID "
                            "and STRAVA_CLIENT_SECRET).")
    raise UpstreamError(f"Strava answered {status} on {endpoint}.")
