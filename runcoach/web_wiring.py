"""Wires the web face's adapters: the argon2 password hasher and Google sign-in."""

from __future__ import annotations

from typing import Any

from api.google import GoogleConfig
from coach.services import Dependencies
from integrations.passwords import Argon2PasswordHasher
from runcoach.settings import Settings


def attach_password_hasher(deps: Dependencies) -> None:
    deps.extras["password_hasher"] = Argon2PasswordHasher()


def web_extras(settings: Settings) -> dict[str, Any]:
    """What `ApiContext.extras` carries for the pages: Google's OAuth client when configured."""
    extras: dict[str, Any] = {}
    if settings.google_enabled:
        assert settings.google_client_id is not None and settings.google_client_secret is not None
        extras["google"] = GoogleConfig(client_id=settings.google_client_id,
                                        client_secret=settings.google_client_secret.get_secret_value())
    return extras
