"""Strava's rate limits, read from every response and shared by all processes through the Cache.

Strava counts requests per app in 15-minute windows (reset at :00, :15, :30, :45) and per UTC
day, and says so in `X-RateLimit-*` (all requests) and `X-ReadRateLimit-*` (non-upload)
headers as "<15 min>,<daily>". Once a window is used up every process waits for its end;
a 429 always means wait for the window, even when the headers don't explain it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from prometheus_client import Gauge

from coach.domain.errors import RateLimited
from coach.ports import Cache, Clock

log = logging.getLogger(__name__)

WINDOW_S = 900
DAY_S = 86400
_BLOCK_KEY = "strava:rate-limit:blocked-until"

USAGE_RATIO = Gauge(
    "runcoach_strava_rate_limit_usage_ratio",
    "Share of Strava's rate limit used in the current window",
    ["window"],
)


@dataclass(frozen=True, slots=True)
class Usage:
    """One family of limits: (15-minute, daily) usage and limit."""

    short_used: int
    short_limit: int
    daily_used: int
    daily_limit: int


def _pair(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def parse_usage(headers: Mapping[str, str]) -> dict[str, Usage]:
    """{"overall": ..., "read": ...} for the header families present; names case-insensitive."""
    lower = {k.lower(): v for k, v in headers.items()}
    found: dict[str, Usage] = {}
    for family, prefix in (("overall", "x-ratelimit"), ("read", "x-readratelimit")):
        limit, usage = _pair(lower.get(f"{prefix}-limit")), _pair(lower.get(f"{prefix}-usage"))
        if limit and usage:
            found[family] = Usage(usage[0], limit[0], usage[1], limit[1])
    return found


def next_window(now: float) -> float:
    return (math.floor(now / WINDOW_S) + 1) * WINDOW_S


def next_day(now: float) -> float:
    return (math.floor(now / DAY_S) + 1) * DAY_S


class SharedRateLimiter:
    """Asks before each call whether Strava's window has room; learns from each answer."""

    def __init__(self, cache: Cache, clock: Clock) -> None:
        self._cache = cache
        self._clock = clock

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def check(self) -> None:
        """Raise RateLimited while a window is used up (per the last answer any process saw)."""
        raw = await self._cache.get(_BLOCK_KEY)
        if raw is None:
            return
        try:
            until = float(raw)
        except ValueError:
            return
        wait = until - self._now()
        if wait > 0:
            raise RateLimited(
                "Strava's rate limit is used up; waiting for the next window.", retry_after=wait
            )

    async def observe(self, headers: Mapping[str, str], status: int) -> None:
        now = self._now()
        until = 0.0
        for family, usage in parse_usage(headers).items():
            prefix = "" if family == "overall" else "read_"
            if usage.short_limit:
                USAGE_RATIO.labels(f"{prefix}15min").set(usage.short_used / usage.short_limit)
                if usage.short_used >= usage.short_limit:
                    until = max(until, next_window(now))
            if usage.daily_limit:
                USAGE_RATIO.labels(f"{prefix}daily").set(usage.daily_used / usage.daily_limit)
                if usage.daily_used >= usage.daily_limit:
                    until = max(until, next_day(now))
        if status == 429:
            until = max(until, next_window(now))
        if until > now:
            await self._block_until(until, now)

    async def _block_until(self, until: float, now: float) -> None:
        current = await self._cache.get(_BLOCK_KEY)
        try:
            if current is not None and float(current) >= until:
                return
        except ValueError:
            pass
        log.warning(
            "Strava rate limit reached; calls wait until %s",
            datetime.fromtimestamp(until, UTC).isoformat(timespec="seconds"),
        )
        # Kept a little past the wait: the value, not the expiry, decides (clocks may differ).
        await self._cache.set(_BLOCK_KEY, repr(until), ttl_s=until - now + 60)
