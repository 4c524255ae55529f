"""`runcoach calc` core: the exact JSON shape of interface.md §3 and the text output."""

from __future__ import annotations

import json

import pytest

from coach.domain.athletes import Units
from coach.domain.errors import InvalidInput
from coach.science.calc import calc, format_calc
from coach.science.paces import training_paces
from coach.science.vdot import vdot_from_race


def test_calc_returns_exactly_the_interface_json_shape() -> None:
    result = json.loads(json.dumps(calc(5000, 19 * 60 + 57)))
    assert set(result) == {"vdot", "paces", "predictions"}
    assert set(result["paces"]) == {"E", "M", "T", "I", "R"}
    assert set(result["predictions"]) == {"5000", "10000", "21097.5", "42195"}
    assert isinstance(result["vdot"], float)
    lo, hi = result["paces"]["E"]
    assert lo < hi
    for key in ("M", "T", "I", "R"):
        assert isinstance(result["paces"][key], float)
    assert all(isinstance(v, float) for v in result["predictions"].values())


def test_calc_values_agree_with_the_science() -> None:
    result = calc(10000, 41 * 60 + 21)
    vdot = vdot_from_race(10000, 41 * 60 + 21)
    paces = training_paces(vdot)
    assert result["vdot"] == pytest.approx(vdot, abs=0.005)
    assert result["vdot"] == pytest.approx(50.0, abs=0.1)
    assert result["paces"]["T"] == pytest.approx(paces.threshold, abs=0.05)
    assert result["predictions"]["10000"] == pytest.approx(41 * 60 + 21, abs=0.05)
    assert result["predictions"]["42195"] == pytest.approx(3 * 3600 + 10 * 60 + 49, abs=35)


def test_text_output_in_km_has_paces_per_km_and_riegel() -> None:
    text = format_calc(calc(5000, 19 * 60 + 57), Units.KM)
    assert text.startswith("VDOT 50.0")
    assert "4:57-5:34/km" in text
    assert "/mi" not in text
    assert "Riegel" in text
    assert "3:10:49" in text  # VDOT-equivalent marathon
    assert "(3:11:21)" in text  # Riegel's marathon


def test_text_output_in_miles_shows_both_units() -> None:
    text = format_calc(calc(5000, 19 * 60 + 57), Units.MI)
    assert "/km" in text
    assert "7:58-8:58/mi" in text
    assert "3.11 mi" in text


def test_text_output_from_a_plain_dict_skips_riegel_unless_told_the_race() -> None:
    plain = dict(calc(5000, 1197))
    assert "Riegel" not in format_calc(plain, Units.KM)
    assert "(3:11:21)" in format_calc(plain, Units.KM, distance_m=5000, time_s=1197)


def test_calc_refuses_nonsense_in_plain_words() -> None:
    with pytest.raises(InvalidInput):
        calc(5000, 60 * 5)
