"""coach.units: km/mile conversion, pace, duration and distance formatting, parsing."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.athletes import Units
from coach.domain.errors import InvalidInput
from coach.units import (
    format_distance,
    format_duration,
    format_pace,
    format_pace_range,
    km_to_mi,
    mi_to_km,
    pace_in,
    parse_pace,
    parse_units,
)


def test_mile_conversion_uses_the_international_mile() -> None:
    assert mi_to_km(1) == pytest.approx(1.609344)
    assert km_to_mi(42.195) == pytest.approx(26.2188, abs=1e-4)
    assert pace_in(300, Units.MI) == pytest.approx(482.8032)


@pytest.mark.parametrize(
    ("s_per_km", "units", "text"),
    [
        (300, Units.KM, "5:00"),
        (299.6, Units.KM, "5:00"),  # rounds before splitting: never "4:60"
        (299.4, Units.KM, "4:59"),
        (255, Units.KM, "4:15"),
        (300, Units.MI, "8:03"),
        (372.82, Units.MI, "10:00"),
        (59.7, Units.KM, "1:00"),
    ],
)
def test_format_pace(s_per_km: float, units: Units, text: str) -> None:
    assert format_pace(s_per_km, units) == text


def test_format_pace_range_puts_the_fast_end_first() -> None:
    assert format_pace_range(296, 334, Units.KM) == "4:56-5:34"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1197, "19:57"), (5495, "1:31:35"), (59.96, "1:00"), (3600, "1:00:00"), (42, "0:42")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_format_duration_with_tenths() -> None:
    assert format_duration(1197.3, tenths=True) == "19:57.3"
    assert format_duration(59.97, tenths=True) == "1:00.0"


def test_format_distance() -> None:
    assert format_distance(8000, Units.KM) == "8.0 km"
    assert format_distance(5 * 1609.344, Units.MI) == "5.0 mi"
    assert format_distance(21097.5, Units.KM, decimals=2) == "21.10 km"


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_formatting_refuses_nonsense(bad: float) -> None:
    with pytest.raises(InvalidInput):
        format_pace(bad, Units.KM)
    with pytest.raises(InvalidInput):
        format_duration(bad)


@pytest.mark.parametrize(
    ("text", "units", "s_per_km"),
    [
        ("4:30", Units.KM, 270.0),
        ("4:30/km", Units.MI, 270.0),
        ("7:15/mi", Units.KM, 435 / 1.609344),
        ("8:03", Units.MI, 483 / 1.609344),
    ],
)
def test_parse_pace(text: str, units: Units, s_per_km: float) -> None:
    assert parse_pace(text, units) == pytest.approx(s_per_km)


@pytest.mark.parametrize("text", ["fast", "4:75", "430", "4:3", ":30", "0:00"])
def test_parse_pace_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_pace(text)


@settings(max_examples=80, deadline=None)
@given(st.floats(min_value=120, max_value=1200), st.sampled_from([Units.KM, Units.MI]))
def test_a_formatted_pace_reads_back_within_half_a_second(s_per_km: float, units: Units) -> None:
    back = parse_pace(format_pace(s_per_km, units), units)
    assert abs(pace_in(back, units) - pace_in(s_per_km, units)) <= 0.5 + 1e-9


def test_parse_units() -> None:
    assert parse_units(" KM ") is Units.KM
    assert parse_units("miles") is Units.MI
    assert parse_units("마일") is Units.MI
    with pytest.raises(InvalidInput):
        parse_units("furlongs")
