"""Prometheus metrics of the LLM coach: calls, latency, tokens, tool calls and fallbacks."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

LLM_CALLS = Counter("runcoach_llm_calls_total", "Chat-completion calls made to the LLM",
                    ["model", "outcome"])
LLM_LATENCY = Histogram(
    "runcoach_llm_latency_seconds", "Latency of one LLM call", ["model"],
    buckets=(0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 30.0))
LLM_TOKENS = Counter("runcoach_llm_tokens_total", "Tokens sent to (in) and produced by (out) the LLM",
                     ["model", "direction"])
LLM_FALLBACKS = Counter("runcoach_llm_fallbacks_total",
                        "Turns the offline coach answered instead of the LLM, by reason", ["reason"])
LLM_TOOL_CALLS = Counter("runcoach_llm_tool_calls_total", "Tool calls the LLM made, by tool",
                         ["tool"])


class PrometheusAgentObserver:
    """The agent's AgentObserver: counts tool calls and fallbacks in the metrics above."""

    def tool_called(self, tool: str) -> None:
        LLM_TOOL_CALLS.labels(tool).inc()

    def fell_back(self, reason: str) -> None:
        LLM_FALLBACKS.labels(reason).inc()
