"""The LLM's tool catalogue (interface.md §5): each tool a thin call into a service for the
conversation's athlete, arguments checked by pydantic, results as compact JSON.

Plans are computed by the engine, never by the model: `create_plan` and `adjust_plan` return
the engine's result with every guardrail that changed the request, and `adjust_plan` only
stores a proposal the runner confirms. Mistakes (bad arguments, a past date, a run that isn't
the runner's) come back as `{"error": ...}` for the model to correct or relay.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from coach.conversation import tool_views as views
from coach.conversation.tool_args import (
    AdjustPlanArgs,
    CreatePlanArgs,
    GetPlanArgs,
    GetRunArgs,
    ListRunsArgs,
    NoArgs,
    PredictRaceArgs,
    SetGoalArgs,
    SyncStravaArgs,
    ToolArgs,
    TrainingLoadArgs,
    json_schema,
)
from coach.conversation.tool_data import ToolData
from coach.conversation.tool_views import StravaPolicy, dumps
from coach.domain.athletes import WEEKDAYS, Athlete
from coach.domain.errors import CoachError, InvalidInput
from coach.domain.goals import Goal
from coach.domain.plans import ChangeKind, Plan, PlanChange, iso_week
from coach.ports_llm import ToolCallRequest, ToolSpec
from coach.science.predict import predict_race, riegel
from coach.services import Services
from coach.services.plans import Proposal
from coach.services.time import athlete_today
from coach.units import format_distance, format_duration

log = logging.getLogger(__name__)


@dataclass(slots=True)
class TurnState:
    """What the tools did during one turn, for the reply the runner gets."""

    athlete: Athlete
    proposal: Proposal | None = None
    plan: Plan | None = None
    goal_set: bool = False
    used: list[str] = field(default_factory=list)
    memory: list[dict[str, Any]] | None = None  # the rolling summary, once loaded
    sharing: str | None = None  # the runner's own choice of what the AI may see, once loaded


@dataclass(frozen=True, slots=True)
class ToolResult:
    content: str
    ok: bool


Handler = Callable[[Any, TurnState], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class _Tool:
    spec: ToolSpec
    args: type[ToolArgs]
    handler: Handler


class Toolbox:
    """The tools offered to the model, bound to the services and the Strava-data policy."""

    def __init__(self, services: Services, strava_data: StravaPolicy = StravaPolicy.SUMMARIES) -> None:
        self.services = services
        self.policy = StravaPolicy(strava_data)
        self.data = ToolData(services, self.policy)
        entries: list[tuple[str, str, type[ToolArgs], Handler]] = [
            ("get_athlete_profile", "The runner's goal, level, availability, VDOT, zones, units "
             "and language.", NoArgs, self._profile),
            ("list_runs", "The runner's runs, newest first.", ListRunsArgs, self._list_runs),
            ("get_run", "One run with laps and splits.", GetRunArgs, self._get_run),
            ("get_training_load", "Weekly distance and time, acute:chronic load ratio, fitness, "
             "fatigue and form.", TrainingLoadArgs, self._load),
            ("get_plan", "A week of the plan with what was done against it.", GetPlanArgs,
             self._get_plan),
            ("set_goal", "Save the runner's race goal (and optionally runs per week, long-run day).",
             SetGoalArgs, self._set_goal),
            ("create_plan", "Build a new plan version with the plan engine from the goal and "
             "history; returns it with the safety rules applied.", CreatePlanArgs, self._create_plan),
            ("adjust_plan", "Propose a plan change computed by the plan engine; the runner must "
             "confirm it. Returns the diff and every safety rule that changed the request.",
             AdjustPlanArgs, self._adjust_plan),
            ("sync_strava", "Fetch new runs from Strava now.", SyncStravaArgs, self._sync_strava),
            ("predict_race", "Predicted race time for a distance.", PredictRaceArgs, self._predict),
        ]
        self._tools = {name: _Tool(ToolSpec(name, text, json_schema(model)), model, handler)
                       for name, text, model, handler in entries}
        self.specs: list[ToolSpec] = [t.spec for t in self._tools.values()]

    def knows(self, name: str) -> bool:
        return name in self._tools

    async def run(self, call: ToolCallRequest, state: TurnState) -> ToolResult:
        """Run one tool call; never raises (a failure is a result the model can read)."""
        tool = self._tools.get(call.name)
        if tool is None:
            return _error(f"There is no tool named {call.name!r}. Tools: {', '.join(self._tools)}.")
        if call.arguments is None:
            return _error("The arguments were not a valid JSON object; call again with valid JSON.",
                          received=call.raw_arguments[:200])
        # Optional arguments sent as null mean "not given" (small models do this a lot).
        given = {k: v for k, v in call.arguments.items() if v is not None}
        try:
            args = tool.args.model_validate(given)
        except ValidationError as exc:
            return _error("Invalid arguments; fix them and call again.", problems=_problems(exc))
        state.used.append(call.name)
        refusal = await self._refused_by_runner(call.name, state)
        if refusal is not None:
            return _error(refusal)
        try:
            result = await tool.handler(args, state)
            if call.name == "list_runs" and state.sharing == _SUMMARIES:
                result = _summaries_only(result)
            return ToolResult(dumps(result), True)
        except CoachError as exc:
            return _error(exc.message)
        except Exception:
            log.exception("tool %s failed for athlete %s", call.name, state.athlete.id)
            return _error("The tool failed on the server; tell the runner it didn't work.")

    async def _refused_by_runner(self, tool: str, state: TurnState) -> str | None:
        """The runner's own setting (web settings, "what the AI may see") on top of the server's."""
        if tool not in _RUN_DATA_TOOLS:
            return None
        if state.sharing is None:
            accounts = getattr(self.services, "accounts", None)
            state.sharing = str(await accounts.llm_data(state.athlete.id)) if accounts else "full"
        if state.sharing == _NONE:
            return ("The runner chose not to share their run data with the AI coach. Answer "
                    "without it, or point them to /stats and /plan.")
        if state.sharing == _SUMMARIES and tool == "get_run":
            return ("The runner shares only run summaries with the AI coach; use list_runs "
                    "or get_training_load instead of one run's details.")
        return None

    # ---- reading ---------------------------------------------------------------------------

    async def _profile(self, args: NoArgs, state: TurnState) -> dict[str, Any]:
        return await self.data.profile(state.athlete)

    async def _list_runs(self, args: ListRunsArgs, state: TurnState) -> dict[str, Any]:
        return await self.data.list_runs(state.athlete, args.since, args.until, args.limit)

    async def _get_run(self, args: GetRunArgs, state: TurnState) -> dict[str, Any]:
        athlete = state.athlete
        run = await self.services.runs.get(athlete.id, args.run_id)
        if not views.detail_allowed(run, self.policy):
            raise InvalidInput("That run came from Strava; this server doesn't share Strava "
                               "activity details with the AI coach (COACH_LLM_STRAVA_DATA).")
        return views.run_detail(run, athlete.preferences.units)

    async def _load(self, args: TrainingLoadArgs, state: TurnState) -> dict[str, Any]:
        return await self.data.training_load(state.athlete, args.weeks)

    async def _get_plan(self, args: GetPlanArgs, state: TurnState) -> dict[str, Any]:
        view = await self.services.plans.week(state.athlete.id, args.week)
        return views.week(view.week, view.version, view.done, state.athlete.preferences.units,
                          self.policy)

    async def _predict(self, args: PredictRaceArgs, state: TurnState) -> dict[str, Any]:
        athlete = state.athlete
        units = athlete.preferences.units
        fitness = await self.services.plans.fitness(athlete.id)
        effort = fitness.effort
        if effort is not None and not views.counted(effort, self.policy):
            raise InvalidInput("The current fitness estimate comes from a Strava activity, which "
                               "this server doesn't share with the AI coach.")
        result: dict[str, Any] = {
            "distance": format_distance(args.distance_m, units),
            "predicted_time": format_duration(predict_race(fitness.vdot, args.distance_m)),
            "method": f"VDOT {fitness.vdot:.1f} (Daniels–Gilbert), from {fitness.source}"}
        if effort is not None and effort.distance_m > 0 and views.detail_allowed(effort, self.policy):
            result["riegel"] = {
                "predicted_time": format_duration(riegel(effort.distance_m, effort.moving_s,
                                                         args.distance_m)),
                "from_run": views.run_summary(effort, units)}
        return result

    # ---- changing --------------------------------------------------------------------------

    async def _set_goal(self, args: SetGoalArgs, state: TurnState) -> dict[str, Any]:
        athlete = state.athlete
        goal = await self.services.goals.set_goal(
            athlete.id, Goal(args.race_distance_m, args.race_date, args.target_time_s))
        changes: dict[str, Any] = {}
        if args.runs_per_week is not None:
            changes["runs_per_week"] = args.runs_per_week
        if args.long_run_day is not None:
            changes["long_run_day"] = WEEKDAYS.index(args.long_run_day)
        if changes:
            state.athlete = await self.services.athletes.update_preferences(athlete.id, **changes)
        state.goal_set = True
        prefs = state.athlete.preferences
        return {"saved_goal": self.data.goal_view(goal, prefs.units),
                "runs_per_week": prefs.runs_per_week, "long_run_day": WEEKDAYS[prefs.long_run_day],
                "next": "The plan is not rebuilt yet: call create_plan to plan for this goal."}

    async def _create_plan(self, args: CreatePlanArgs, state: TurnState) -> dict[str, Any]:
        athlete = state.athlete
        units = athlete.preferences.units
        plan = await self.services.plans.create_plan(athlete.id, reason="asked in chat",
                                                     from_week=args.from_week)
        state.plan = plan
        state.proposal = None  # a new plan drops any proposal waiting on the old one
        this_week = iso_week(athlete_today(athlete, self.services.deps.clock))
        first = plan.week(this_week) or (plan.weeks[0] if plan.weeks else None)
        result: dict[str, Any] = {
            "status": "applied", "plan_version": plan.version, "weeks": len(plan.weeks),
            "outline": views.plan_outline(plan, units),
            "first_week": views.week(first, plan.version, {}, units, self.policy) if first else None,
            "rules_applied": views.rules(plan.rules_applied)}
        return result

    async def _adjust_plan(self, args: AdjustPlanArgs, state: TurnState) -> dict[str, Any]:
        athlete = state.athlete
        units = athlete.preferences.units
        change = PlanChange(ChangeKind(args.change), date=args.date, to_date=args.to_date,
                            days=args.days, distance_m=args.distance_m, percent=args.percent,
                            reason=args.reason)
        proposal = await self.services.plans.propose(athlete.id, change)
        state.proposal = proposal
        result: dict[str, Any] = {
            "status": "proposed: not applied until the runner confirms (a button, or 'yes')",
            "proposed_version": proposal.version, "summary": proposal.reason,
            "diff": views.diff(proposal.diff, units),
            "guardrails_applied": views.rules(proposal.rules_applied)}
        if args.distance_m is not None and change.kind in (ChangeKind.LENGTHEN, ChangeKind.SHORTEN):
            day = args.date or athlete_today(athlete, self.services.deps.clock)
            after = next((d.after for d in proposal.diff if d.date == day), None)
            got = after.distance_m if after is not None else None
            if got is not None and abs(got - args.distance_m) >= 50:
                result["request_changed"] = (
                    f"Asked for {format_distance(args.distance_m, units)}; the engine allows "
                    f"{format_distance(got, units)}. Tell the runner why (see guardrails_applied).")
        return result

    async def _sync_strava(self, args: SyncStravaArgs, state: TurnState) -> dict[str, Any]:
        strava = getattr(self.services, "strava", None)
        if strava is None:
            raise InvalidInput("Strava is not set up on this server, so there is nothing to sync.")
        athlete = state.athlete
        since = args.since or athlete_today(athlete, self.services.deps.clock) - timedelta(days=30)
        fetched = await strava.sync(athlete.id, since)
        return {"fetched_runs": int(fetched), "since": since.isoformat()}


def _error(message: str, **details: Any) -> ToolResult:
    return ToolResult(dumps({"error": message, **details}), False)


def _problems(exc: ValidationError) -> list[dict[str, str]]:
    return [{"argument": ".".join(str(p) for p in err["loc"]) or "(all)", "problem": err["msg"]}
            for err in exc.errors()[:6]]


# The runner's sharing choices (coach.services.accounts.LlmData values).
_NONE, _SUMMARIES = "none", "summaries"
_RUN_DATA_TOOLS = frozenset({"list_runs", "get_run", "get_training_load"})
_PRIVATE_FIELDS = ("title", "runner_note")


def _summaries_only(result: dict[str, Any]) -> dict[str, Any]:
    """One line per run, without the runner's own words (titles, notes)."""
    runs = result.get("runs")
    if isinstance(runs, list):
        result = {**result, "runs": [{k: v for k, v in r.items() if k not in _PRIVATE_FIELDS}
                                     for r in runs if isinstance(r, dict)]}
    return result
