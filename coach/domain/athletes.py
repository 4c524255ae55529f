"""An athlete (a runner) and the preferences the coach keeps for them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID


class Language(enum.StrEnum):
    EN = "en"
    KO = "ko"


class Units(enum.StrEnum):
    KM = "km"
    MI = "mi"


class Level(enum.StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class IdentityKind(enum.StrEnum):
    LOCAL = "local"        # a name on this machine (`runcoach chat --user NAME`)
    TELEGRAM = "telegram"  # a Telegram user id
    EMAIL = "email"        # a web account
    STRAVA = "strava"      # a Strava athlete id
    GOOGLE = "google"      # a Google account subject


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(slots=True)
class Preferences:
    language: Language = Language.EN
    units: Units = Units.KM
    timezone: str = "UTC"
    runs_per_week: int = 4
    long_run_day: int = 6  # 0 = Monday … 6 = Sunday
    unavailable_days: list[int] = field(default_factory=list)
    morning_hour: int = 7
    morning_message: bool = True
    weekly_review: bool = True
    post_run_note: bool = True
    level: Level = Level.INTERMEDIATE
    max_hr: int | None = None
    threshold_hr: int | None = None
    resting_hr: int | None = None
    stated_weekly_km: float | None = None


@dataclass(slots=True)
class Athlete:
    id: UUID
    handle: str
    display_name: str
    preferences: Preferences = field(default_factory=Preferences)
    created_at: datetime | None = None
