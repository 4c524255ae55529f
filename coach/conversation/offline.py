"""The offline coach: answers every command, and the plain-word intents behind them, without an LLM."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from coach.conversation import commands_basic, commands_plan, commands_runs
from coach.conversation.intents import command_for
from coach.domain.athletes import Athlete
from coach.i18n import t
from coach.ports import Reply
from coach.services import Services

Handler = Callable[[Services, Athlete, list[str]], Awaitable[Reply]]

# Commands of interface.md §6 not answered yet say so honestly instead of guessing.
_COMING = ("strava", "web", "calendar", "settings")


class OfflineCoach:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.commands: dict[str, Handler] = {
            **commands_basic.COMMANDS,
            **commands_runs.COMMANDS,
            **commands_plan.COMMANDS,
        }

    async def handle(self, athlete: Athlete, text: str) -> Reply:
        if not text.startswith("/"):
            pending = await self.pending_answer(athlete, text)
            if pending is not None:
                return pending
            guessed = command_for(text)
            if guessed is None:
                return Reply(text=t(athlete.preferences.language, "fallback"))
            text = guessed
        name, args = _split_command(text)
        handler = self.commands.get(name)
        if handler is not None:
            return await handler(self.services, athlete, args)
        lang = athlete.preferences.language
        if name in _COMING:
            return Reply(text=t(lang, "coming", command=f"/{name}"))
        return Reply(text=t(lang, "unknown_command", command=f"/{name}"))

    async def pending_answer(self, athlete: Athlete, text: str) -> Reply | None:
        """An answer to a question the coach asked (a confirmation, an onboarding step)."""
        return await commands_plan.answer_pending(self.services, athlete, text)

    async def press(self, athlete: Athlete, action: str) -> Reply:
        """A button: `confirm:<plan id>`, `cancel:<plan id>`, `done:<day>`, `skip:<day>`."""
        verb, _, arg = action.partition(":")
        if verb == "confirm":
            return await commands_plan.confirm(self.services, athlete, _uuid(arg))
        if verb == "cancel":
            return await commands_plan.cancel(self.services, athlete)
        if verb == "skip":
            return await commands_plan.skip(self.services, athlete, [arg] if arg else [])
        if verb == "done":
            return Reply(text=t(athlete.preferences.language, "done_ack"))
        return Reply(text=t(athlete.preferences.language, "fallback"))


def _split_command(text: str) -> tuple[str, list[str]]:
    head, *args = text.split()
    # Telegram appends the bot's name in groups: /stats@RunCoachBot.
    name = head[1:].split("@", 1)[0].lower()
    return name, args


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
