"""What the composition root hands the bot: the coach, the services and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.conversation import Coach
from coach.services import Services


@dataclass(slots=True)
class BotConfig:
    token: str
    api_url: str = "https://api.telegram.org"
    mode: str = "polling"  # polling | webhook
    webhook_secret: str | None = None
    public_url: str = "http://127.0.0.1:8000"


@dataclass(slots=True)
class BotContext:
    coach: Coach
    services: Services
    config: BotConfig
    extras: dict[str, Any] = field(default_factory=dict)
