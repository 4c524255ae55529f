"""Builds the FastAPI application from an ApiContext (nothing is built at import time)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.context import ApiContext
from api.errors import install_error_handlers
from api.metrics import MetricsMiddleware
from api.routes import auth, calendar, health, pages, settings, strava, telegram, web_api
from api.templating import STATIC_DIR

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_app(ctx: ApiContext, *, on_startup: Callable[[], Awaitable[None]] | None = None,
               on_shutdown: Callable[[], Awaitable[None]] | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if on_startup is not None:
            await on_startup()
        try:
            yield
        finally:
            await telegram.drain()
            if on_shutdown is not None:
                await on_shutdown()

    app = FastAPI(title="RunCoach", version="0.1.0", lifespan=lifespan)
    app.state.ctx = ctx
    install_error_handlers(app)
    app.add_middleware(MetricsMiddleware)
    app.include_router(health.router)
    app.include_router(telegram.router)
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(settings.router)
    app.include_router(web_api.router)
    app.include_router(calendar.router)
    app.include_router(strava.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
