"""What every subcommand shares: settings, logging, and running the async runtime."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from runcoach.logs import configure_logging
from runcoach.settings import Settings

if TYPE_CHECKING:
    from runcoach.bootstrap import Runtime

T = TypeVar("T")


def load() -> Settings:
    settings = Settings()
    configure_logging(settings.log_level)
    return settings


def with_runtime(settings: Settings, work: Callable[[Runtime], Awaitable[T]], *,
                 with_bot: bool = False) -> T:
    """Build the runtime, run `work` with it, and close it whatever happens."""

    # Imported here so quick commands (calc, --help) don't load the whole service.
    from runcoach.bootstrap import bootstrap

    async def run() -> T:
        runtime = await bootstrap(settings, with_bot=with_bot)
        try:
            return await work(runtime)
        finally:
            await runtime.aclose()

    return asyncio.run(run())
