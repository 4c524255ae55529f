"""Redis-backed Cache and Quota shared by every process: what may be lost lives here."""

from __future__ import annotations

from redis.asyncio import Redis


def make_redis(url: str) -> Redis:
    # Short timeouts: a slow Redis must degrade a request, not hang it.
    return Redis.from_url(url, decode_responses=True, socket_timeout=2.0,
                          socket_connect_timeout=2.0, health_check_interval=30)


class RedisCache:
    def __init__(self, redis: Redis, prefix: str = "rc:") -> None:
        self._redis = redis
        self._prefix = prefix

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._prefix + key)
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_s: float | None = None) -> None:
        await self._redis.set(self._prefix + key, value,
                              px=int(ttl_s * 1000) if ttl_s else None)

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def add(self, key: str, value: str, ttl_s: float) -> bool:
        return bool(await self._redis.set(self._prefix + key, value, px=int(ttl_s * 1000), nx=True))


class RedisQuota:
    """Fixed-window counters: INCR, and the first hit of a window sets its expiry."""

    def __init__(self, redis: Redis, prefix: str = "rc:quota:") -> None:
        self._redis = redis
        self._prefix = prefix

    async def hit(self, key: str, limit: int, window_s: float) -> bool:
        full = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(full)
            pipe.pexpire(full, int(window_s * 1000), nx=True)
            count, _ = await pipe.execute()
        return int(count) <= limit
