"""The offline coach: answers every command, and the plain-word intents behind them, without an LLM."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from coach.conversation import commands_basic, commands_plan, commands_runs, commands_settings
from coach.conversation.intents import command_for
from coach.conversation.onboarding import Onboarding
from coach.conversation.stats_chart import stats
from coach.domain.athletes import Athlete
from coach.i18n import t
from coach.ports import Reply
from coach.services import Services

Handler = Callable[[Services, Athlete, list[str]], Awaitable[Reply]]

# Commands that may be used in the middle of the set-up without leaving it.
_KEEP_ONBOARDING = {"start", "lang", "units"}


class OfflineCoach:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.onboarding = Onboarding(services)
        self.commands: dict[str, Handler] = {
            **commands_basic.COMMANDS,
            **commands_runs.COMMANDS,
            **commands_plan.COMMANDS,
            **commands_settings.COMMANDS,
            "stats": stats,
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
        if name == "start":
            return await self.onboarding.start(athlete)
        if name not in _KEEP_ONBOARDING and name in self.commands:
            # Any other command means the runner chose to go their own way.
            await self.onboarding.abandon(athlete)
        handler = self.commands.get(name)
        if handler is None:
            return Reply(text=t(athlete.preferences.language, "unknown_command", command=f"/{name}"))
        reply = await handler(self.services, athlete, args)
        if name in ("lang", "units"):
            question = await self.onboarding.current_question(athlete)
            if question is not None:
                reply.text += "\n\n" + question.text
                reply.buttons = question.buttons
        return reply

    async def pending_answer(self, athlete: Athlete, text: str) -> Reply | None:
        """An answer to a question the coach asked (an onboarding step, a confirmation)."""
        answered = await self.onboarding.answer(athlete, text)
        if answered is not None:
            return answered
        return await commands_plan.answer_pending(self.services, athlete, text)

    async def press(self, athlete: Athlete, action: str) -> Reply:
        """A button: `confirm:<plan id>`, `cancel:<plan id>`, `done:<day>`, `skip:<day>`,
        `ob:<step>:<value>` (onboarding)."""
        verb, _, arg = action.partition(":")
        if verb == "ob":
            step, _, value = arg.partition(":")
            return await self.onboarding.press(athlete, step, value)
        if verb == "confirm":
            return await commands_plan.confirm(self.services, athlete, _uuid(arg))
        if verb == "cancel":
            return await commands_plan.cancel(self.services, athlete)
        if verb == "skip":
            return await commands_plan.skip(self.services, athlete, [arg] if arg else [])
        if verb == "done":
            return await commands_plan.done(self.services, athlete, arg)
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
