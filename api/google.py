"""Google sign-in over OAuth 2.0 / OpenID Connect with authlib, when GOOGLE_CLIENT_ID is configured."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from authlib.integrations.httpx_client import AsyncOAuth2Client

from api.context import ApiContext

log = logging.getLogger(__name__)


@dataclass(slots=True)
class GoogleConfig:
    client_id: str
    client_secret: str
    authorize_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL, not a secret)
    userinfo_url: str = "https://openidconnect.googleapis.com/v1/userinfo"
    # Tests fake Google at the wire by handing the HTTP client a mock transport.
    transport: Any = None


@dataclass(slots=True)
class GoogleUser:
    subject: str
    name: str
    email: str | None
    email_verified: bool


def google_config(ctx: ApiContext) -> GoogleConfig | None:
    config = ctx.extras.get("google")
    return config if isinstance(config, GoogleConfig) and config.client_id else None


def _client(config: GoogleConfig, redirect_uri: str) -> AsyncOAuth2Client:
    extra: dict[str, Any] = {"transport": config.transport} if config.transport is not None else {}
    return AsyncOAuth2Client(config.client_id, config.client_secret, scope="openid email profile",
                             redirect_uri=redirect_uri, timeout=10.0, **extra)


def authorization_url(config: GoogleConfig, redirect_uri: str, state: str) -> str:
    client = _client(config, redirect_uri)
    url, _ = client.create_authorization_url(config.authorize_url, state=state,
                                             prompt="select_account")
    return str(url)


async def fetch_user(config: GoogleConfig, redirect_uri: str, code: str) -> GoogleUser:
    """Exchange the code and read who signed in. Raises on any failure (the route shows one message)."""
    async with _client(config, redirect_uri) as client:
        await client.fetch_token(config.token_url, code=code)
        response = await client.get(config.userinfo_url)
        response.raise_for_status()
        info = response.json()
    subject = str(info["sub"])
    email = info.get("email")
    return GoogleUser(subject=subject,
                      name=str(info.get("name") or (email or "runner").split("@")[0]),
                      email=str(email) if email else None,
                      email_verified=bool(info.get("email_verified")))
