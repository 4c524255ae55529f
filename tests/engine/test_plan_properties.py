"""For any athlete, goal, history and change, every plan the engine emits keeps every guardrail."""

from __future__ import annotations

import dataclasses
import itertools
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.athletes import Level
from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal
from coach.domain.plans import ChangeKind, Plan, PlanChange, WorkoutKind
from coach.engine import (
    PlanRequest,
    adjust_plan,
    build_plan,
    check_plan,
    describe_diff,
    match_runs,
    plan_week_json,
    reconcile,
)
from coach.engine.periodise import TAPER_FRACTIONS
from coach.engine.rules import taper_layout, training_m
from tests.engine.plan_helpers import run, workouts

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    today = date(2026, 1, 5) + timedelta(days=draw(st.integers(0, 13)))
    distance = draw(st.sampled_from([5000.0, 10000.0, 21097.5, 42195.0, 15000.0, None]))
    goal = Goal()
    if distance is not None:
        race = today + timedelta(days=draw(st.integers(0, 7 * 30)))
        target = draw(st.none() | st.floats(distance / 1000 * 170, distance / 1000 * 480))
        goal = Goal(distance, race, target)
    return PlanRequest(
        goal=goal,
        start=today + timedelta(days=draw(st.integers(-6, 14))),
        today=today,
        runs_per_week=draw(st.integers(3, 7)),
        long_run_day=draw(st.integers(0, 6)),
        unavailable_days=tuple(draw(st.sets(st.integers(0, 6), max_size=5))),
        recent_weekly_km=tuple(draw(st.lists(st.floats(0, 160), max_size=6))),
        stated_weekly_km=draw(st.none() | st.floats(0, 120)),
        level=draw(st.sampled_from(list(Level))),
        vdot=draw(st.none() | st.floats(20, 85)),
    )


def _build(req: PlanRequest) -> Plan | None:
    try:
        return build_plan(req)
    except InvalidInput:
        # Only requests a runner could not mean: a race before the plan would start.
        monday = req.start - timedelta(req.start.weekday())
        assert req.goal.race_date is not None and req.goal.race_date < monday
        return None


def _assert_sound(plan: Plan, ctx: PlanRequest) -> None:
    assert check_plan(plan, ctx) == []
    for week in plan.weeks:
        body = plan_week_json(week, plan.version, {})
        assert body["planned_distance_m"] == sum(w["distance_m"] or 0 for w in body["workouts"]
                                                 if w["kind"] not in ("rest", "cross"))
        assert len({w.date for w in week.workouts}) == len(week.workouts)
        assert all(week.monday <= w.date <= week.monday + timedelta(6) for w in week.workouts)
    for a, b in itertools.pairwise(plan.weeks):
        assert b.monday - a.monday == timedelta(weeks=1)


@PROPERTY
@given(requests())
def test_every_built_plan_keeps_every_guardrail(req: PlanRequest) -> None:
    plan = _build(req)
    if plan is None:
        return
    _assert_sound(plan, req)
    days = [w.date for w in workouts(plan)]
    assert days[0] == max(req.today, req.start - timedelta(req.start.weekday()))
    assert days == [days[0] + timedelta(n) for n in range(len(days))]
    if req.goal.race_date is not None:
        race = plan.workout_on(req.goal.race_date)
        assert race is not None and race.kind is WorkoutKind.RACE
        taper, peak = taper_layout(plan, req)
        fractions = TAPER_FRACTIONS.get(len(taper), ())
        race_wd = req.goal.race_date.weekday()
        free_before = [d for d in range(race_wd) if d not in req.unavailable_days]
        if fractions and peak >= 20000 and len(free_before) >= 3 and taper[-1] > 0:
            # A race week with room to run is cut 40–60 % (lower bound here; caps in check_plan).
            assert training_m(plan.weeks[taper[-1]]) >= 0.35 * peak


@st.composite
def change_chains(draw: st.DrawFn) -> tuple[PlanRequest, list[tuple[int, PlanChange]]]:
    req = draw(requests())
    chain = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(list(ChangeKind)))
        chain.append((
            draw(st.integers(0, 40)),
            PlanChange(
                kind,
                date=None,
                to_date=None,
                days=draw(st.none() | st.integers(1, 20)),
                distance_m=draw(st.none() | st.floats(500, 45000)),
                percent=draw(st.none() | st.floats(1, 95)),
            ),
        ))
    return req, chain


@PROPERTY
@given(change_chains(), st.randoms(use_true_random=False))
def test_any_chain_of_adjustments_keeps_every_guardrail(case, rnd: random.Random) -> None:
    req, chain = case
    plan = _build(req)
    if plan is None:
        return
    ctx = req
    for offset, change in chain:
        ctx = dataclasses.replace(ctx, today=max(ctx.today, req.today + timedelta(offset)))
        days = [w.date for w in workouts(plan) if w.date >= ctx.today]
        if not days:
            break
        change.date = rnd.choice(days)
        change.to_date = rnd.choice(days) if rnd.random() < 0.8 else None
        try:
            adjustment = adjust_plan(plan, change, ctx)
        except InvalidInput:
            continue
        assert adjustment.plan.version == plan.version + 1
        _assert_sound(adjustment.plan, ctx)
        after = {w.date: w for w in workouts(adjustment.plan)}
        for d in adjustment.diff:
            assert d.date >= ctx.today
            assert after.get(d.date) == d.after
        assert len(describe_diff(adjustment.diff)) <= len(adjustment.diff)
        assert adjustment.rules_applied == adjustment.plan.rules_applied
        plan = adjustment.plan


@PROPERTY
@given(requests(), st.integers(1, 70), st.randoms(use_true_random=False))
def test_reconciling_any_history_keeps_every_guardrail_and_settles(req, days, rnd) -> None:
    plan = _build(req)
    if plan is None:
        return
    now = req.today + timedelta(days)
    follow = rnd.uniform(0.0, 1.0)
    history = []
    for w in workouts(plan):
        if w.date >= now:
            break
        if w.kind.is_run and rnd.random() < follow:
            planned = w.distance_m or 5000.0
            history.append(run(w.date, planned * rnd.uniform(0.6, 1.6), rnd.uniform(200, 480),
                               race=rnd.random() < 0.03))
        elif rnd.random() < 0.1:
            history.append(run(w.date, rnd.uniform(2000, 25000), rnd.uniform(250, 420)))
    ctx = dataclasses.replace(req, today=now)
    adjustment = reconcile(plan, history, now, ctx)
    _assert_sound(adjustment.plan, ctx)
    assert all(d.date >= now - timedelta(14) for d in adjustment.diff)
    matched = match_runs(adjustment.plan, history)
    assert len(set(map(id, matched.values()))) == len(matched)
    again = reconcile(adjustment.plan, history, now, ctx)
    assert again.diff == [] and again.plan is adjustment.plan
