"""StravaApiGateway: the core's StravaGateway port over Strava's API v3 and OAuth, plus the
app-level push-subscription calls an operator needs."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from coach.domain.errors import UpstreamError
from coach.domain.runs import Run, Sport
from coach.domain.strava import (
    REQUESTED_SCOPE,
    ActivitySummary,
    StravaAuthError,
    StravaAuthorization,
    StravaNotFound,
    StravaTokens,
)
from integrations.strava.client import StravaHttp
from integrations.strava.mapping import STREAM_KEYS, run_from_activity, sport_of, summary_from_json
from integrations.strava.sealing import TokenSealer


class StravaApiGateway:
    def __init__(self, http: StravaHttp, sealer: TokenSealer) -> None:
        self._http = http
        self._sealer = sealer

    async def aclose(self) -> None:
        await self._http.aclose()

    # ---- OAuth -------------------------------------------------------------------------------

    def authorize_url(self, redirect_uri: str, state: str) -> str:
        query = urlencode({"client_id": self._http.client_id, "redirect_uri": redirect_uri,
                           "response_type": "code", "approval_prompt": "auto",
                           "scope": REQUESTED_SCOPE, "state": state})
        return f"{self._http.oauth_url}/authorize?{query}"

    def _sealed(self, body: Any, *, previous_refresh: str | None = None) -> StravaTokens:
        if not isinstance(body, dict) or not body.get("access_token"):
            raise UpstreamError("Strava's token answer had no access token.")
        refresh = body.get("refresh_token") or previous_refresh
        if not refresh:
            raise UpstreamError("Strava's token answer had no refresh token.")
        return StravaTokens(access=self._sealer.seal(str(body["access_token"])),
                            refresh=self._sealer.seal(str(refresh)),
                            expires_at=datetime.fromtimestamp(int(body["expires_at"]), UTC))

    async def exchange_code(self, code: str) -> StravaAuthorization:
        body = await self._http.oauth("/token", "oauth/token", {
            **self._http.app_credentials, "code": code, "grant_type": "authorization_code"})
        athlete = body.get("athlete") if isinstance(body, dict) else None
        if not isinstance(athlete, dict) or not isinstance(athlete.get("id"), int):
            raise UpstreamError("Strava's token answer did not say which athlete approved.")
        name = " ".join(str(athlete.get(k) or "").strip() for k in ("firstname", "lastname")).strip()
        # The granted scope arrives on the redirect, not here; the service fills it in.
        return StravaAuthorization(strava_athlete_id=athlete["id"], scopes=frozenset(),
                                   tokens=self._sealed(body), display_name=name)

    async def refresh(self, tokens: StravaTokens) -> StravaTokens:
        refresh_token = self._sealer.unseal(tokens.refresh)
        body = await self._http.oauth("/token", "oauth/token", {
            **self._http.app_credentials, "grant_type": "refresh_token",
            "refresh_token": refresh_token})
        # Strava may rotate the refresh token; the old one is dead at once, so keep the new one.
        return self._sealed(body, previous_refresh=refresh_token)

    async def deauthorize(self, tokens: StravaTokens) -> None:
        access = self._sealer.unseal(tokens.access)
        with contextlib.suppress(StravaAuthError):  # already revoked: the outcome we wanted
            await self._http.oauth("/deauthorize", "oauth/deauthorize", {"access_token": access},
                                   headers={"Authorization": f"Bearer {access}"})

    # ---- activities --------------------------------------------------------------------------

    async def list_activities(self, tokens: StravaTokens, *, after: datetime, before: datetime,
                              page: int, per_page: int) -> list[ActivitySummary]:
        body = await self._http.api("GET", "/athlete/activities", "athlete/activities",
                                    token=self._sealer.unseal(tokens.access), params={
                                        "after": int(after.timestamp()),
                                        "before": int(before.timestamp()),
                                        "page": page, "per_page": per_page})
        if not isinstance(body, list):
            raise UpstreamError("Strava's activity list was not a list.")
        return [s for item in body if isinstance(item, dict) and (s := summary_from_json(item))]

    async def fetch_run(self, tokens: StravaTokens, activity_id: int) -> Run:
        token = self._sealer.unseal(tokens.access)
        activity = await self._http.api("GET", f"/activities/{activity_id}", "activities/{id}",
                                        token=token, params={"include_all_efforts": "false"})
        if not isinstance(activity, dict):
            raise UpstreamError("Strava's activity was not an object.")
        streams = None
        if not activity.get("manual"):
            try:
                streams = await self._http.api(
                    "GET", f"/activities/{activity_id}/streams", "activities/{id}/streams",
                    token=token, params={"keys": STREAM_KEYS, "key_by_type": "true"})
            except StravaNotFound:
                streams = None  # an activity without recorded points
        try:
            return run_from_activity(activity, streams if isinstance(streams, dict) else None)
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamError(f"Strava activity {activity_id} could not be read.") from exc

    def sport_for(self, strava_type: str) -> Sport:
        return sport_of({"sport_type": strava_type})

    # ---- the app's push subscription (operator) ----------------------------------------------

    async def subscriptions(self) -> list[dict[str, Any]]:
        body = await self._http.api("GET", "/push_subscriptions", "push_subscriptions",
                                    params=self._http.app_credentials)
        return [s for s in body if isinstance(s, dict)] if isinstance(body, list) else []

    async def create_subscription(self, callback_url: str, verify_token: str) -> int:
        # Strava checks the callback (GET with hub.challenge) before this call answers.
        body = await self._http.api("POST", "/push_subscriptions", "push_subscriptions", data={
            **self._http.app_credentials, "callback_url": callback_url,
            "verify_token": verify_token}, wait_s=30.0)
        if not isinstance(body, dict) or not isinstance(body.get("id"), int):
            raise UpstreamError("Strava did not return a subscription id.")
        return int(body["id"])

    async def delete_subscription(self, subscription_id: int) -> None:
        await self._http.api("DELETE", f"/push_subscriptions/{subscription_id}",
                             "push_subscriptions/{id}", params=self._http.app_credentials)
