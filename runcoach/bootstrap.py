"""The composition root: builds every adapter once and wires it to the core's ports."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.context import ApiContext
from bot.app import TelegramBot
from bot.context import BotConfig, BotContext
from coach.clock import SystemClock
from coach.conversation import Coach
from coach.ports import Cache, Clock, Quota
from coach.services import Dependencies, Services
from runcoach.chat_wiring import attach_charts
from runcoach.embedded import start_embedded_postgres
from runcoach.llm_wiring import llm_agent
from runcoach.migrate import upgrade_async
from runcoach.settings import Settings, TelegramMode
from runcoach.web_wiring import attach_password_hasher, web_extras
from runcoach.wiring import attach_notifier, attach_strava
from storage.database import asyncpg_url, make_engine, make_session_factory, ping
from storage.memory import InMemoryCache, InMemoryQuota
from storage.redis import RedisCache, RedisQuota, make_redis
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything built for one process; `aclose()` releases it."""

    settings: Settings
    database_url: str
    engine: AsyncEngine
    services: Services
    coach: Coach
    bot: TelegramBot | None = None
    redis: Any = None
    closers: list[Any] = field(default_factory=list)

    def api(self, *, manage_bot: bool = True) -> FastAPI:
        ctx = ApiContext(
            services=self.services, coach=self.coach, readiness=self._readiness(),
            telegram=self.bot if self.settings.telegram_mode is TelegramMode.WEBHOOK else None,
            public_url=self.settings.public_url, signing_key=self.settings.signing_key(),
            secure_cookies=self.settings.behind_tls, upload_max_bytes=self.settings.upload_max_bytes,
            extras=web_extras(self.settings))
        bot = self.bot if manage_bot else None
        return create_app(ctx, on_startup=bot.start if bot else None,
                          on_shutdown=bot.stop if bot else None)

    def _readiness(self) -> dict[str, Any]:
        checks: dict[str, Any] = {"database": lambda: ping(self.engine)}
        if self.redis is not None:
            checks["redis"] = self.redis.ping
        return checks

    async def aclose(self) -> None:
        for closer in reversed(self.closers):
            try:
                await closer()
            except Exception:
                log.warning("error while closing %r", closer, exc_info=True)


async def resolve_database_url(settings: Settings) -> tuple[str, bool]:
    """(asyncpg URL, embedded?) — DATABASE_URL when set, else the embedded server, started."""
    if settings.database_url is not None:
        return asyncpg_url(settings.database_url.get_secret_value()), False
    url = await asyncio.to_thread(start_embedded_postgres, settings.runcoach_data_dir)
    return url, True


async def bootstrap(settings: Settings, *, clock: Clock | None = None, migrate: bool | None = None,
                    with_bot: bool = True) -> Runtime:
    """Build the runtime once. Migrations run for the embedded database and in development
    (an operator runs `runcoach migrate` in production, before the new code serves)."""
    database_url, embedded = await resolve_database_url(settings)
    if migrate if migrate is not None else (embedded or not settings.is_production):
        await upgrade_async(database_url)
    engine = make_engine(database_url)
    cache: Cache
    quota: Quota
    redis = None
    if settings.redis_url is not None:
        redis = make_redis(settings.redis_url.get_secret_value())
        cache, quota = RedisCache(redis), RedisQuota(redis)
    else:
        cache, quota = InMemoryCache(), InMemoryQuota()
    deps = Dependencies(uow=SqlUnitOfWorkFactory(make_session_factory(engine)),
                        clock=clock or SystemClock(), cache=cache, quota=quota,
                        public_url=settings.public_url)
    adapter_closers = attach_strava(deps, settings)
    attach_password_hasher(deps)
    attach_charts(deps, settings)
    services = Services(deps)
    adapter_closers += attach_notifier(deps, settings, services)
    coach = Coach(services, agent=llm_agent(settings, services))
    runtime = Runtime(settings=settings, database_url=database_url, engine=engine,
                      services=services, coach=coach, redis=redis)
    runtime.closers.append(engine.dispose)
    if redis is not None:
        runtime.closers.append(redis.aclose)
    runtime.closers.extend(adapter_closers)
    if with_bot and settings.telegram_mode is not TelegramMode.OFF:
        assert settings.telegram_bot_token is not None
        secret = settings.telegram_webhook_secret
        runtime.bot = TelegramBot(BotContext(coach=coach, services=services, config=BotConfig(
            token=settings.telegram_bot_token.get_secret_value(),
            api_url=settings.telegram_api_url, mode=str(settings.telegram_mode),
            webhook_secret=secret.get_secret_value() if secret else None,
            public_url=settings.public_url)))
    return runtime
