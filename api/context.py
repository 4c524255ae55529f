"""What the composition root hands the HTTP edge: services, checks and optional gateways."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from coach.conversation import Coach
from coach.services import Services


class TelegramGateway(Protocol):
    """The bot, as the webhook route sees it (api never imports bot)."""

    def secret_matches(self, header_value: str | None) -> bool: ...
    async def handle_update(self, payload: dict[str, Any]) -> None: ...


ReadinessCheck = Callable[[], Awaitable[None]]


@dataclass(slots=True)
class ApiContext:
    services: Services
    coach: Coach
    readiness: dict[str, ReadinessCheck] = field(default_factory=dict)
    telegram: TelegramGateway | None = None
    public_url: str = "http://127.0.0.1:8000"
    signing_key: str = ""
    secure_cookies: bool = False
    upload_max_bytes: int = 25 * 1024 * 1024
    extras: dict[str, Any] = field(default_factory=dict)
