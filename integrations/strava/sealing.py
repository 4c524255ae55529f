"""Seals third-party tokens with Fernet, so the database only ever holds ciphertext."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from coach.domain.strava import StravaAuthError


class TokenSealer:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode("ascii")

    def unseal(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, ValueError) as exc:
            # A changed TOKEN_ENCRYPTION_KEY makes stored tokens useless: the runner reconnects.
            raise StravaAuthError(
                "The stored Strava tokens can't be read (was "
                "TOKEN_ENCRYPTION_KEY changed?); please reconnect Strava."
            ) from exc
