"""The Coach: routes a runner's message to a command, the LLM agent or the offline coach."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Protocol

from coach.conversation.offline import OfflineCoach
from coach.domain.athletes import Athlete
from coach.domain.errors import CoachError
from coach.i18n import error_text, t
from coach.ports import Message, Reply
from coach.services import Services

log = logging.getLogger(__name__)


@dataclass(slots=True)
class TurnContext:
    """Where a turn comes from: `telegram`, `terminal` or `web`."""

    channel: str = "terminal"


class Agent(Protocol):
    """The LLM coach, when one is configured; None from `answer` means "let the offline coach"."""

    async def answer(self, athlete: Athlete, text: str, ctx: TurnContext) -> Reply | None: ...


class Coach:
    def __init__(self, services: Services, agent: Agent | None = None) -> None:
        self.services = services
        self.offline = OfflineCoach(services)
        self.agent = agent

    async def respond(self, athlete: Athlete, text: str, ctx: TurnContext | None = None) -> Reply:
        """Answer one message. Never raises: a runner always gets a reply."""
        ctx = ctx or TurnContext()
        text = text.strip()
        try:
            reply = await self._route(athlete, text, ctx)
        except CoachError as exc:
            reply = Reply(text=error_text(athlete.preferences.language, exc))
        except Exception:
            reply = self._incident(athlete, "turn")
        await self._remember(athlete, text, reply)
        return reply

    async def press(self, athlete: Athlete, action: str, ctx: TurnContext | None = None) -> Reply:
        """A button the runner pressed (Confirm / Cancel / Done / Skip)."""
        try:
            return await self.offline.press(athlete, action)
        except CoachError as exc:
            return Reply(text=error_text(athlete.preferences.language, exc))
        except Exception:
            return self._incident(athlete, "button")

    async def _route(self, athlete: Athlete, text: str, ctx: TurnContext) -> Reply:
        if not text:
            return Reply(text=t(athlete.preferences.language, "empty"))
        if text.startswith("/") or self.agent is None:
            return await self.offline.handle(athlete, text)
        pending = await self.offline.pending_answer(athlete, text)
        if pending is not None:
            return pending
        reply = await self.agent.answer(athlete, text, ctx)
        if reply is None:
            return await self.offline.handle(athlete, text)
        return reply

    def _incident(self, athlete: Athlete, where: str) -> Reply:
        incident = secrets.token_hex(4)
        log.exception("unexpected error in chat %s (incident %s, athlete %s)", where, incident,
                      athlete.id)
        return Reply(text=t(athlete.preferences.language, "error", incident=incident))

    async def _remember(self, athlete: Athlete, text: str, reply: Reply) -> None:
        try:
            async with self.services.deps.uow() as uow:
                await uow.messages.add(athlete.id, Message(role="user", content=text))
                await uow.messages.add(athlete.id, Message(role="assistant", content=reply.text))
                await uow.commit()
        except Exception:
            # Losing a transcript line must not cost the runner their answer.
            log.exception("could not store the conversation for athlete %s", athlete.id)
