"""In-process Cache and Quota for a single process with no Redis (the embedded default)."""

from __future__ import annotations

import asyncio
import time


class InMemoryCache:
    def __init__(self) -> None:
        self._values: dict[str, tuple[str, float | None]] = {}
        self._lock = asyncio.Lock()

    def _live(self, key: str) -> str | None:
        item = self._values.get(key)
        if item is None:
            return None
        value, expires = item
        if expires is not None and expires <= time.monotonic():
            del self._values[key]
            return None
        return value

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def set(self, key: str, value: str, ttl_s: float | None = None) -> None:
        self._values[key] = (value, time.monotonic() + ttl_s if ttl_s else None)

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    async def add(self, key: str, value: str, ttl_s: float) -> bool:
        async with self._lock:
            if self._live(key) is not None:
                return False
            await self.set(key, value, ttl_s)
            return True


class InMemoryQuota:
    """Fixed-window counters."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[int, float]] = {}

    async def hit(self, key: str, limit: int, window_s: float) -> bool:
        now = time.monotonic()
        count, started = self._windows.get(key, (0, now))
        if now - started >= window_s:
            count, started = 0, now
        if count >= limit:
            return False
        self._windows[key] = (count + 1, started)
        return True
