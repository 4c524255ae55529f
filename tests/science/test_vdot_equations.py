"""Daniels–Gilbert equations: known values, inverses, monotonicity and refusals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.errors import InvalidInput
from coach.science.vdot import (
    MAX_VDOT,
    MIN_VDOT,
    fraction_sustainable,
    race_time,
    vdot_from_race,
    velocity_for_vo2,
    vo2_cost,
)

DISTANCES = st.sampled_from([1500.0, 1609.344, 3000.0, 5000.0, 10000.0, 15000.0, 21097.5, 42195.0])
VDOTS = st.floats(min_value=25.0, max_value=88.0)


def test_oxygen_cost_and_drop_dead_curve_match_oxygen_power() -> None:
    # 5 km in 20:00 is 250 m/min, costing 47.46; a 20-minute race holds 95.3 % of VO2max.
    assert vo2_cost(250.0) == pytest.approx(47.4645)
    assert fraction_sustainable(20.0) == pytest.approx(0.952983, abs=1e-6)
    assert fraction_sustainable(1e6) == pytest.approx(0.8)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.0, max_value=120.0))
def test_velocity_for_vo2_inverts_the_cost(vo2: float) -> None:
    assert vo2_cost(velocity_for_vo2(vo2)) == pytest.approx(vo2, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(VDOTS, DISTANCES)
def test_race_time_inverts_vdot_from_race(vdot: float, distance_m: float) -> None:
    seconds = race_time(vdot, distance_m)
    assert vdot_from_race(distance_m, seconds) == pytest.approx(vdot, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(VDOTS, st.floats(min_value=0.1, max_value=5.0), DISTANCES)
def test_higher_vdot_races_faster(vdot: float, step: float, distance_m: float) -> None:
    assert race_time(vdot + step, distance_m) < race_time(vdot, distance_m)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=1500.0, max_value=42195.0), st.floats(min_value=170.0, max_value=540.0))
def test_a_faster_time_over_the_same_distance_is_a_higher_vdot(
    distance_m: float, s_per_km: float
) -> None:
    time_s = s_per_km * distance_m / 1000.0
    assert vdot_from_race(distance_m, time_s * 0.98) > vdot_from_race(distance_m, time_s)


def test_simpson_newton_example_vdot_83_over_5000m() -> None:
    assert race_time(83, 5000) / 60 == pytest.approx(12.883892, abs=1e-5)


def test_a_known_race_round_trip_in_clock_terms() -> None:
    vdot = vdot_from_race(5000, 19 * 60 + 57)
    assert vdot == pytest.approx(49.95, abs=0.01)
    assert race_time(vdot, 42195) == pytest.approx(3 * 3600 + 10 * 60 + 49, abs=35)


@pytest.mark.parametrize(
    ("distance_m", "time_s"),
    [
        (0, 1200),
        (-5000, 1200),
        (5000, 0),
        (5000, -1),
        (math.nan, 1200),
        (5000, math.inf),
        (5000, 30),  # shorter than a minute
        (5000, 13 * 3600),  # longer than twelve hours
        (5000, 300),  # 5 km in 5 minutes: far beyond any world record
        (5000, 6 * 3600),  # a 5 km taking six hours is not running
        (2_000_000, 3600 * 11),
    ],
)
def test_nonsense_races_are_refused_in_plain_words(distance_m: float, time_s: float) -> None:
    with pytest.raises(InvalidInput) as caught:
        vdot_from_race(distance_m, time_s)
    assert caught.value.message
    assert "Traceback" not in caught.value.message


@pytest.mark.parametrize("vdot", [0.0, -3.0, math.nan, math.inf])
def test_race_time_refuses_nonsense_vdot(vdot: float) -> None:
    with pytest.raises(InvalidInput):
        race_time(vdot, 5000)


def test_vdot_range_constants_bracket_world_records_and_walkers() -> None:
    # Senior world records (1500 m 3:26.00, marathon 2:00:35) stay inside the accepted range.
    assert vdot_from_race(1500, 206.0) < MAX_VDOT
    assert vdot_from_race(42195, 7235.0) < MAX_VDOT
    # A brisk walk of 5 km in 70 minutes is at the bottom edge.
    assert vdot_from_race(5000, 70 * 60) >= MIN_VDOT
