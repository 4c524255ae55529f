"""The fake Strava's OAuth: authorize redirect, token exchange and refresh, deauthorize, revoke.

Bodies for bad codes, bad refresh tokens and missing scopes are the ones Strava is reported
to send (protocols.md §1.4–1.6); the bodies for a wrong client id/secret are illustrative.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from tests.fakes.strava_data import ActivityRecord

ACCESS_TOKEN_TTL = 21600
SCOPES = ("read", "read_all", "profile:read_all", "profile:write", "activity:read",
          "activity:read_all", "activity:write")


def fault(status: int, message: str, resource: str, field_name: str, code: str) -> JSONResponse:
    body = {"message": message, "errors": [{"resource": resource, "field": field_name, "code": code}]}
    return JSONResponse(body, status_code=status)


def unauthorized() -> JSONResponse:
    return fault(401, "Authorization Error", "Athlete", "access_token", "invalid")


@dataclass
class Grant:
    """One athlete's authorization of the app: scope, current tokens, older still-valid tokens."""

    athlete_id: int
    scope: list[str]
    access_token: str = ""
    expires_at: int = 0
    refresh_token: str = ""
    older_access: dict[str, int] = field(default_factory=dict)  # token -> its own expires_at


@dataclass
class AuthorizeBehaviour:
    athlete_id: int | None = None
    granted_scope: str | None = None
    deny: bool = False


async def read_fields(request: Request) -> dict[str, str]:
    """Query parameters merged with a urlencoded or multipart body (Strava accepts all three)."""
    values = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        async with request.form() as form:
            values.update({k: v for k, v in form.items() if isinstance(v, str)})
    elif content_type.startswith("application/json"):
        raw = await request.body()
        if raw.strip():
            body = json.loads(raw)
            if isinstance(body, dict):
                values.update({k: str(v) for k, v in body.items()})
    return values


class OAuthMixin:
    """OAuth endpoints of FakeStrava; relies on the attributes declared below."""

    lock: threading.RLock
    client_id: int
    client_secret: str
    callback_domains: tuple[str, ...]
    rotate_refresh_tokens: bool
    access_token_ttl: int
    _athletes: dict[int, dict[str, Any]]
    _activities: dict[int, ActivityRecord]
    _grants: dict[int, Grant]
    _codes: dict[str, tuple[int, list[str]]]
    _authorize: AuthorizeBehaviour

    def now(self) -> float:
        raise NotImplementedError

    def add_athlete(self, athlete_id: int | None = None, **kwargs: Any) -> dict[str, Any]:
        raise NotImplementedError

    # ---- helpers for tests -------------------------------------------------------------------

    def set_authorization(
        self, athlete_id: int | None = None, *, granted_scope: str | None = None, deny: bool = False
    ) -> None:
        """How the next /oauth/authorize visits answer: which athlete approves, with which scopes
        (comma-separated; None = everything requested) or ``deny=True`` for error=access_denied."""
        with self.lock:
            self._authorize = AuthorizeBehaviour(athlete_id, granted_scope, deny)

    def issue_tokens(
        self, athlete_id: int, scope: str = "read,activity:read_all", expires_in: int | None = None
    ) -> dict[str, Any]:
        """Skip the browser: authorize ``athlete_id`` and return the token response."""
        with self.lock:
            grant = Grant(athlete_id, scope.split(","))
            self._new_access(grant, expires_in)
            grant.refresh_token = secrets.token_hex(20)
            self._grants[athlete_id] = grant
            return self._token_body(grant, with_athlete=True)

    def grant(self, athlete_id: int) -> Grant | None:
        with self.lock:
            return self._grants.get(athlete_id)

    def expire_access_token(self, token: str) -> None:
        """Make one access token expired now (its refresh token still works)."""
        with self.lock:
            for grant in self._grants.values():
                if grant.access_token == token:
                    grant.expires_at = int(self.now()) - 1
                if token in grant.older_access:
                    grant.older_access[token] = int(self.now()) - 1

    def revoke_athlete(self, athlete_id: int) -> None:
        """The athlete removed the app in Strava's settings: every token stops working."""
        with self.lock:
            self._grants.pop(athlete_id, None)

    def token_owner(self, token: str) -> Grant | None:
        """The grant a valid access token belongs to, or None if unknown, expired or revoked."""
        now = self.now()
        with self.lock:
            for grant in self._grants.values():
                if token == grant.access_token and grant.expires_at > now:
                    return grant
                if grant.older_access.get(token, 0) > now:
                    return grant
        return None

    # ---- internals ---------------------------------------------------------------------------

    def _new_access(self, grant: Grant, expires_in: int | None = None) -> None:
        if grant.access_token:
            grant.older_access[grant.access_token] = grant.expires_at
        grant.access_token = secrets.token_hex(20)
        grant.expires_at = int(self.now()) + (expires_in or self.access_token_ttl)

    def _token_body(self, grant: Grant, *, with_athlete: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "expires_at": grant.expires_at,
            "expires_in": max(0, grant.expires_at - int(self.now())),
            "refresh_token": grant.refresh_token,
            "access_token": grant.access_token,
        }
        if with_athlete:
            athlete = self._athletes.get(grant.athlete_id, {"id": grant.athlete_id})
            body["athlete"] = {**athlete, "resource_state": 2}
            for key in ("follower_count", "friend_count", "measurement_preference", "ftp",
                        "clubs", "bikes", "shoes"):
                body["athlete"].pop(key, None)
        return body

    def _bad_client(self, fields: dict[str, str]) -> JSONResponse | None:
        if str(fields.get("client_id", "")) != str(self.client_id):
            return fault(400, "Bad Request", "Application", "client_id", "invalid")
        if fields.get("client_secret") != self.client_secret:
            return fault(401, "Authorization Error", "Application", "client_secret", "invalid")
        return None

    # ---- endpoints ---------------------------------------------------------------------------

    async def oauth_authorize(self, request: Request) -> Response:
        q = request.query_params
        if q.get("client_id") != str(self.client_id):
            return fault(400, "Bad Request", "Application", "client_id", "invalid")
        redirect_uri = q.get("redirect_uri", "")
        host = urlsplit(redirect_uri).hostname or ""
        if not any(host == d or host.endswith("." + d) for d in self.callback_domains):
            return fault(400, "Bad Request", "Application", "redirect_uri", "invalid")
        if q.get("response_type") != "code":
            return fault(400, "Bad Request", "Application", "response_type", "invalid")
        requested = [s for s in q.get("scope", "read").split(",") if s]
        if any(s not in SCOPES for s in requested):
            return fault(400, "Bad Request", "Authorize", "scope", "invalid")
        with self.lock:
            behaviour = self._authorize
        params: dict[str, str] = {}
        if "state" in q:
            params["state"] = q["state"]
        if behaviour.deny:
            params["error"] = "access_denied"
        else:
            athlete_id = behaviour.athlete_id
            if athlete_id is None:
                athlete_id = next(iter(self._athletes), None) or self.add_athlete()["id"]
            granted = requested
            if behaviour.granted_scope is not None:
                allowed = behaviour.granted_scope.split(",")
                granted = [s for s in requested if s in allowed]
            code = secrets.token_hex(20)
            with self.lock:
                self._codes[code] = (athlete_id, granted)
            params.update({"code": code, "scope": ",".join(granted)})
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(redirect_uri + separator + urlencode(params), status_code=302)

    async def oauth_token(self, request: Request) -> Response:
        fields = await read_fields(request)
        bad = self._bad_client(fields)
        if bad is not None:
            return bad
        grant_type = fields.get("grant_type")
        with self.lock:
            if grant_type == "authorization_code":
                entry = self._codes.pop(fields.get("code", ""), None)
                if entry is None:
                    return fault(400, "Bad Request", "AuthorizationCode", "code", "invalid")
                athlete_id, scope = entry
                grant = Grant(athlete_id, scope)
                self._new_access(grant)
                grant.refresh_token = secrets.token_hex(20)
                self._grants[athlete_id] = grant
                return JSONResponse(self._token_body(grant, with_athlete=True))
            if grant_type == "refresh_token":
                token = fields.get("refresh_token", "")
                owner = next((g for g in self._grants.values() if g.refresh_token == token), None)
                if owner is None or not token:
                    return fault(400, "Bad Request", "RefreshToken", "refresh_token", "invalid")
                grant = owner
                if grant.expires_at - self.now() <= 3600:
                    self._new_access(grant)
                    if self.rotate_refresh_tokens:
                        grant.refresh_token = secrets.token_hex(20)
                return JSONResponse(self._token_body(grant, with_athlete=False))
        return fault(400, "Bad Request", "Application", "grant_type", "invalid")

    async def oauth_deauthorize(self, request: Request) -> Response:
        fields = await read_fields(request)
        header = request.headers.get("authorization", "")
        token = fields.get("access_token") or header.removeprefix("Bearer ").strip()
        grant = self.token_owner(token) if token else None
        if grant is None:
            return unauthorized()
        self.revoke_athlete(grant.athlete_id)
        return JSONResponse({"access_token": token})

    async def oauth_revoke(self, request: Request) -> Response:
        header = request.headers.get("authorization", "")
        try:
            user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            user, password = "", ""
        if user != str(self.client_id) or password != self.client_secret:
            return fault(401, "Authorization Error", "Application", "client_secret", "invalid")
        token = (await read_fields(request)).get("token", "")
        with self.lock:
            for athlete_id, grant in list(self._grants.items()):
                if token in (grant.access_token, grant.refresh_token) or token in grant.older_access:
                    del self._grants[athlete_id]  # revoking either token revokes both
        return JSONResponse({})
