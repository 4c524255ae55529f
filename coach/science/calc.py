"""The `runcoach calc` result: VDOT, training paces and race predictions, as JSON or text."""

from __future__ import annotations

import logging
from typing import Any

from coach.domain.athletes import Units
from coach.science.paces import training_paces
from coach.science.predict import STANDARD_DISTANCES_M, predictions, riegel
from coach.science.vdot import vdot_from_race
from coach.units import format_distance, format_duration, format_pace, format_pace_range

logger = logging.getLogger(__name__)

_DISTANCE_NAMES = {5000.0: "5 km", 10000.0: "10 km", 21097.5: "Half marathon", 42195.0: "Marathon"}


class CalcResult(dict[str, Any]):
    """The exact `runcoach calc --json` object; also remembers the race it came from (as
    attributes, not keys, so the JSON shape stays exactly the contract's) for `format_calc`."""

    __slots__ = ("distance_m", "time_s")

    def __init__(self, data: dict[str, Any], distance_m: float, time_s: float) -> None:
        super().__init__(data)
        self.distance_m = distance_m
        self.time_s = time_s


def _distance_key(distance_m: float) -> str:
    return f"{distance_m:g}"


def calc(distance_m: float, time_s: float) -> CalcResult:
    """`{"vdot", "paces": {"E": [lo, hi], "M", "T", "I", "R"}, "predictions": {"5000": s, ...}}`.

    Paces in s/km and times in s, rounded to 0.1 s; VDOT to 0.01 (interface.md §3).
    """
    vdot = vdot_from_race(distance_m, time_s)
    paces = training_paces(vdot)
    times = predictions(vdot)
    data = {
        "vdot": round(vdot, 2),
        "paces": {
            "E": [round(paces.easy[0], 1), round(paces.easy[1], 1)],
            "M": round(paces.marathon, 1),
            "T": round(paces.threshold, 1),
            "I": round(paces.interval, 1),
            "R": round(paces.repetition, 1),
        },
        "predictions": {_distance_key(d): round(times[d], 1) for d in STANDARD_DISTANCES_M},
    }
    return CalcResult(data, distance_m, time_s)


_PACE_NAMES = {"E": "Easy", "M": "Marathon", "T": "Threshold", "I": "Interval", "R": "Repetition"}


def _pace_line(key: str, paces: Any, units: Units) -> str:
    if isinstance(paces, list):
        km = format_pace_range(paces[0], paces[1], Units.KM) + "/km"
        mi = format_pace_range(paces[0], paces[1], Units.MI) + "/mi"
    else:
        km = format_pace(paces, Units.KM) + "/km"
        mi = format_pace(paces, Units.MI) + "/mi"
    line = f"  {key}  {_PACE_NAMES[key]:<12}{km:<15}"
    if units is Units.MI:
        line += f"{mi:<15}"
    if key in ("I", "R"):
        line += f"400 m in {format_duration(paces * 0.4)}"
    return line.rstrip()


def format_calc(
    result: dict[str, Any],
    units: Units = Units.KM,
    *,
    distance_m: float | None = None,
    time_s: float | None = None,
) -> str:
    """Plain text for `runcoach calc`: VDOT, paces per km (and per mile in miles), predictions.

    Riegel's second opinion is shown when the source race is known: from a `CalcResult`, or
    passed as `distance_m` / `time_s`.
    """
    distance_m = distance_m if distance_m is not None else getattr(result, "distance_m", None)
    time_s = time_s if time_s is not None else getattr(result, "time_s", None)
    lines = [f"VDOT {result['vdot']:.1f}"]
    if distance_m is not None and time_s is not None:
        lines[0] += f" (from {format_distance(distance_m, units, decimals=2)} in "
        lines[0] += f"{format_duration(time_s, tenths=time_s % 1 > 0.05)})"
    lines.append("")
    lines.append("Training paces")
    for key in ("E", "M", "T", "I", "R"):
        lines.append(_pace_line(key, result["paces"][key], units))
    lines.append("")
    header = "Race predictions (VDOT-equivalent"
    header += "; Riegel 1.06 in brackets)" if distance_m and time_s else ")"
    lines.append(header)
    for key, seconds in result["predictions"].items():
        d = float(key)
        name = _DISTANCE_NAMES.get(d, format_distance(d, units))
        pace = format_pace(seconds / (d / 1000.0), units) + ("/mi" if units is Units.MI else "/km")
        line = f"  {name:<14}{format_duration(seconds):>9}  {pace}"
        if distance_m and time_s:
            line += f"  ({format_duration(riegel(distance_m, time_s, d))})"
        lines.append(line)
    return "\n".join(lines)
