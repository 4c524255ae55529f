"""Current-fitness VDOT: races count fully, training partially, easy runs never inflate it,
and time off lowers it by Daniels' time-off factors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.domain.errors import InvalidInput
from coach.domain.runs import Sport
from coach.science.fitness import (
    TRAINING_EFFORT_FACTOR,
    detraining_factor,
    effort_vdot,
    estimate_vdot,
)
from coach.science.paces import training_paces
from coach.science.vdot import race_time, vdot_from_race
from tests.science.runs_factory import make_run

TODAY = date(2026, 5, 1)
RACE_5K_S = 19 * 60 + 57
RACE_VDOT = vdot_from_race(5000, RACE_5K_S)


def _easy_runs(first: date, last: date, vdot: float = 50.0, every: int = 2) -> list:
    """Hour-long runs at the middle of the E range, every `every` days."""
    easy = training_paces(vdot).easy
    pace = 0.5 * (easy[0] + easy[1])
    days = (last - first).days
    return [
        make_run(first + timedelta(days=d), 3600 / pace * 1000, 3600)
        for d in range(0, days + 1, every)
    ]


@pytest.mark.parametrize(
    ("days_off", "plain", "cross"),
    # Daniels' VDOT adjustments for time off (vdoto2.com, 2018).
    [(3, 1.0, 1.0), (5, 1.0, 1.0), (7, 0.994, 0.997), (14, 0.973, 0.986), (28, 0.931, 0.965),
     (56, 0.847, 0.923), (70, 0.805, 0.902), (100, 0.80, 0.90)],
)
def test_detraining_follows_daniels_time_off_table(days_off: int, plain: float, cross: float) -> None:
    assert detraining_factor(days_off) == pytest.approx(plain, abs=0.001)
    assert detraining_factor(days_off, cross_trained=True) == pytest.approx(cross, abs=0.001)


def test_no_running_means_no_estimate() -> None:
    assert estimate_vdot([], TODAY) is None
    rides = [make_run(TODAY - timedelta(days=d), 40_000, 4000, sport=Sport.RIDE) for d in range(9)]
    assert estimate_vdot(rides, TODAY) is None


def test_a_recent_race_counts_fully_with_high_confidence() -> None:
    race = make_run(TODAY - timedelta(days=10), 5000, RACE_5K_S, is_race=True)
    history = [*_easy_runs(TODAY - timedelta(days=40), TODAY - timedelta(days=1)), race]
    estimate = estimate_vdot(history, TODAY)
    assert estimate is not None
    assert estimate.source_run_id == race.id
    assert estimate.source_date == TODAY - timedelta(days=10)
    assert estimate.is_race
    assert estimate.confidence == "high"
    assert estimate.vdot == pytest.approx(RACE_VDOT, abs=0.3)
    assert estimate.vdot <= RACE_VDOT


def test_easy_runs_never_raise_the_estimate_above_the_race() -> None:
    race = make_run(TODAY - timedelta(days=20), 5000, RACE_5K_S, is_race=True)
    # Easy running at the paces of a much fitter runner (VDOT 58) still counts for less.
    easy = _easy_runs(TODAY - timedelta(days=19), TODAY - timedelta(days=1), vdot=58.0, every=1)
    estimate = estimate_vdot([race, *easy], TODAY)
    assert estimate is not None
    assert estimate.source_run_id == race.id


def test_easy_runs_alone_give_a_low_confidence_underestimate() -> None:
    estimate = estimate_vdot(_easy_runs(TODAY - timedelta(days=30), TODAY), TODAY)
    assert estimate is not None
    assert estimate.confidence == "low"
    assert not estimate.is_race
    assert estimate.vdot < 0.9 * 50.0


def test_easy_by_heart_rate_is_not_evidence_however_fast_it_looks() -> None:
    fast_looking = make_run(TODAY - timedelta(days=3), 10_000, 38 * 60, avg_hr=120)
    assert estimate_vdot([fast_looking], TODAY, max_hr=190, resting_hr=50) is None
    assert effort_vdot(fast_looking) is not None  # without HR data it is a plain training run


def test_a_hard_training_effort_counts_partially() -> None:
    ten_k_s = race_time(50.0, 10_000)
    tempo = make_run(TODAY - timedelta(days=5), 10_000, ten_k_s, avg_hr=172)
    estimate = estimate_vdot([tempo], TODAY, max_hr=190, resting_hr=50)
    assert estimate is not None
    assert estimate.effort_vdot == pytest.approx(50.0 * TRAINING_EFFORT_FACTOR, abs=1e-6)
    assert estimate.vdot == pytest.approx(50.0 * TRAINING_EFFORT_FACTOR, abs=0.1)
    assert estimate.confidence == "medium"


def test_the_best_three_km_inside_a_training_run_is_the_effort() -> None:
    fast_km = race_time(50.0, 5000) / 5
    slow_km = 360.0
    splits = [(1000.0, slow_km)] * 2 + [(1000.0, fast_km)] * 5 + [(1000.0, slow_km)] * 2
    workout = make_run(
        TODAY - timedelta(days=2), 9000, sum(s for _, s in splits), splits=splits
    )
    whole_run = vdot_from_race(9000, workout.moving_s)
    effort = effort_vdot(workout)
    assert effort is not None
    assert effort > whole_run * TRAINING_EFFORT_FACTOR
    # The best stretch is three of the five fast kilometres: a little above VDOT 50.
    assert effort == pytest.approx(vdot_from_race(3000, 3 * fast_km) * TRAINING_EFFORT_FACTOR)


def test_a_race_counts_over_the_whole_activity_only() -> None:
    race = make_run(TODAY, 10_000, 45 * 60, is_race=True, splits=[(1000.0, 200.0)] * 10)
    assert effort_vdot(race) == pytest.approx(vdot_from_race(10_000, 45 * 60))


def test_stopping_lowers_the_estimate_by_daniels_factor() -> None:
    race_day = TODAY - timedelta(days=28)
    race = make_run(race_day, 5000, RACE_5K_S, is_race=True)
    estimate = estimate_vdot([race], TODAY, half_life_days=1e9)
    assert estimate is not None
    assert estimate.days_off == 28
    assert estimate.vdot == pytest.approx(RACE_VDOT * detraining_factor(28), rel=1e-6)


def test_cross_training_during_the_break_softens_the_loss() -> None:
    race_day = TODAY - timedelta(days=28)
    race = make_run(race_day, 5000, RACE_5K_S, is_race=True)
    rides = [make_run(race_day + timedelta(days=d), 30_000, 3600, sport=Sport.RIDE)
             for d in range(3, 28, 3)]
    stopped = estimate_vdot([race], TODAY, half_life_days=1e9)
    cross = estimate_vdot([race, *rides], TODAY, half_life_days=1e9)
    assert stopped is not None and cross is not None
    assert cross.vdot == pytest.approx(RACE_VDOT * detraining_factor(28, cross_trained=True))
    assert stopped.vdot < cross.vdot < RACE_VDOT


def test_a_break_after_the_race_still_counts_once_running_resumes() -> None:
    race_day = TODAY - timedelta(days=60)
    race = make_run(race_day, 5000, RACE_5K_S, is_race=True)
    back = _easy_runs(race_day + timedelta(days=22), TODAY, every=1)  # 21 days off, then daily
    estimate = estimate_vdot([race, *back], TODAY, half_life_days=1e9)
    assert estimate is not None
    assert estimate.days_off == 0
    assert estimate.vdot == pytest.approx(RACE_VDOT * detraining_factor(21), rel=1e-6)


def test_continued_training_keeps_an_old_race_nearly_whole() -> None:
    race_day = TODAY - timedelta(days=90)
    race = make_run(race_day, 5000, RACE_5K_S, is_race=True)
    history = [race, *_easy_runs(race_day + timedelta(days=1), TODAY)]
    estimate = estimate_vdot(history, TODAY)  # default half-life 90 days
    assert estimate is not None
    assert estimate.source_run_id == race.id
    assert estimate.vdot == pytest.approx(RACE_VDOT * 0.975, rel=1e-6)
    assert estimate.confidence == "medium"


def test_future_and_ancient_runs_are_ignored() -> None:
    future = make_run(TODAY + timedelta(days=3), 5000, 17 * 60, is_race=True)
    ancient = make_run(TODAY - timedelta(days=500), 5000, 17 * 60, is_race=True)
    assert estimate_vdot([future, ancient], TODAY) is None


def test_a_ride_marked_as_a_race_is_not_running_evidence() -> None:
    ride = make_run(TODAY - timedelta(days=2), 40_000, 3600, sport=Sport.RIDE, is_race=True)
    assert effort_vdot(ride) is None
    assert estimate_vdot([ride], TODAY) is None


def test_glitches_and_short_efforts_are_skipped_not_raised() -> None:
    glitch = make_run(TODAY - timedelta(days=1), 50_000, 1800)  # 50 km in 30 min
    sprint = make_run(TODAY - timedelta(days=1), 400, 60, is_race=True)
    assert estimate_vdot([glitch, sprint], TODAY) is None


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(InvalidInput):
        estimate_vdot([], TODAY, half_life_days=0)
