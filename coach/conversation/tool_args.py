"""The arguments of the LLM's tools (interface.md §5) as pydantic models, and their JSON Schemas.

Every model forbids extra fields, so no argument can name another athlete: the athlete is
always the conversation's. A model that breaks a rule gets the problem back as a tool error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

WEEK_PATTERN = r"^\d{4}-W\d{2}$"
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ChangeName = Literal["skip", "move", "swap", "shorten", "lengthen", "easier", "harder", "rest_days",
                     "unavailable", "sick"]


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NoArgs(ToolArgs):
    pass


class ListRunsArgs(ToolArgs):
    since: dt.date | None = Field(None, description="first day, YYYY-MM-DD")
    until: dt.date | None = Field(None, description="last day, YYYY-MM-DD")
    limit: int = Field(10, ge=1, le=50, description="at most this many runs (≤ 50)")


class GetRunArgs(ToolArgs):
    run_id: UUID = Field(description="a run_id from list_runs or get_plan")


class TrainingLoadArgs(ToolArgs):
    weeks: int = Field(6, ge=1, le=26, description="how many recent weeks (≤ 26)")


class GetPlanArgs(ToolArgs):
    week: str | None = Field(None, pattern=WEEK_PATTERN,
                             description="ISO week YYYY-Www; this week when left out")


class SetGoalArgs(ToolArgs):
    race_distance_m: float = Field(ge=1000, le=100_000, description="race distance in metres")
    race_date: dt.date = Field(description="YYYY-MM-DD")
    target_time_s: float | None = Field(None, gt=0, description="goal finish time in seconds")
    runs_per_week: int | None = Field(None, ge=3, le=7)
    long_run_day: Weekday | None = None


class CreatePlanArgs(ToolArgs):
    from_week: str | None = Field(None, pattern=WEEK_PATTERN,
                                  description="ISO week YYYY-Www the new plan starts (default: this week)")


class AdjustPlanArgs(ToolArgs):
    change: ChangeName
    date: dt.date | None = Field(None, description="the day to change, YYYY-MM-DD (default today)")
    to_date: dt.date | None = Field(None, description="move/swap target day, or last day away")
    days: int | None = Field(None, ge=1, le=90, description="rest_days / sick / unavailable span")
    distance_m: float | None = Field(None, gt=0, le=100_000, description="new distance (shorten, lengthen)")
    percent: float | None = Field(None, gt=0, lt=100, description="shorten/lengthen by this percent")
    reason: str | None = Field(None, max_length=200)


class SyncStravaArgs(ToolArgs):
    since: dt.date | None = Field(None, description="fetch runs from this day (default 30 days ago)")


class PredictRaceArgs(ToolArgs):
    distance_m: float = Field(ge=800, le=100_000, description="race distance in metres")


def json_schema(model: type[ToolArgs]) -> dict[str, Any]:
    """An OpenAI function `parameters` schema: flat, no titles, optionals as plain types."""
    raw = model.model_json_schema()
    properties: dict[str, Any] = {}
    for name, prop in (raw.get("properties") or {}).items():
        clean = {k: v for k, v in prop.items() if k not in ("title", "anyOf")}
        options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
        if len(options) == 1:
            clean.update(options[0])
        if clean.get("default") is None:
            clean.pop("default", None)
        properties[name] = clean
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    if raw.get("required"):
        schema["required"] = list(raw["required"])
    return schema
