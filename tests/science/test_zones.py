"""Heart-rate zones (Friel from threshold, else % of max or reserve) and pace zones."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.errors import InvalidInput
from coach.science.paces import training_paces
from coach.science.zones import hr_zone_of, hr_zones, pace_zone_of, pace_zones


def test_threshold_hr_gives_friel_zones() -> None:
    zones = hr_zones(threshold_hr=170, max_hr=190)
    assert [z.number for z in zones] == [1, 2, 3, 4, 5]
    assert [round(z.high_bpm, 1) for z in zones] == [144.5, 153.0, 161.5, 170.0, 190.0]
    assert zones[3].name == "threshold"


def test_threshold_without_max_tops_out_at_106_percent() -> None:
    assert hr_zones(threshold_hr=160)[-1].high_bpm == pytest.approx(169.6)


def test_max_and_resting_give_karvonen_zones() -> None:
    zones = hr_zones(max_hr=190, resting_hr=50)
    assert [z.low_bpm for z in zones] == [120, 134, 148, 162, 176]
    assert zones[-1].high_bpm == 190


def test_max_alone_gives_percent_of_max() -> None:
    zones = hr_zones(max_hr=200)
    assert [z.low_bpm for z in zones] == [100, 120, 140, 160, 180]


def test_zones_need_a_heart_rate_and_a_sane_one() -> None:
    with pytest.raises(InvalidInput):
        hr_zones()
    with pytest.raises(InvalidInput):
        hr_zones(max_hr=400)


def test_zone_of_a_heart_rate() -> None:
    zones = hr_zones(max_hr=200)
    assert hr_zone_of(150, zones) == 3
    assert hr_zone_of(205, zones) == 5
    assert hr_zone_of(90, zones) is None


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=10, max_value=90))
def test_pace_zones_are_ordered_and_never_overlap(vdot: float) -> None:
    zones = pace_zones(vdot)
    assert [z.name for z in zones] == ["E", "M", "T", "I", "R"]
    for zone in zones:
        assert zone.fast_s_per_km < zone.target_s_per_km < zone.slow_s_per_km
    for slower, faster in itertools.pairwise(zones):
        assert faster.slow_s_per_km <= slower.fast_s_per_km


def test_pace_zones_follow_the_training_paces() -> None:
    paces = training_paces(50)
    zones = {z.name: z for z in pace_zones(50)}
    assert (zones["E"].fast_s_per_km, zones["E"].slow_s_per_km) == paces.easy
    assert zones["T"].target_s_per_km == paces.threshold
    assert pace_zone_of(paces.threshold + 1, 50) == "T"
    assert pace_zone_of(paces.easy[1] + 30, 50) is None
