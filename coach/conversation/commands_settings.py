"""Preferences and links: /settings in one line, /strava, /web and /calendar."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from coach.conversation.answers import parse_zone
from coach.conversation.commands_plan import proposal_reply
from coach.conversation.dates import weekday_number
from coach.domain.athletes import WEEKDAYS, Athlete, Language, Preferences, Units
from coach.domain.errors import CoachError, InvalidInput
from coach.i18n import t
from coach.ports import Reply
from coach.services import Services

_ON = {"on", "yes", "true", "1", "켬", "켜기", "네"}
_OFF = {"off", "no", "false", "0", "끔", "끄기", "아니요"}
_NONE = {"none", "no", "-", "없음"}
# Keys as runners may type them → the canonical key.
_ALIASES = {"runs": "runs", "days": "runs", "long": "long", "longrun": "long", "off": "off",
            "rest": "off", "hour": "hour", "tz": "tz", "timezone": "tz", "zone": "tz",
            "units": "units", "unit": "units", "lang": "lang", "language": "lang",
            "morning": "morning", "review": "review", "notes": "notes", "note": "notes"}
# Changes that shape the weeks, so the plan is rebuilt from next week.
_PLAN_SHAPING = {"runs_per_week", "long_run_day", "unavailable_days"}


@dataclass(slots=True)
class _Change:
    field: str
    value: Any
    shown: str


def describe(prefs: Preferences) -> dict[str, str]:
    lang = prefs.language
    return {
        "runs": str(prefs.runs_per_week), "long": WEEKDAYS[prefs.long_run_day],
        "off": ",".join(WEEKDAYS[d] for d in sorted(prefs.unavailable_days)) or t(lang, "settings_none"),
        "hour": str(prefs.morning_hour), "tz": prefs.timezone, "units": prefs.units.value,
        "lang": prefs.language.value, "morning": t(lang, "on" if prefs.morning_message else "off"),
        "review": t(lang, "on" if prefs.weekly_review else "off"),
        "notes": t(lang, "on" if prefs.post_run_note else "off"),
    }


def _flag(value: str) -> bool | None:
    return True if value in _ON else False if value in _OFF else None


def _parse(key: str, value: str) -> _Change | None:
    """One `key=value` as a preference change; None when it can't be read."""
    if key == "runs":
        return _Change("runs_per_week", int(value), value) if value.isdigit() else None
    if key == "long":
        day = weekday_number(value)
        return None if day is None else _Change("long_run_day", day, WEEKDAYS[day])
    if key == "off":
        if value in _NONE:
            return _Change("unavailable_days", [], value)
        days = [weekday_number(v) for v in value.split(",") if v]
        if not days or any(d is None for d in days):
            return None
        chosen = sorted({d for d in days if d is not None})
        return _Change("unavailable_days", chosen, ",".join(WEEKDAYS[d] for d in chosen))
    if key == "hour":
        digits = value.removesuffix("h").removesuffix("시")
        hour = int(digits) if digits.isdigit() else -1
        return _Change("morning_hour", hour, str(hour)) if 0 <= hour <= 23 else None
    if key == "tz":
        zone = parse_zone(value)
        return None if zone is None else _Change("timezone", zone, zone)
    if key == "units":
        wanted = {"miles": "mi", "mile": "mi"}.get(value, value)
        return _Change("units", Units(wanted), wanted) if wanted in ("km", "mi") else None
    if key == "lang":
        return _Change("language", Language(value), value) if value in ("ko", "en") else None
    flag = _flag(value)
    target = {"morning": "morning_message", "review": "weekly_review", "notes": "post_run_note"}
    if key in target and flag is not None:
        return _Change(target[key], flag, value)
    return None


async def settings(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    if not args:
        return Reply(text=t(lang, "settings_show", **describe(athlete.preferences)))
    changes: list[_Change] = []
    for item in args:
        key, sep, value = item.partition("=")
        canonical = _ALIASES.get(key.strip().lower())
        change = _parse(canonical, value.strip().lower()) if sep and canonical else None
        if change is None:
            return Reply(text=t(lang, "settings_bad", item=item))
        changes.append(change)
    values = {c.field: c.value for c in changes}
    _check(athlete.preferences, values)
    updated = await services.athletes.update_preferences(athlete.id, **values)
    athlete.preferences = updated.preferences
    lang = athlete.preferences.language
    saved = t(lang, "settings_saved",
              changes=", ".join(f"{_key_of(c.field)}={c.shown}" for c in changes))
    if not _PLAN_SHAPING & values.keys() or await services.plans.active(athlete.id) is None:
        return Reply(text=saved)
    try:
        proposal = await services.plans.propose_replan(athlete.id, reason="New preferences")
    except InvalidInput as exc:
        return Reply(text=f"{saved}\n{exc.message}")
    if proposal is None:
        return Reply(text=f"{saved}\n{t(lang, 'settings_replan_same')}")
    shown = proposal_reply(athlete, proposal)
    changes_only = shown.text.split("\n", 1)[1]  # our own header replaces the generic one
    shown.text = f"{saved}\n{t(lang, 'settings_replan')}\n{changes_only}"
    return shown


def _key_of(field: str) -> str:
    return {"runs_per_week": "runs", "long_run_day": "long", "unavailable_days": "off",
            "morning_hour": "hour", "timezone": "tz", "units": "units", "language": "lang",
            "morning_message": "morning", "weekly_review": "review",
            "post_run_note": "notes"}[field]


def _check(prefs: Preferences, values: dict[str, Any]) -> None:
    lang = values.get("language", prefs.language)
    runs = values.get("runs_per_week", prefs.runs_per_week)
    if not 3 <= runs <= 7:
        raise InvalidInput(t(lang, "settings_bad_runs"))
    off = set(values.get("unavailable_days", prefs.unavailable_days))
    free = 7 - len(off)
    if free < min(runs, 3):
        raise InvalidInput(t(lang, "settings_bad_days", runs=runs, free=free))


async def strava(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    feature = getattr(services, "strava", None)
    if feature is None or not getattr(feature, "enabled", True):
        return Reply(text=t(lang, "strava_off"))
    try:
        url = feature.connect_url(athlete.id)
        if inspect.isawaitable(url):
            url = await url
    except CoachError:
        return Reply(text=t(lang, "strava_off"))
    return Reply(text=t(lang, "strava_link", url=url))


async def web(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    feature = getattr(services, "web", None)
    if feature is None:
        return Reply(text=t(athlete.preferences.language, "feature_off", command="/web"))
    url = await feature.create_login_link(athlete.id)
    return Reply(text=t(athlete.preferences.language, "web_link", url=url))


async def calendar(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    feature = getattr(services, "calendar", None)
    if feature is None:
        return Reply(text=t(athlete.preferences.language, "feature_off", command="/calendar"))
    url = await feature.feed_url(athlete.id)
    return Reply(text=t(athlete.preferences.language, "calendar_link", url=url))


COMMANDS = {"settings": settings, "strava": strava, "web": web, "calendar": calendar}
