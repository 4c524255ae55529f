"""The command menu Telegram shows beside the text box, in English and in Korean."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from coach.domain.athletes import Language
from coach.i18n import t

log = logging.getLogger(__name__)

MENU = ("today", "plan", "log", "stats", "goal", "skip", "move", "sick", "away", "predict",
        "settings", "strava", "web", "calendar", "lang", "units", "start", "help")


def commands(language: Language) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"menu_{name}")) for name in MENU]


async def publish_menu(bot: Bot) -> None:
    """English for everyone, Korean for Korean clients; a failure only costs the menu."""
    try:
        await bot.set_my_commands(commands(Language.EN))
        await bot.set_my_commands(commands(Language.KO), language_code="ko")
    except TelegramError as exc:
        log.warning("could not publish the command menu: %r", exc)
