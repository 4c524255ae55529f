"""Commands about the conversation itself: /start, /help, /lang, /units."""

from __future__ import annotations

from coach.domain.athletes import Athlete, Language, Units
from coach.i18n import t
from coach.ports import Reply
from coach.services import Services


async def start(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    return Reply(text=t(athlete.preferences.language, "welcome", name=athlete.display_name))


async def help_(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    return Reply(text=t(athlete.preferences.language, "help"))


async def lang(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    wanted = args[0].lower() if args else ""
    if wanted not in ("ko", "en"):
        return Reply(text=t(athlete.preferences.language, "lang_usage"))
    language = Language(wanted)
    updated = await services.athletes.update_preferences(athlete.id, language=language)
    athlete.preferences = updated.preferences
    return Reply(text=t(language, "lang_set"))


async def units(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    wanted = args[0].lower() if args else ""
    if wanted in ("miles", "mile"):
        wanted = "mi"
    if wanted not in ("km", "mi"):
        return Reply(text=t(athlete.preferences.language, "units_usage"))
    updated = await services.athletes.update_preferences(athlete.id, units=Units(wanted))
    athlete.preferences = updated.preferences
    return Reply(text=t(athlete.preferences.language, "units_set", units=wanted))


COMMANDS = {"start": start, "help": help_, "lang": lang, "units": units}
