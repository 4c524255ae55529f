"""Fixtures for the LLM coach: runners with history, and an agent on the real client pointed at
the scripted OpenAI-compatible server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from coach.clock import FixedClock
from coach.conversation import Coach
from coach.conversation.agent import AgentConfig, LLMAgent
from coach.conversation.tool_views import StravaPolicy
from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.domain.goals import Goal
from coach.domain.runs import Run, RunSource, Sport
from coach.services import Services
from integrations.llm import OpenAILanguageModel
from tests.fakes.openai_api import ScriptedOpenAI

RACE_DAY = date(2027, 4, 11)


@dataclass
class RecordingObserver:
    """A fake AgentObserver that keeps what it was told."""

    tools: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)

    def tool_called(self, tool: str) -> None:
        self.tools.append(tool)

    def fell_back(self, reason: str) -> None:
        self.fallbacks.append(reason)


def history(today: date, count: int, *, source: RunSource = RunSource.FILE,
            title: str | None = None) -> list[Run]:
    """`count` easy runs, one a day back from yesterday, 6–12 km at 5:20–6:00 per km."""
    runs = []
    for n in range(count):
        day = today - timedelta(days=n + 1)
        km = 6 + n % 7
        pace = 320 + (n * 13) % 40
        runs.append(Run(sport=Sport.RUN, start_time=datetime.combine(day, time(6, 30), UTC),
                        distance_m=km * 1000.0, moving_s=km * pace, elapsed_s=km * pace + 30,
                        source=source, source_id=f"{source.value}-{n}", utc_offset_s=0,
                        title=title or f"Easy run {n}", avg_hr=140 + n % 10))
    return runs


async def store_runs(services: Services, athlete: Athlete, runs: list[Run]) -> None:
    """Bulk insert in one unit of work (record_run's dedupe is not what these tests are about)."""
    async with services.deps.uow() as uow:
        for run in runs:
            run.id = uuid.uuid4()
            run.athlete_id = athlete.id
            await uow.runs.add(run)
        await uow.commit()


async def make_runner(services: Services, name: str = "Ada", *, language: Language = Language.EN,
                      runs: int = 0, goal: bool = True, plan: bool = True,
                      clock: FixedClock | None = None) -> Athlete:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, f"tg-{name}",
                                                 display_name=name, language=language)
    if runs:
        today = (clock.now() if clock else datetime.now(UTC)).date()
        await store_runs(services, athlete, history(today, runs))
    if goal:
        await services.goals.set_goal(athlete.id, Goal(21097.5, RACE_DAY, 6300.0))
    if plan:
        await services.plans.create_plan(athlete.id)
    return athlete


@dataclass
class Harness:
    coach: Coach
    agent: LLMAgent
    observer: RecordingObserver
    fake: ScriptedOpenAI

    def tool_messages(self, request: int) -> list[dict[str, Any]]:
        return [m for m in self.fake.completions()[request].messages if m["role"] == "tool"]

    def last_tool_result(self, request: int) -> dict[str, Any]:
        import json

        return json.loads(self.tool_messages(request)[-1]["content"])  # type: ignore[no-any-return]


@pytest.fixture
def make_coach(services: Services, fake_openai: ScriptedOpenAI) -> Callable[..., Harness]:
    def build(*, timeout_s: float = 5.0, daily_turns: dict[str, int] | None = None,
              strava_data: StravaPolicy = StravaPolicy.SUMMARIES, observer: Any = None) -> Harness:
        model = OpenAILanguageModel(model="fake-model", api_key="sk-test", base_url=fake_openai.base_url,
                                    timeout_s=timeout_s)
        recorder = RecordingObserver()
        config = AgentConfig(timeout_s=timeout_s, daily_turns=daily_turns or {"free": 30},
                             strava_data=strava_data)
        agent = LLMAgent(services, model, config, observer=observer or recorder)
        return Harness(Coach(services, agent=agent), agent, recorder, fake_openai)

    return build
