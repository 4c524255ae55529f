"""Plans through the LLM: the model asks, the engine computes, the runner confirms."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from coach.clock import FixedClock
from coach.domain.plans import WorkoutKind
from coach.services import Services
from tests.fakes.openai_api import ScriptedOpenAI, Text, ToolCall
from tests.llm.conftest import Harness, make_runner

CATALOGUE = ["get_athlete_profile", "list_runs", "get_run", "get_training_load", "get_plan",
             "set_goal", "create_plan", "adjust_plan", "sync_strava", "predict_race"]


async def test_plan_created_from_history(services: Services, clock: FixedClock,
                                         make_coach: Callable[..., Harness],
                                         fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, runs=40, plan=False, clock=clock)
    h = make_coach()

    def answer(request: dict[str, Any]) -> Text:
        built = json.loads(request["messages"][-1]["content"])
        return Text(f"Done: plan version {built['plan_version']} over {built['weeks']} weeks, "
                    "built from your last six weeks of running.")

    fake_openai.add(ToolCall("get_training_load", {"weeks": 6}), ToolCall("create_plan", {}), answer)
    reply = await h.coach.respond(ada, "Can you build me a plan for my half marathon?")

    plan = await services.plans.active(ada.id)
    assert plan is not None and plan.version == 1
    assert reply.text.startswith(f"Done: plan version 1 over {len(plan.weeks)} weeks")
    assert "Your new plan (version 1):" in reply.text and "/km" in reply.text
    assert reply.plan_changed and not reply.buttons
    first = fake_openai.completions()[0]
    assert first.tool_names == CATALOGUE and first.body["tool_choice"] == "auto"
    load = h.last_tool_result(1)
    assert len(load["weeks"]) == 6 and load["weeks"][-2]["runs"] == 7  # the history was read
    created = h.last_tool_result(2)
    assert created["status"] == "applied" and created["first_week"]["workouts"]
    assert created["rules_applied"] and set(created["rules_applied"][0]) == {"rule", "why"}
    assert h.observer.tools == ["get_training_load", "create_plan"] and not h.observer.fallbacks
    fake_openai.assert_script_consumed()


async def test_adjustment_waits_for_the_runner_to_confirm(services: Services, clock: FixedClock,
                                                          make_coach: Callable[..., Harness],
                                                          fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, runs=20, clock=clock)
    h = make_coach()
    plan = await services.plans.active(ada.id)
    assert plan is not None
    day = next(w.date for wk in plan.weeks for w in wk.workouts
               if w.kind.is_run and w.date > clock.now().date())
    fake_openai.add(ToolCall("get_plan", {}),
                    ToolCall("adjust_plan", {"change": "skip", "date": day.isoformat(),
                                             "reason": "knee felt odd"}),
                    Text("I'd skip that run so your knee gets a rest. Confirm below."))
    reply = await h.coach.respond(ada, f"my knee felt odd, can I skip {day.isoformat()}?")

    assert reply.text.startswith("I'd skip that run")
    assert "Here's the change I'd make:" in reply.text and "→ rest" in reply.text
    assert [b.label for b in reply.buttons[0]] == ["Confirm", "Cancel"]
    proposed = h.last_tool_result(2)
    assert proposed["status"].startswith("proposed") and proposed["diff"][0]["after"] == "rest"
    still = await services.plans.active(ada.id)
    assert still is not None and still.version == 1  # nothing applied yet

    sent = len(fake_openai.requests)
    confirmed = await h.coach.respond(ada, "yes")
    assert "version 2" in confirmed.text and confirmed.plan_changed
    assert len(fake_openai.requests) == sent  # the yes never went to the model
    active = await services.plans.active(ada.id)
    assert active is not None and active.version == 2
    skipped = active.workout_on(day)
    assert skipped is None or not skipped.kind.is_run


async def test_unsafe_long_run_is_clamped_and_the_reply_says_so(
        services: Services, clock: FixedClock, make_coach: Callable[..., Harness],
        fake_openai: ScriptedOpenAI) -> None:
    ada = await make_runner(services, clock=clock)
    h = make_coach()
    plan = await services.plans.active(ada.id)
    assert plan is not None
    long_day = next(w.date for wk in plan.weeks for w in wk.workouts
                    if w.kind is WorkoutKind.LONG and w.date >= clock.now().date())

    def relay(request: dict[str, Any]) -> Text:
        result = json.loads(request["messages"][-1]["content"])
        return Text(f"I asked for 40 km, but {result['request_changed'].split('. ')[0].lower()}: "
                    f"{result['guardrails_applied'][0]['why']}")

    fake_openai.add(ToolCall("adjust_plan", {"change": "lengthen", "date": long_day.isoformat(),
                                             "distance_m": 40000}), relay)
    reply = await h.coach.respond(ada, "make my long run 40 km this weekend")

    result = h.last_tool_result(1)
    after_km = float(result["diff"][0]["after"].split()[1])
    assert after_km < 40 and result["diff"][0]["changed_by_rule"] == "long_run_share"
    assert result["request_changed"].startswith("Asked for 40.0 km; the engine allows")
    rule = result["guardrails_applied"][0]
    assert rule["rule"] == "long_run_share" and "30 %" in rule["why"]
    # The runner sees the clamp twice over: in the model's words and in the engine's rule list.
    assert reply.text.startswith("I asked for 40 km, but asked for 40.0 km; the engine allows")
    assert "Safety rules I applied:" in reply.text and f"• {rule['why']}" in reply.text
    assert reply.buttons and (await services.plans.active(ada.id)).version == 1  # type: ignore[union-attr]
