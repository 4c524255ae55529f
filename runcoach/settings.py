"""The one Settings object: every environment variable of interface.md §2, validated once."""

from __future__ import annotations

import base64
import hashlib
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Values people paste from examples; refused as secrets in production.
_PLACEHOLDERS = {"", "changeme", "change-me", "change_me", "secret", "password", "replace-me",
                 "your-secret-key", "xxx", "todo", "example", "dev", "test"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class TelegramMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"
    OFF = "off"


class CoachLLMMode(StrEnum):
    AUTO = "auto"
    LLM = "llm"
    OFFLINE = "offline"


class StravaDataPolicy(StrEnum):
    ALLOW = "allow"
    SUMMARIES = "summaries"
    DENY = "deny"


class SettingsError(ValueError):
    """A configuration that must not start; the message names the variable to fix."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      case_sensitive=False)

    database_url: SecretStr | None = None
    redis_url: SecretStr | None = None
    runcoach_data_dir: Path = Path(".runcoach")
    public_url: str = "http://127.0.0.1:8000"
    secret_key: SecretStr | None = None
    token_encryption_key: SecretStr | None = None
    runcoach_env: Environment = Environment.DEVELOPMENT
    log_level: str = Field("INFO", alias="RUNCOACH_LOG_LEVEL")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_mode: TelegramMode | None = None
    telegram_webhook_secret: SecretStr | None = None

    strava_client_id: str | None = None
    strava_client_secret: SecretStr | None = None
    strava_verify_token: SecretStr | None = None
    strava_oauth_url: str = "https://www.strava.com/oauth"
    strava_api_url: str = "https://www.strava.com/api/v3"
    strava_backfill_weeks: int = Field(16, ge=1, le=520)
    # While Strava's rate-limit window is used up, waiting jobs look again this often.
    strava_rate_limit_recheck_s: float = Field(60.0, gt=0, le=900)

    # Google sign-in on the web page; off unless both are set.
    google_client_id: str | None = None
    google_client_secret: SecretStr | None = None

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    coach_llm_model: str = "gpt-4o-mini"
    coach_llm: CoachLLMMode = CoachLLMMode.AUTO
    coach_llm_strava_data: StravaDataPolicy = StravaDataPolicy.SUMMARIES
    coach_llm_timeout_s: float = Field(8.0, gt=0, le=60)
    coach_llm_daily_turns: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"free": 30, "plus": 200})

    upload_max_bytes: int = Field(25 * 1024 * 1024, gt=0)
    worker_concurrency: int = Field(4, ge=1, le=64)
    # A job whose worker sent no heartbeat for this long is retried (its worker died).
    runcoach_stalled_job_s: float = Field(60.0, ge=1, le=3600)
    # How often a worker looks for jobs whose time has come (retries, rescheduled jobs);
    # new jobs wake it at once.
    runcoach_job_poll_s: float = Field(5.0, gt=0, le=60)
    # `runcoach worker` has no web server; with a port set it exposes /metrics there.
    worker_metrics_port: int | None = Field(None, ge=1, le=65535)

    @model_validator(mode="before")
    @classmethod
    def _parse_quota_tiers(cls, data: object) -> object:
        # `COACH_LLM_DAILY_TURNS=free=30,plus=200` reads better in an .env file than JSON.
        if isinstance(data, dict):
            for key in list(data):
                if key.lower() == "coach_llm_daily_turns" and isinstance(data[key], str):
                    pairs = [p.split("=", 1) for p in data[key].split(",") if p.strip()]
                    data[key] = {k.strip(): int(v) for k, v in pairs}
        return data

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.telegram_mode is None:
            self.telegram_mode = TelegramMode.POLLING if self.telegram_bot_token else TelegramMode.OFF
        if self.telegram_mode is not TelegramMode.OFF and not self.telegram_bot_token:
            raise SettingsError(f"TELEGRAM_MODE={self.telegram_mode} needs TELEGRAM_BOT_TOKEN.")
        if self.telegram_mode is TelegramMode.WEBHOOK and not _present(self.telegram_webhook_secret):
            raise SettingsError("TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET.")
        if self.strava_enabled and not _present(self.strava_verify_token):
            raise SettingsError("Strava is on (STRAVA_CLIENT_ID is set) but STRAVA_VERIFY_TOKEN is not.")
        if self.runcoach_env is Environment.PRODUCTION:
            self._refuse_weak_secrets()
        return self

    def _refuse_weak_secrets(self) -> None:
        required = {"SECRET_KEY": self.secret_key, "TOKEN_ENCRYPTION_KEY": self.token_encryption_key}
        if self.strava_enabled:
            required["STRAVA_CLIENT_SECRET"] = self.strava_client_secret
            required["STRAVA_VERIFY_TOKEN"] = self.strava_verify_token
        if self.telegram_mode is TelegramMode.WEBHOOK:
            required["TELEGRAM_WEBHOOK_SECRET"] = self.telegram_webhook_secret
        if self.google_client_id:
            required["GOOGLE_CLIENT_SECRET"] = self.google_client_secret
        for name, value in required.items():
            if not _present(value):
                raise SettingsError(f"{name} is required when RUNCOACH_ENV=production.")
            assert value is not None
            raw = value.get_secret_value()
            if raw.strip().lower() in _PLACEHOLDERS or len(raw) < 16:
                raise SettingsError(f"{name} looks like a placeholder; set a long random value "
                                    "(python -c 'import secrets; print(secrets.token_urlsafe(48))').")

    @property
    def google_enabled(self) -> bool:
        return bool(self.google_client_id) and _present(self.google_client_secret)

    @property
    def strava_enabled(self) -> bool:
        return bool(self.strava_client_id)

    @property
    def llm_enabled(self) -> bool:
        if self.coach_llm is CoachLLMMode.OFFLINE:
            return False
        if self.coach_llm is CoachLLMMode.LLM:
            return True
        return bool(self.openai_api_key) or bool(self.openai_base_url)

    @property
    def is_production(self) -> bool:
        return self.runcoach_env is Environment.PRODUCTION

    @property
    def behind_tls(self) -> bool:
        return self.public_url.startswith("https://")

    def signing_key(self) -> str:
        """SECRET_KEY, or in development one generated once into the data dir."""
        if _present(self.secret_key):
            assert self.secret_key is not None
            return self.secret_key.get_secret_value()
        path = self.runcoach_data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def fernet_key(self) -> bytes:
        """TOKEN_ENCRYPTION_KEY as a Fernet key; in development derived from the signing key."""
        if _present(self.token_encryption_key):
            assert self.token_encryption_key is not None
            raw = self.token_encryption_key.get_secret_value().encode()
            try:
                if len(base64.urlsafe_b64decode(raw)) == 32:
                    return raw
            except ValueError:
                pass
            # Any other string is stretched to a key, so operators may paste a passphrase.
            return base64.urlsafe_b64encode(hashlib.sha256(raw).digest())
        digest = hashlib.sha256(b"runcoach-token-key:" + self.signing_key().encode()).digest()
        return base64.urlsafe_b64encode(digest)


def _present(value: SecretStr | None) -> bool:
    return value is not None and bool(value.get_secret_value().strip())


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]


