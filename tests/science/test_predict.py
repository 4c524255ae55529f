"""Race predictions: VDOT-equivalent times and Riegel's second opinion."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.errors import InvalidInput
from coach.science.predict import (
    STANDARD_DISTANCES_M,
    RacePrediction,
    predict_from_race,
    predict_race,
    predictions,
    riegel,
)
from coach.science.vdot import race_time


def test_riegel_matches_the_formula_not_the_webs_worked_examples() -> None:
    # training-science.md §2.4: 10K 42:00 → 3:13:12.5 (one calculator prints 3:13:00),
    # 10K 55:00 → 4:13:01.
    assert riegel(10000, 42 * 60, 42195) == pytest.approx(3 * 3600 + 13 * 60 + 12.5, abs=0.1)
    assert riegel(10000, 55 * 60, 42195) == pytest.approx(4 * 3600 + 13 * 60 + 1, abs=1)
    assert riegel(10000, 2400, 10000) == pytest.approx(2400)
    assert riegel(5000, 1200, 10000, exponent=1.0) == pytest.approx(2400)


@pytest.mark.parametrize(
    ("five_k_s", "riegel_s", "daniels_s"),
    [
        # training-science.md §2.3, from 5 km in 18:49 and 17:21: 10K, HM, M.
        (18 * 60 + 49, (39 * 60 + 14, 5194, 3 * 3600 + 28), (39 * 60 + 1, 5180, 3 * 3600 + 8)),
        (17 * 60 + 21, (36 * 60 + 10, 4789, 9984), (35 * 60 + 59, 4773, 9975)),
    ],
)
def test_predictions_from_a_5k_match_the_reference_calculations(
    five_k_s: float, riegel_s: tuple[float, ...], daniels_s: tuple[float, ...]
) -> None:
    for target, expected_riegel, expected_vdot in zip(
        (10000.0, 21097.5, 42195.0), riegel_s, daniels_s, strict=True
    ):
        prediction = predict_from_race(5000, five_k_s, target)
        assert prediction.method == "vdot"
        assert prediction.distance_m == target
        assert prediction.riegel_time_s == pytest.approx(expected_riegel, abs=1.0)
        assert prediction.time_s == pytest.approx(expected_vdot, abs=1.0)


def test_predictions_cover_the_four_standard_distances() -> None:
    times = predictions(50.0)
    assert list(times) == list(STANDARD_DISTANCES_M) == [5000.0, 10000.0, 21097.5, 42195.0]
    assert times[5000.0] == pytest.approx(19 * 60 + 57, abs=2)
    assert times[42195.0] == pytest.approx(3 * 3600 + 10 * 60 + 49, abs=35)
    assert predict_race(50.0, 10000) == race_time(50.0, 10000)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=25, max_value=85))
def test_longer_races_take_longer_and_run_slower(vdot: float) -> None:
    times = predictions(vdot)
    paces = [times[d] / d for d in STANDARD_DISTANCES_M]
    assert list(times.values()) == sorted(times.values())
    assert paces == sorted(paces)


def test_predicting_the_same_distance_returns_the_race() -> None:
    prediction = predict_from_race(10000, 2700, 10000)
    assert isinstance(prediction, RacePrediction)
    assert prediction.time_s == pytest.approx(2700, abs=0.01)
    assert prediction.riegel_time_s == pytest.approx(2700)


@pytest.mark.parametrize("args", [(0, 1200, 5000), (5000, -1, 5000), (5000, 1200, 0)])
def test_riegel_refuses_nonsense(args: tuple[float, float, float]) -> None:
    with pytest.raises(InvalidInput):
        riegel(*args)
