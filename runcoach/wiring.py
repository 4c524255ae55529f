"""Builds the outbound adapters that need settings: the Strava gateway and the Telegram notifier."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from coach.domain.athletes import IdentityKind
from coach.ports_strava import StravaSetup
from coach.services import Dependencies, Services
from integrations.strava import make_strava_gateway
from integrations.telegram_notify import TelegramNotifier
from runcoach.settings import Settings

Closer = Callable[[], Awaitable[None]]


def attach_strava(deps: Dependencies, settings: Settings) -> list[Closer]:
    """Give the services Strava when STRAVA_CLIENT_ID is set (before Services are built)."""
    if not settings.strava_enabled:
        return []
    assert settings.strava_client_id is not None and settings.strava_verify_token is not None
    secret = settings.strava_client_secret.get_secret_value() if settings.strava_client_secret else ""
    gateway = make_strava_gateway(
        api_url=settings.strava_api_url, oauth_url=settings.strava_oauth_url,
        client_id=settings.strava_client_id, client_secret=secret,
        fernet_key=settings.fernet_key(), cache=deps.cache, clock=deps.clock)
    deps.strava = StravaSetup(gateway=gateway,
                              verify_token=settings.strava_verify_token.get_secret_value(),
                              signing_key=settings.signing_key(),
                              backfill_weeks=settings.strava_backfill_weeks)
    return [gateway.aclose]


def attach_notifier(deps: Dependencies, settings: Settings, services: Services) -> list[Closer]:
    """Messages the coach starts go through Telegram whenever a bot token is set (workers too)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        return []

    async def chat_for(athlete_id: UUID) -> str | None:
        # A Telegram user's private chat with the bot has the user's id.
        return (await services.athletes.identities(athlete_id)).get(IdentityKind.TELEGRAM)

    notifier = TelegramNotifier(settings.telegram_bot_token.get_secret_value(),
                                settings.telegram_api_url, chat_for)
    deps.notifier = notifier
    return [notifier.aclose]
