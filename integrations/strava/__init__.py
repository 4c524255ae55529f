"""Strava: OAuth, token refresh, paging, rate limits and activity mapping → the core's Runs."""

from __future__ import annotations

from coach.ports import Cache, Clock
from integrations.strava.client import StravaHttp
from integrations.strava.gateway import StravaApiGateway
from integrations.strava.ratelimit import SharedRateLimiter
from integrations.strava.sealing import TokenSealer

__all__ = ["StravaApiGateway", "TokenSealer", "make_strava_gateway"]


def make_strava_gateway(*, api_url: str, oauth_url: str, client_id: str, client_secret: str,
                        fernet_key: bytes, cache: Cache, clock: Clock) -> StravaApiGateway:
    http = StravaHttp(api_url=api_url, oauth_url=oauth_url, client_id=client_id,
                      client_secret=client_secret, limiter=SharedRateLimiter(cache, clock))
    return StravaApiGateway(http, TokenSealer(fernet_key))
