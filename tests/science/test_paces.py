"""Training paces: ordering, monotonicity, Daniels' R rule and behaviour outside VDOT 30–85."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.errors import InvalidInput
from coach.science.paces import (
    FIT_RANGE,
    TrainingPaces,
    pace_at_fraction,
    training_paces,
)
from coach.science.vdot import MAX_VDOT, MIN_VDOT, vo2_cost

ANY_VDOT = st.floats(min_value=MIN_VDOT, max_value=MAX_VDOT)


def _ladder(p: TrainingPaces) -> list[float]:
    return [p.easy[1], p.easy[0], p.marathon, p.threshold, p.interval, p.repetition]


@settings(max_examples=100, deadline=None)
@given(ANY_VDOT)
def test_paces_are_ordered_easy_slowest_to_repetition_fastest(vdot: float) -> None:
    ladder = _ladder(training_paces(vdot))
    assert all(slower > faster for slower, faster in itertools.pairwise(ladder))


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=MIN_VDOT, max_value=MAX_VDOT - 5.0),
    st.floats(min_value=0.01, max_value=5.0),
)
def test_higher_vdot_means_every_pace_is_faster(vdot: float, step: float) -> None:
    slower, faster = _ladder(training_paces(vdot)), _ladder(training_paces(vdot + step))
    for slow, fast in zip(slower, faster, strict=True):
        assert fast < slow


def test_monotone_on_a_fine_grid_across_the_r_rule_steps() -> None:
    # The R offset changes between VDOT 47 and 50; a 0.01 grid catches any backwards step.
    previous = training_paces(45.0)
    for hundredths in range(4501, 5201):
        current = training_paces(hundredths / 100)
        assert current.repetition < previous.repetition
        assert current.interval < previous.interval
        previous = current


@pytest.mark.parametrize(
    ("vdot", "seconds_per_400"),
    [(40, 8.0), (47, 8.0), (48, 7.0), (49, 7.0), (50, 6.0), (70, 6.0)],
)
def test_repetition_follows_daniels_six_second_rule(vdot: float, seconds_per_400: float) -> None:
    paces = training_paces(vdot)
    assert (paces.interval - paces.repetition) * 0.4 == pytest.approx(seconds_per_400)


def test_threshold_and_interval_sit_near_88_and_97_5_percent() -> None:
    for vdot in (30, 45, 60, 85):
        paces = training_paces(vdot)
        share_t = vo2_cost(60_000 / paces.threshold) / vdot
        share_i = vo2_cost(60_000 / paces.interval) / vdot
        assert share_t == pytest.approx(0.88, abs=0.003)
        assert share_i == pytest.approx(0.975, abs=0.004)


def test_marathon_share_rises_with_vdot_as_the_third_edition_does() -> None:
    shares = [vo2_cost(60_000 / training_paces(v).marathon) / v for v in (30, 40, 50, 60, 70, 85)]
    assert shares == sorted(shares)
    assert shares[0] == pytest.approx(0.778, abs=0.005)
    assert shares[-1] == pytest.approx(0.843, abs=0.005)


@pytest.mark.parametrize("edge", FIT_RANGE)
def test_paces_are_continuous_where_the_fit_ends(edge: float) -> None:
    inside, outside = training_paces(edge), training_paces(edge + (0.001 if edge > 50 else -0.001))
    for a, b in zip(_ladder(inside), _ladder(outside), strict=True):
        assert a == pytest.approx(b, abs=0.05)


def test_outside_the_table_fractions_are_held_and_vdot_is_clamped() -> None:
    low = training_paces(20)
    # Below VDOT 30 each pace keeps its VDOT-30 fraction, so it still scales with VDOT.
    assert low.threshold == pytest.approx(pace_at_fraction(20, 0.879747), rel=1e-9)
    assert training_paces(5) == training_paces(MIN_VDOT)
    assert training_paces(120) == training_paces(MAX_VDOT)


@pytest.mark.parametrize("vdot", [0, -1, math.nan, math.inf])
def test_nonsense_vdot_is_refused(vdot: float) -> None:
    with pytest.raises(InvalidInput):
        training_paces(vdot)


def test_paces_are_a_frozen_value_with_the_calc_json_shape() -> None:
    paces = training_paces(50)
    with pytest.raises(AttributeError):
        paces.marathon = 1.0  # type: ignore[misc]
    shape = paces.as_json()
    assert list(shape) == ["E", "M", "T", "I", "R"]
    assert shape["E"] == [paces.easy[0], paces.easy[1]]
