"""Builds the LLM coach from the settings: the langchain-openai adapter, metrics, the agent."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from coach.services import Services
from runcoach.settings import Settings

if TYPE_CHECKING:
    from coach.conversation.agent import LLMAgent

log = logging.getLogger(__name__)


def llm_agent(settings: Settings, services: Services) -> LLMAgent | None:
    """The agent when COACH_LLM (auto: a key or base URL is set) says so; else None (offline)."""
    if not settings.llm_enabled:
        return None
    # langchain takes seconds to import: only processes that talk to a model pay for it.
    from coach.conversation.agent import AgentConfig, LLMAgent
    from coach.conversation.tool_views import StravaPolicy
    from integrations.llm import OpenAILanguageModel
    from integrations.llm_metrics import PrometheusAgentObserver

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if not key and not settings.openai_base_url:
        log.warning("COACH_LLM=llm but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: "
                    "every turn will fall back to the offline coach")
    model = OpenAILanguageModel(model=settings.coach_llm_model, api_key=key,
                                base_url=settings.openai_base_url,
                                timeout_s=settings.coach_llm_timeout_s)
    config = AgentConfig(timeout_s=settings.coach_llm_timeout_s,
                         daily_turns=dict(settings.coach_llm_daily_turns),
                         strava_data=StravaPolicy(settings.coach_llm_strava_data.value))
    log.info("LLM coach on: model %s at %s, Strava data: %s", settings.coach_llm_model,
             settings.openai_base_url or "the OpenAI API", config.strava_data)
    return LLMAgent(services, model, config, observer=PrometheusAgentObserver())
