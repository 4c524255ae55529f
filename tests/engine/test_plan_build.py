"""Plans that read like a coach's: the shapes a runner would expect for each kind of goal."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest

from coach.domain.athletes import Level
from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal
from coach.domain.plans import Phase, WorkoutKind
from coach.engine import build_plan, check_plan
from coach.engine.request import PlanRequest
from coach.science.paces import training_paces
from tests.engine.plan_helpers import (
    MONDAY,
    half_request,
    km,
    marathon_request,
    of_kind,
    quality,
    race_sunday,
    workouts,
)

K = WorkoutKind


def _peak_km(plan) -> float:
    return max(km(w) for w in plan.weeks if w.phase not in (Phase.TAPER, Phase.RACE))


def test_half_marathon_for_a_30km_runner_builds_like_a_coach_would() -> None:
    req = half_request()
    plan = build_plan(req)

    assert check_plan(plan, req) == []
    assert plan.rules_applied == []  # nothing had to be corrected or assumed
    assert len(plan.weeks) == 16 and plan.version == 1 and plan.vdot == 45.0
    phases = [w.phase for w in plan.weeks]
    assert phases[0] is Phase.BASE and phases[-2:] == [Phase.TAPER, Phase.RACE]
    assert Phase.BUILD in phases and Phase.PEAK in phases
    recovery = [i for i, p in enumerate(phases) if p is Phase.RECOVERY]
    assert len(recovery) >= 3 and all(b - a <= 4 for a, b in itertools.pairwise(recovery))
    # Builds from ~30 km to the mid/high 40s without ever jumping more than 10 %.
    assert km(plan.weeks[0]) == pytest.approx(30, abs=2.5)
    assert 44 <= _peak_km(plan) <= 50
    longs = of_kind(workouts(plan), K.LONG)
    assert all(w.date.weekday() == 6 for w in longs)
    assert max(w.distance_m or 0 for w in longs) >= 13000
    # Two quality days in build and peak weeks, never back to back, never before the long run.
    for week in plan.weeks:
        if week.phase in (Phase.BUILD, Phase.PEAK):
            q = quality(week)
            assert len(q) == 2
            assert abs((q[0].date - q[1].date).days) >= 2
            assert all(w.date.weekday() != 5 for w in q)
    # A two-week taper cutting 40–60 % from the peak; the race on race day.
    peak = _peak_km(plan)
    for week in plan.weeks[-2:]:
        assert 0.40 * peak <= km(week) <= 0.60 * peak
    race = plan.workout_on(req.goal.race_date)
    assert race is not None and race.kind is K.RACE and race.distance_m == 21097.5
    assert re.fullmatch(r"Race: half marathon at \d:\d\d/km \(predicted 1:\d\d:\d\d\)",
                        race.description)


def test_workouts_carry_daniels_paces_and_one_line_descriptions() -> None:
    plan = build_plan(half_request())
    paces = training_paces(45.0)
    tempo = next(w for w in workouts(plan) if w.kind is K.TEMPO and "Tempo:" in w.description)
    assert re.fullmatch(r"Tempo: [\d.]+ km easy, [\d.]+ km at T \d:\d\d/km, [\d.]+ km easy",
                        tempo.description)
    assert tempo.pace_s_per_km is not None
    lo, hi = tempo.pace_s_per_km
    assert lo < paces.threshold < hi and hi - lo <= 8
    easy = next(w for w in workouts(plan) if w.kind is K.EASY)
    assert easy.pace_s_per_km == (round(paces.easy[0]), round(paces.easy[1]))
    assert easy.description.startswith(f"Easy: {easy.distance_m / 1000:g} km at ")
    intervals = next(w for w in workouts(plan) if w.kind is K.INTERVALS)
    assert re.fullmatch(r"Intervals: [\d.]+ km easy, \d+ × \d+ m in \d:\d\d \(I \d:\d\d/km\) "
                        r"with 400 m jogs, [\d.]+ km easy", intervals.description)
    for w in workouts(plan):
        assert (w.pace_s_per_km is None) == (w.kind is K.REST)
        if w.kind.is_run:
            assert w.duration_s and w.duration_s > 0
            assert w.pace_s_per_km[0] < w.pace_s_per_km[1]


def test_eighteen_week_marathon_has_a_three_week_taper_and_marathon_pace_work() -> None:
    req = marathon_request()
    plan = build_plan(req)
    assert check_plan(plan, req) == [] and plan.rules_applied == []
    assert len(plan.weeks) == 18
    assert [w.phase for w in plan.weeks[-3:]] == [Phase.TAPER, Phase.TAPER, Phase.RACE]
    peak = _peak_km(plan)
    assert 58 <= peak <= 66
    taper = [km(w) for w in plan.weeks[-3:]]
    assert taper[0] <= 0.80 * peak and all(0.40 * peak <= t <= 0.60 * peak for t in taper[1:])
    assert taper == sorted(taper, reverse=True)
    peak_weeks = [w for w in plan.weeks if w.phase is Phase.PEAK]
    assert all(any(x.kind is K.MARATHON for x in w.workouts) for w in peak_weeks)
    longest = max(of_kind(workouts(plan), K.LONG), key=lambda w: w.distance_m or 0)
    assert longest.duration_s is not None and longest.duration_s <= 3 * 3600
    # Long runs grow through the build (recovery weeks aside).
    loads = [max((x.distance_m or 0) for x in of_kind(w.workouts, K.LONG))
             for w in plan.weeks if w.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK)]
    assert loads[-1] > loads[0]


def test_beginner_10k_on_three_runs_a_week_stays_gentle() -> None:
    req = PlanRequest(goal=Goal(10000.0, race_sunday(11)), start=MONDAY,
                      today=MONDAY + timedelta(days=2), runs_per_week=3, long_run_day=5,
                      stated_weekly_km=12.0, level=Level.BEGINNER)
    plan = build_plan(req)
    assert check_plan(plan, req) == []
    assert [n.rule for n in plan.rules_applied] == ["default_vdot"]
    assert "VDOT 32" in plan.rules_applied[0].detail and plan.vdot == 32.0
    # The first week starts today (Wednesday): nothing is planned before it.
    assert plan.weeks[0].workouts[0].date == req.today
    assert len(plan.weeks[0].workouts) == 5
    recovery = [i for i, w in enumerate(plan.weeks) if w.phase is Phase.RECOVERY]
    assert recovery and recovery[0] == 2  # every third week for beginners
    for week in plan.weeks:
        runs = [w for w in week.workouts if w.kind.is_run and w.kind is not K.RACE]
        assert len(runs) <= 3
        assert len(quality(week)) <= 1
        if week.phase is Phase.BASE:
            assert quality(week) == []
        for w in of_kind(week.workouts, K.LONG):
            assert w.date.weekday() == 5
    assert max(km(w) for w in plan.weeks) <= 20


def test_general_fitness_is_a_rolling_block_with_recovery_weeks() -> None:
    req = PlanRequest(goal=Goal(), start=MONDAY, today=MONDAY, runs_per_week=4, long_run_day=6,
                      unavailable_days=(0, 4), recent_weekly_km=(20.0, 25.0, 22.0, 24.0),
                      level=Level.INTERMEDIATE, vdot=40.0)
    plan = build_plan(req)
    assert check_plan(plan, req) == []
    assert len(plan.weeks) == 8
    assert [w.phase for w in plan.weeks].count(Phase.RECOVERY) == 2
    assert plan.weeks[3].phase is Phase.RECOVERY and plan.weeks[7].phase is Phase.RECOVERY
    assert not of_kind(workouts(plan), K.RACE)
    for week in plan.weeks:
        assert 1 <= len(quality(week)) <= 2
        for w in week.workouts:
            if w.date.weekday() in (0, 4):
                assert w.kind is K.REST and "not one of your running days" in w.description
    assert km(plan.weeks[-2]) > km(plan.weeks[0])


def test_the_same_request_always_gives_the_same_plan() -> None:
    assert build_plan(marathon_request()) == build_plan(marathon_request())


def test_a_long_run_day_the_runner_cannot_run_moves_and_says_so() -> None:
    req = half_request(unavailable_days=(6,), long_run_day=6)
    plan = build_plan(req)
    assert check_plan(plan, req) == []
    assert [n.rule for n in plan.rules_applied] == ["long_run_day"]
    assert "Saturday" in plan.rules_applied[0].detail
    assert {w.date.weekday() for w in of_kind(workouts(plan), K.LONG)} == {5}


def test_too_few_running_days_caps_runs_and_says_so() -> None:
    req = half_request(runs_per_week=6, unavailable_days=(0, 2, 4))
    plan = build_plan(req)
    assert check_plan(plan, req) == []
    assert "runs_per_week" in [n.rule for n in plan.rules_applied]
    assert all(sum(1 for w in wk.workouts if w.kind.is_run) <= 4 for wk in plan.weeks)


def test_an_ambitious_goal_time_is_noted_and_paces_stay_on_current_fitness() -> None:
    req = half_request(goal=Goal(21097.5, race_sunday(16), target_time_s=85 * 60))
    plan = build_plan(req)
    note = next(n for n in plan.rules_applied if n.rule == "goal_pace")
    assert "1:25:00" in note.detail and "VDOT" in note.detail
    race = plan.workout_on(race_sunday(16))
    assert race is not None and "goal 1:25:00" in race.description
    assert plan.vdot == 45.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"runs_per_week": 2}, "between 3 and 7"),
        ({"unavailable_days": (0, 1, 2, 3, 4, 5)}, "at least two days"),
        ({"goal": Goal(21097.5, MONDAY - timedelta(days=1))}, "already past"),
        ({"vdot": 120.0}, "VDOT"),
    ],
)
def test_requests_no_plan_can_answer_are_refused_plainly(changes, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        build_plan(half_request(**changes))
