"""Each guardrail on its own: `check_plan` sees it broken, `enforce` mends it and says why."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import pytest

from coach.domain.plans import Plan, PlanWeek, WorkoutKind
from coach.engine import GUARDRAILS, build_plan, check_plan, enforce, plan_week_json
from coach.engine.request import PlanRequest
from coach.engine.sessions import make_run
from coach.engine.versioning import copy_plan
from coach.science.paces import training_paces
from tests.engine.plan_helpers import half_request, marathon_request, run

K = WorkoutKind
PACES = training_paces(45.0)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan(half_request())


def week(plan: Plan, name: str) -> PlanWeek:
    found = plan.week(name)
    assert found is not None
    return found


def put(plan: Plan, day: date, kind: WorkoutKind, distance_m: float) -> None:
    w = plan.week(f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}")
    assert w is not None
    w.workouts = [make_run(day, kind, distance_m, PACES) if x.date == day else x
                  for x in w.workouts]


def _unavailable(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 9), K.EASY, 6000)  # a Thursday
    return half_request(unavailable_days=(3,))


def _spacing(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 8), K.TEMPO, 8000)  # Tue intervals, Wed tempo
    return half_request()


def _before_long(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 11), K.TEMPO, 8000)  # Saturday before the Sunday long run
    return half_request()


def _count(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 12), K.MARATHON, 11000)  # a third quality session (Sunday)
    return half_request()


def _long_share(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 12), K.LONG, 20000)
    return half_request()


def _long_time(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 12), K.LONG, 30000)
    for day in (6, 8):
        put(p, date(2026, 4, day), K.EASY, 25000)
    return half_request()


def _easy_share(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 7), K.INTERVALS, 16000)  # Tuesday and Friday, twice as big
    put(p, date(2026, 4, 10), K.TEMPO, 16000)
    return half_request()


def _increase(p: Plan) -> PlanRequest:
    put(p, date(2026, 4, 8), K.EASY, 20000)
    return half_request()


def _taper(p: Plan) -> PlanRequest:
    put(p, date(2026, 6, 17), K.EASY, 15000)  # race-week Wednesday
    return half_request()


CASES: dict[str, Callable[[Plan], PlanRequest]] = {
    "unavailable_rest": _unavailable,
    "quality_spacing": _spacing,
    "quality_spacing ": _before_long,
    "quality_count": _count,
    "long_run_share": _long_share,
    "long_run_time": _long_time,
    "easy_share": _easy_share,
    "weekly_increase": _increase,
    "taper": _taper,
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_broken_rule_is_seen_then_mended_with_a_note(plan: Plan, case: str) -> None:
    rule = case.strip()
    broken = copy_plan(plan)
    ctx = CASES[case](broken)
    assert rule in {v.rule for v in check_plan(broken, ctx)}
    enforced = enforce(broken, ctx)
    assert check_plan(broken, ctx) == []
    assert rule in {n.rule for n in enforced.notes}
    assert all(n.rule in GUARDRAILS and n.detail.endswith(".") for n in enforced.notes)
    assert enforced.touched and min(enforced.touched) >= ctx.today


def test_the_past_is_history_and_binds_nothing(plan: Plan) -> None:
    broken = copy_plan(plan)
    put(broken, date(2026, 3, 4), K.TEMPO, 8000)  # back to back with Tuesday, but last week
    ctx = half_request(today=date(2026, 3, 9))
    assert check_plan(broken, ctx) == []
    assert check_plan(broken, half_request()) != []


def test_a_marathon_peak_long_run_may_last_three_hours() -> None:
    ctx = marathon_request(vdot=35.0, recent_weekly_km=(100.0, 100.0, 100.0, 100.0))
    plan = build_plan(ctx)
    peak = next(w for w in plan.weeks if w.phase.value == "peak")
    longest = max((x for x in peak.workouts if x.kind is K.LONG), key=lambda x: x.distance_m or 0)
    assert 2.5 * 3600 < (longest.duration_s or 0) <= 3 * 3600
    slowest = (longest.distance_m or 0) / 1000 * longest.pace_s_per_km[1]
    assert slowest <= 3 * 3600  # even at the slow end of the easy range
    assert check_plan(plan, ctx) == []


def test_plan_week_json_is_the_runcoach_plan_week_object(plan: Plan) -> None:
    w = week(plan, "2026-W15")
    tuesday = date(2026, 4, 7)
    done = dataclasses.replace(run(tuesday, 7000.0, 256.0), id=UUID(int=7))
    body = plan_week_json(w, 3, {tuesday: done})
    assert set(body) == {"week", "version", "phase", "planned_distance_m", "done_distance_m",
                         "workouts"}
    assert body["week"] == "2026-W15" and body["version"] == 3 and body["phase"] == "build"
    assert body["planned_distance_m"] == w.planned_distance_m
    assert body["done_distance_m"] == 7000.0
    assert [x["date"] for x in body["workouts"]] == [
        (date(2026, 4, 6) + timedelta(n)).isoformat() for n in range(7)]
    first = body["workouts"][1]
    assert set(first) == {"date", "kind", "distance_m", "duration_s", "pace_s_per_km",
                          "description", "done"}
    assert first["kind"] == "intervals" and isinstance(first["pace_s_per_km"], list)
    assert first["done"] == {"run_id": str(UUID(int=7)), "distance_m": 7000.0,
                             "moving_s": done.moving_s}
    rest = body["workouts"][3]
    assert rest["kind"] == "rest" and rest["pace_s_per_km"] is None and rest["done"] is None
