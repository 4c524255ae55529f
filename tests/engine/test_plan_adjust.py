"""Each change a runner can ask for, on week 6 of the 16-week half-marathon plan."""

from __future__ import annotations

from datetime import date

import pytest

from coach.domain.errors import InvalidInput
from coach.domain.plans import ChangeKind, Plan, WorkoutKind
from coach.domain.plans import PlanChange as Change
from coach.engine import Adjustment, adjust_plan, build_plan, check_plan, describe_diff
from coach.engine.request import PlanRequest
from tests.engine.plan_helpers import half_request, km

K = WorkoutKind
C = ChangeKind
TODAY = date(2026, 4, 6)  # Monday of week 6 (2026-W15)


def d(day: int, month: int = 4) -> date:
    return date(2026, month, day)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan(half_request())


@pytest.fixture(scope="module")
def ctx() -> PlanRequest:
    return half_request(today=TODAY)


def adjust(plan: Plan, ctx: PlanRequest, change: Change) -> Adjustment:
    adjustment = adjust_plan(plan, change, ctx)
    assert check_plan(adjustment.plan, ctx) == []
    assert adjustment.plan.version == plan.version + 1
    return adjustment


def day_of(adjustment: Adjustment, day: date):
    w = adjustment.plan.workout_on(day)
    assert w is not None
    return w


def rules(adjustment: Adjustment) -> set[str]:
    return {n.rule for n in adjustment.rules_applied}


def test_the_week_the_changes_work_on(plan: Plan) -> None:
    week = plan.week("2026-W15")
    assert week is not None
    assert [(w.date.strftime("%a"), w.kind.value) for w in week.workouts] == [
        ("Mon", "recovery"), ("Tue", "intervals"), ("Wed", "easy"), ("Thu", "rest"),
        ("Fri", "tempo"), ("Sat", "rest"), ("Sun", "long")]


def test_skip_makes_the_day_rest_without_cramming_it_in(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.SKIP, date=d(7)))
    assert day_of(a, d(7)).kind is K.REST and day_of(a, d(7)).description == "Rest — skipped"
    assert a.plan.reason == "Skip the intervals on Tue 7 Apr"
    lines = describe_diff(a.diff)
    assert lines[0] == "Tue 7 Apr: intervals 6.9 km → rest"
    # Nothing else in the week grew to make up for it.
    before = {w.date: w.distance_m or 0 for w in plan.week("2026-W15").workouts}
    after = {w.date: w.distance_m or 0 for w in a.plan.week("2026-W15").workouts}
    assert all(after[day] <= before[day] for day in before)
    # The lighter week makes 11 km more than 30 % of it: the long run gives way, and says why.
    sunday = day_of(a, d(12))
    week_m = a.plan.week("2026-W15").planned_distance_m
    assert sunday.kind is K.LONG and (sunday.distance_m or 0) < 11000
    assert week_m < 30000 and (sunday.distance_m or 0) <= 0.35 * week_m  # 35 % under 30 km
    assert [x.rule for x in a.diff if x.date == d(12)] == ["long_run_share"]
    assert "long_run_share" in rules(a)


def test_move_swaps_with_the_run_on_the_target_day(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.MOVE, date=d(7), to_date=d(8)))
    assert day_of(a, d(8)).kind is K.INTERVALS and day_of(a, d(7)).kind is K.EASY
    assert a.plan.week("2026-W15").planned_distance_m == plan.week("2026-W15").planned_distance_m
    assert rules(a) == set()
    assert describe_diff(a.diff) == ["Tue 7 Apr: intervals 6.9 km → easy 8.0 km",
                                     "Wed 8 Apr: easy 8.0 km → intervals 6.9 km"]


def test_move_to_the_day_before_the_long_run_turns_it_easy_and_says_why(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.MOVE, date=d(10), to_date=d(11)))
    assert day_of(a, d(10)).kind is K.REST
    assert day_of(a, d(11)).kind is K.EASY and day_of(a, d(11)).distance_m == 6000
    assert "quality_spacing" in rules(a)
    assert describe_diff(a.diff)[-1] == ("Sat 11 Apr: rest → easy 6.0 km — hard days need an "
                                         "easy day between (rule quality_spacing)")


def test_a_run_moved_onto_a_day_off_goes_to_a_free_day(plan, ctx) -> None:
    ctx = half_request(today=TODAY, unavailable_days=(3,))
    a = adjust(plan, ctx, Change(C.MOVE, date=d(8), to_date=d(9)))
    assert day_of(a, d(9)).kind is K.REST
    assert "unavailable_rest" in rules(a)
    assert sum(1 for w in a.plan.week("2026-W15").workouts if w.kind is K.EASY) == 1


def test_swap_without_a_day_swaps_with_the_next_run(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.SWAP, date=d(7)))
    assert day_of(a, d(7)).kind is K.EASY and day_of(a, d(8)).kind is K.INTERVALS
    assert a.plan.reason == "Swap Tue 7 Apr (intervals) with Wed 8 Apr (easy)"


def test_shorten_by_percent_and_to_a_distance(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.SHORTEN, date=d(12), percent=25))
    assert day_of(a, d(12)).distance_m == 8200
    lines = describe_diff(a.diff)
    assert lines[0] == "Sun 12 Apr: long 11.0 km → long 8.2 km"
    # The lower week lowers the 10 % ceiling of the next ones: trimmed, folded into one line.
    assert {x.rule for x in a.diff[1:]} == {"weekly_increase"}
    assert all((x.after.distance_m or 0) <= (x.before.distance_m or 0) for x in a.diff[1:])
    assert len(lines) == 2 and lines[1].endswith("shorter in all — weekly rise capped at 10 % "
                                                 "(rule weekly_increase)")
    b = adjust(plan, ctx, Change(C.SHORTEN, date=d(10), distance_m=5000))
    tempo = day_of(b, d(10))
    assert tempo.kind is K.TEMPO and tempo.distance_m == 5000
    assert tempo.description.startswith("Tempo: 1.5 km easy, 2.5 km at T")
    with pytest.raises(InvalidInput, match="isn't shorter"):
        adjust_plan(plan, Change(C.SHORTEN, date=d(10), distance_m=9000), ctx)


def test_lengthen_is_capped_by_the_long_run_rules(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.LENGTHEN, date=d(12), distance_m=20000))
    sunday = day_of(a, d(12))
    week = a.plan.week("2026-W15")
    assert 11000 < (sunday.distance_m or 0) <= 0.30 * week.planned_distance_m + 1
    note = next(n for n in a.rules_applied if n.rule == "long_run_share")
    assert "Sun 12 Apr" in note.detail and "30 %" in note.detail


def test_easier_and_harder(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.EASIER, date=d(7)))
    assert day_of(a, d(7)).kind is K.EASY and day_of(a, d(7)).distance_m == 6200
    # Wednesday right after Tuesday's intervals can't become a tempo: it stays easy, and why.
    b = adjust(plan, ctx, Change(C.HARDER, date=d(8)))
    assert day_of(b, d(8)).kind is K.EASY and day_of(b, d(10)).kind is K.TEMPO
    assert "quality_spacing" in rules(b)
    # In the recovery week the Friday easy run can hold a tempo.
    c = adjust(plan, half_request(today=d(23, 3)), Change(C.HARDER, date=d(27, 3)))
    assert day_of(c, d(27, 3)).kind is K.TEMPO
    assert rules(c) <= {"long_run_share"}


def test_rest_days_then_no_hard_sessions(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.REST_DAYS, date=d(7), days=3))
    assert [day_of(a, d(n)).kind for n in (7, 8, 9)] == [K.REST] * 3
    assert day_of(a, d(10)).kind is K.EASY  # Friday's tempo eased
    assert [x.rule for x in a.diff if x.date == d(10)] == ["return_to_run"]
    assert "return_to_run" in rules(a)


def test_away_clears_the_days_and_eases_the_return(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.UNAVAILABLE, date=d(8), to_date=d(13)))
    for n in range(8, 14):
        w = day_of(a, d(n))
        assert w.kind is K.REST
    assert day_of(a, d(12)).description == "Rest — away"
    assert day_of(a, d(14)).kind is K.EASY and day_of(a, d(17)).kind is K.EASY
    assert a.plan.reason == "Away Wed 8 Apr – Mon 13 Apr"


def test_sick_gives_rest_then_a_return_to_run_ramp(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.SICK, date=d(6), days=4))
    assert [day_of(a, d(n)).kind for n in range(6, 10)] == [K.REST] * 4
    assert all(day_of(a, d(n)).description == "Rest — sick" for n in (6, 7, 8))
    ramp = [w for n in range(10, 14) if (w := day_of(a, d(n))).kind.is_run]
    assert ramp[0].kind is K.RECOVERY
    assert all(w.kind in (K.EASY, K.RECOVERY) for w in ramp)
    distances = [w.distance_m or 0 for w in ramp]
    assert distances == sorted(distances) and distances[0] < distances[-1]
    assert distances[-1] <= 8000
    after = [day_of(a, d(n)) for n in range(14, 18)]
    assert not any(w.kind.is_quality for w in after)
    assert "sick_ramp" in rules(a)
    assert {x.rule for x in a.diff if x.date >= d(10)} <= {"sick_ramp", "long_run_share",
                                                            "weekly_increase"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Change(C.SKIP, date=d(9)), "rest day"),
        (Change(C.SKIP, date=d(3)), "already past"),
        (Change(C.MOVE, date=d(7)), "Which day"),
        (Change(C.MOVE, date=d(21, 6), to_date=d(20, 6)), "race"),
        (Change(C.SICK, date=d(7), days=200), "between 1 and 90"),
        (Change(C.SKIP, date=d(1, 9)), "nothing planned"),
    ],
)
def test_changes_that_cannot_be_made_are_refused_plainly(plan, ctx, change, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        adjust_plan(plan, change, ctx)


def test_diff_in_miles_and_version_chain(plan, ctx) -> None:
    a = adjust(plan, ctx, Change(C.SHORTEN, date=d(12), distance_m=8046.72))
    assert describe_diff(a.diff, "mi")[0] == "Sun 12 Apr: long 6.8 mi → long 5.0 mi"
    b = adjust(a.plan, ctx, Change(C.SKIP, date=d(8)))
    assert b.plan.version == 3
    assert km(b.plan.week("2026-W15")) < km(a.plan.week("2026-W15"))
