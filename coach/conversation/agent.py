"""The LLM agent: one chat turn of model ↔ tools, bounded in rounds and time, with a fallback.

The model talks; the engine computes. A turn is at most `max_tool_rounds` rounds of tool calls
inside one deadline (COACH_LLM_TIMEOUT_S). Whatever goes wrong — the daily quota, a timeout,
an HTTP error, malformed calls, a model that loops or says nothing — the runner still gets an
answer from the offline coach, with a word on why, and the fallback is counted. A plan change
the model asked for always reaches the runner as the engine's diff with Confirm / Cancel.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.conversation.agent_prompt import MEMORY_STATE, opening, remembered
from coach.conversation.commands_plan import proposal_reply
from coach.conversation.offline import OfflineCoach
from coach.conversation.render import week_lines
from coach.conversation.tool_views import StravaPolicy
from coach.conversation.tools import Toolbox, TurnState
from coach.domain.athletes import Athlete, Language
from coach.domain.plans import iso_week
from coach.ports import Reply
from coach.ports_llm import AgentObserver, ChatMessage, LanguageModel, ModelError, NullObserver
from coach.services import Services
from coach.services.time import athlete_today

if TYPE_CHECKING:
    from coach.conversation.coach import TurnContext

log = logging.getLogger(__name__)

# The athlete-state key an operator sets to put a runner on a quota tier: {"tier": "plus"}.
TIER_STATE = "tier"
_MAX_REPLY_CHARS = 3500
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)

_NOTES = {
    Language.EN: {
        "quota": "(You've used today's {limit} conversations with the AI coach, so the basic coach "
                 "answered. It opens again tomorrow.)",
        "failed": "(The AI coach couldn't answer just now, so the basic coach did.)",
        "plan_header": "Your new plan (version {version}):",
    },
    Language.KO: {
        "quota": "(오늘 AI 코치와의 대화 {limit}회를 다 써서 기본 코치가 답했어요. 내일 다시 열려요.)",
        "failed": "(AI 코치가 지금 답하지 못해서 기본 코치가 대신 답했어요.)",
        "plan_header": "새 훈련 계획 (버전 {version}):",
    },
}


@dataclass(frozen=True, slots=True)
class AgentConfig:
    timeout_s: float = 8.0
    max_tool_rounds: int = 6
    max_calls_per_round: int = 6
    daily_turns: Mapping[str, int] = field(default_factory=lambda: {"free": 30, "plus": 200})
    default_tier: str = "free"
    strava_data: StravaPolicy = StravaPolicy.SUMMARIES


class _GiveUp(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LLMAgent:
    """The Coach's `Agent`: answers free text with the model and the tools, or falls back."""

    def __init__(self, services: Services, model: LanguageModel, config: AgentConfig | None = None,
                 observer: AgentObserver | None = None) -> None:
        self.services = services
        self.model = model
        self.config = config or AgentConfig()
        self.observer: AgentObserver = observer or NullObserver()
        self.tools = Toolbox(services, self.config.strava_data)
        self.offline = OfflineCoach(services)

    async def answer(self, athlete: Athlete, text: str, ctx: TurnContext | None = None) -> Reply:
        limit = await self._daily_limit(athlete)
        if not await self._count_turn(athlete, limit):
            self.observer.fell_back("quota")
            return await self._fallback(athlete, text, TurnState(athlete), "quota", limit=limit)
        state = TurnState(athlete)
        try:
            async with asyncio.timeout(self.config.timeout_s):
                said = await self._converse(athlete, text, state)
        except TimeoutError:
            return await self._failed(athlete, text, state, "timeout")
        except ModelError as exc:
            return await self._failed(athlete, text, state, exc.reason)
        except _GiveUp as exc:
            return await self._failed(athlete, text, state, exc.reason)
        except Exception:
            log.exception("LLM turn failed for athlete %s", athlete.id)
            return await self._failed(athlete, text, state, "error")
        await self._remember(athlete, text, state, "answered")
        return self._compose(said, state)

    async def _converse(self, athlete: Athlete, text: str, state: TurnState) -> str:
        deadline = time.monotonic() + self.config.timeout_s
        start = await opening(self.services, athlete, text)
        state.memory = start.memory
        messages = start.messages
        seen: set[str] = set()
        for round_no in range(self.config.max_tool_rounds + 1):
            turn = await self.model.complete(messages, self.tools.specs,
                                             timeout_s=deadline - time.monotonic())
            if not turn.tool_calls:
                said = _THINKING.sub("", turn.text).strip()
                if not said:
                    raise _GiveUp("empty")
                return said[:_MAX_REPLY_CHARS]
            if round_no == self.config.max_tool_rounds:
                raise _GiveUp("loop")
            messages.append(ChatMessage("assistant", turn.text, turn.tool_calls))
            for n, call in enumerate(turn.tool_calls):
                self.observer.tool_called(call.name if self.tools.knows(call.name) else "unknown")
                key = f"{call.name}:{json.dumps(call.arguments, sort_keys=True, default=str)}"
                if n >= self.config.max_calls_per_round:
                    content = _refusal("Too many tool calls in one message; call fewer at a time.")
                elif call.arguments is not None and key in seen:
                    content = _refusal("You already made this exact call this turn; use that "
                                       "result and answer the runner.")
                else:
                    seen.add(key)
                    content = (await self.tools.run(call, state)).content
                messages.append(ChatMessage("tool", content, tool_call_id=call.id))
        raise _GiveUp("loop")  # not reached: the last round either answers or gives up

    def _compose(self, said: str, state: TurnState) -> Reply:
        athlete = state.athlete
        lang, units = athlete.preferences.language, athlete.preferences.units
        parts = [said]
        reply = Reply(text="")
        if state.plan is not None:
            week = state.plan.week(iso_week(athlete_today(athlete, self.services.deps.clock)))
            if week is not None:
                parts.append("\n".join([_NOTES[lang]["plan_header"].format(version=state.plan.version),
                                        *week_lines(lang, units, week)[1:]]))
            reply.plan_changed = True
        if state.proposal is not None:
            # The engine's diff and rules, whatever the model said about them, and the buttons.
            shown = proposal_reply(athlete, state.proposal)
            parts.append(shown.text)
            reply.buttons = shown.buttons
        reply.text = "\n\n".join(parts)
        return reply

    async def _failed(self, athlete: Athlete, text: str, state: TurnState, reason: str) -> Reply:
        log.info("LLM turn for athlete %s fell back: %s", athlete.id, reason)
        self.observer.fell_back(reason)
        await self._remember(athlete, text, state, f"fallback:{reason}")
        return await self._fallback(athlete, text, state, "failed")

    async def _fallback(self, athlete: Athlete, text: str, state: TurnState, note: str,
                        limit: int = 0) -> Reply:
        lang = state.athlete.preferences.language
        words = _NOTES[lang][note].format(limit=limit)
        if state.plan is not None or state.proposal is not None:
            # The tools changed something before the failure: show that, not a generic answer.
            reply = self._compose("", state)
            reply.text = reply.text.lstrip()
        else:
            reply = await self.offline.handle(state.athlete, text)
        reply.text = f"{reply.text}\n\n{words}"
        return reply

    async def _daily_limit(self, athlete: Athlete) -> int:
        turns = self.config.daily_turns
        default = turns.get(self.config.default_tier, 0)
        stored = await self.services.athletes.get_state(athlete.id, TIER_STATE)
        tier = stored.get("tier") if stored else None
        return turns.get(str(tier), default) if tier else default

    async def _count_turn(self, athlete: Athlete, limit: int) -> bool:
        day = athlete_today(athlete, self.services.deps.clock).isoformat()
        # The day is the runner's calendar day; the window outlives it so the key expires itself.
        return await self.services.deps.quota.hit(f"llm-turns:{athlete.id}:{day}", limit, 26 * 3600)

    async def _remember(self, athlete: Athlete, text: str, state: TurnState, outcome: str) -> None:
        day = athlete_today(athlete, self.services.deps.clock).isoformat()
        try:
            memory = state.memory
            if memory is None:
                stored = await self.services.athletes.get_state(athlete.id, MEMORY_STATE) or {}
                memory = [m for m in stored.get("turns", []) if isinstance(m, dict)]
            await self.services.athletes.set_state(
                athlete.id, MEMORY_STATE, remembered(memory, day, text, state.used, outcome))
        except Exception:
            # The summary is a convenience; losing one line must not cost the runner an answer.
            log.exception("could not update the conversation summary of athlete %s", athlete.id)


def _refusal(message: str) -> str:
    return json.dumps({"error": message})
