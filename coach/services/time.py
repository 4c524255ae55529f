"""The runner's own calendar: today and week boundaries in their time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.domain.athletes import Athlete
from coach.ports import Clock


def athlete_zone(athlete: Athlete) -> ZoneInfo:
    try:
        return ZoneInfo(athlete.preferences.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def athlete_now(athlete: Athlete, clock: Clock) -> datetime:
    return clock.now().astimezone(athlete_zone(athlete))


def athlete_today(athlete: Athlete, clock: Clock) -> date:
    return athlete_now(athlete, clock).date()


def day_bounds_utc(athlete: Athlete, first: date, last_exclusive: date) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at `first` and at `last_exclusive`."""
    zone = athlete_zone(athlete)
    start = datetime.combine(first, time.min, zone).astimezone(UTC)
    end = datetime.combine(last_exclusive, time.min, zone).astimezone(UTC)
    return start, end


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
