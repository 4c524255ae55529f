"""Reconciling the 16-week half plan with what the runner actually ran."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from coach.domain.plans import Plan, WorkoutKind
from coach.domain.runs import Sport
from coach.engine import build_plan, check_plan, describe_diff, match_runs, reconcile
from coach.engine.request import PlanRequest
from coach.science.paces import training_paces
from coach.science.vdot import vdot_from_race
from tests.engine.plan_helpers import half_request, race_sunday, run, runs_as_planned, workouts

K = WorkoutKind


def d(day: int, month: int = 4) -> date:
    return date(2026, month, day)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan(half_request())


def ctx_on(today: date) -> PlanRequest:
    return half_request(today=today)


def settle(plan: Plan, runs, today: date):
    ctx = ctx_on(today)
    a = reconcile(plan, runs, today, ctx)
    assert check_plan(a.plan, ctx) == []
    again = reconcile(a.plan, runs, today, ctx)
    assert again.diff == [] and again.plan is a.plan  # reconciling twice changes nothing
    return a


def test_a_week_run_as_planned_changes_nothing(plan) -> None:
    runs = runs_as_planned(plan, until=d(9))
    a = reconcile(plan, runs, d(9), ctx_on(d(9)))
    assert a.plan is plan and a.diff == [] and a.rules_applied == []
    matched = match_runs(plan, runs)
    assert set(matched) == {w.date for w in workouts(plan) if w.kind.is_run and w.date < d(9)}


def test_runs_match_the_same_day_else_the_nearest_of_the_same_kind(plan) -> None:
    runs = [*runs_as_planned(plan, until=d(6)),
            run(d(6), 5500), run(d(7), 6900, 255.0),  # recovery, intervals as planned
            run(d(9), 8000),                            # Wednesday's easy run, a day late
            run(d(11), 11500),                          # the long run a day early
            run(d(10), 3000, sport=Sport.RIDE)]         # a ride counts for nothing here
    matched = match_runs(plan, runs)
    assert matched[d(8)].distance_m == 8000 and matched[d(12)].distance_m == 11500
    assert d(9) not in matched and d(10) not in matched and d(11) not in matched
    a = settle(plan, runs, d(13))
    # Only Friday's tempo, which no run fits, counts as missed.
    assert [(x.date, x.rule) for x in a.diff if x.date <= d(12)] == [(d(10), "missed")]


def test_a_run_on_a_rest_day_that_fits_nothing_lands_on_its_own_day(plan) -> None:
    runs = [*runs_as_planned(plan, until=d(9)), run(d(9), 4000)]
    assert match_runs(plan, runs)[d(9)].distance_m == 4000


def test_a_missed_session_is_not_crammed_in_but_takes_a_later_easy_day(plan) -> None:
    runs = runs_as_planned(plan, until=d(8), skip=[d(7)])
    a = settle(plan, runs, d(8))
    tuesday, wednesday = a.plan.workout_on(d(7)), a.plan.workout_on(d(8))
    assert tuesday.kind is K.REST and tuesday.description == "Rest — missed"
    assert wednesday.kind is K.INTERVALS and wednesday.distance_m == 8000  # same distance
    assert a.plan.week("2026-W15").planned_distance_m < plan.week("2026-W15").planned_distance_m
    assert describe_diff(a.diff)[:2] == [
        "Tue 7 Apr: intervals 6.9 km → rest — missed runs, rebuilt at a lower volume (rule missed)",
        "Wed 8 Apr: easy 8.0 km → intervals 8.0 km — missed session moved, not added "
        "(rule realign)"]
    assert a.plan.version == 2 and "realign" in {n.rule for n in a.rules_applied}


def test_three_missed_days_rebuild_from_next_week_at_a_lower_volume(plan) -> None:
    runs = runs_as_planned(plan, until=d(6))
    a = settle(plan, runs, d(10))
    assert [a.plan.workout_on(d(n)).description for n in (6, 7, 8)] == ["Rest — missed"] * 3
    assert a.plan.workout_on(d(10)).kind is K.EASY  # Friday's tempo eased
    old_next, new_next = plan.week("2026-W16"), a.plan.week("2026-W16")
    assert new_next.planned_distance_m <= 0.86 * plan.week("2026-W14").planned_distance_m
    assert new_next.planned_distance_m < old_next.planned_distance_m
    note = next(n for n in a.rules_applied if n.rule == "missed")
    assert note.detail.startswith("3 planned runs missed in a row since Mon 6 Apr")
    race = a.plan.workout_on(race_sunday(16))
    assert race is not None and race.kind is K.RACE
    assert [w.phase for w in a.plan.weeks[-2:]] == [w.phase for w in plan.weeks[-2:]]


def test_extra_volume_lowers_what_follows(plan) -> None:
    runs = [*runs_as_planned(plan, until=d(7)), run(d(6), 15000, hour=18)]
    a = settle(plan, runs, d(7))
    wednesday = a.plan.workout_on(d(8))
    assert wednesday.kind is K.EASY and (wednesday.distance_m or 0) < 8000
    assert [x.rule for x in a.diff if x.date == d(8)] == ["extra_volume"]
    note = next(n for n in a.rules_applied if n.rule == "extra_volume")
    assert note.detail.startswith("You've run 20.5 km this week")
    week = a.plan.week("2026-W15")
    left = sum(w.distance_m or 0 for w in week.workouts if w.date >= d(7) and w.kind.is_run)
    assert left < sum(w.distance_m or 0 for w in plan.week("2026-W15").workouts
                      if w.date >= d(7) and w.kind.is_run)
    assert a.plan.workout_on(d(12)).kind is K.LONG  # the long run stays


def test_a_race_result_updates_vdot_and_paces(plan) -> None:
    runs = [*runs_as_planned(plan, until=d(6)), run(d(4), 10000, 252.0, race=True)]
    a = settle(plan, runs, d(6))
    new_vdot = vdot_from_race(10000, 2520)
    assert a.plan.vdot == pytest.approx(new_vdot) and new_vdot > 47
    tempo = a.plan.workout_on(d(10))
    threshold = round(training_paces(new_vdot).threshold)
    assert tempo.pace_s_per_km == (threshold - 3, threshold + 3)
    assert plan.workout_on(d(10)).pace_s_per_km[0] > tempo.pace_s_per_km[0]
    assert all(x.rule == "vdot" for x in a.diff)
    lines = describe_diff(a.diff)
    assert lines[0].startswith("Paces of ") and lines[0].endswith("new race result (rule vdot)")
    note = next(n for n in a.rules_applied if n.rule == "vdot")
    assert "10.0 km race on Sat 4 Apr in 42:00" in note.detail
    race = a.plan.workout_on(race_sunday(16))
    assert race.description != plan.workout_on(race_sunday(16)).description


def test_load_far_above_chronic_eases_the_next_hard_session(plan) -> None:
    light = [dataclasses.replace(r, distance_m=r.distance_m * 0.3, moving_s=r.moving_s * 0.3)
             for r in runs_as_planned(plan, until=d(30, 3))]
    heavy = [run(d(30, 3) + timedelta(n), 16000) for n in range(7)]
    a = settle(plan, light + heavy, d(6))
    assert a.plan.workout_on(d(7)).kind is K.EASY
    assert [x.rule for x in a.diff if x.date == d(7)] in (["acwr"], ["extra_volume"])
    assert "acwr" in {n.rule for n in a.rules_applied}
