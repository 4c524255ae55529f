"""Unit conversion and formatting of distances, paces and durations for runners (km or miles)."""

from __future__ import annotations

import logging
import math

from coach.domain.athletes import Units
from coach.domain.errors import InvalidInput
from coach.domain.goals import MILE_M

logger = logging.getLogger(__name__)

KM_M = 1000.0
MILE_KM = MILE_M / KM_M
_KM_WORDS = frozenset(
    {"km", "kms", "k", "kilometre", "kilometres", "kilometer", "kilometers", "킬로", "킬로미터"}
)
_MI_WORDS = frozenset({"mi", "mile", "miles", "마일"})


def km_to_mi(km: float) -> float:
    return km / MILE_KM


def mi_to_km(mi: float) -> float:
    return mi * MILE_KM


def metres_per_unit(units: Units) -> float:
    """Metres in one km or one mile."""
    return MILE_M if units is Units.MI else KM_M


def unit_label(units: Units) -> str:
    return "mi" if units is Units.MI else "km"


def distance_in(metres: float, units: Units) -> float:
    """`metres` expressed in km or miles."""
    return metres / metres_per_unit(units)


def pace_in(s_per_km: float, units: Units) -> float:
    """A pace in s/km expressed in seconds per km or per mile."""
    return s_per_km * metres_per_unit(units) / KM_M


def _clock(total_s: float, *, tenths: bool = False) -> str:
    """`h:mm:ss` from one hour up, else `m:ss`; rounding happens before splitting the fields,
    so 59.96 s shows as 1:00, never 0:60."""
    if tenths:
        rounded_tenths = round(total_s * 10)
        whole, frac = divmod(rounded_tenths, 10)
        suffix = f".{frac}"
    else:
        whole, suffix = round(total_s), ""
    hours, rest = divmod(int(whole), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}{suffix}"
    return f"{minutes}:{seconds:02d}{suffix}"


def _check_seconds(value: float, what: str) -> None:
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{what} must be a non-negative number of seconds.")


def format_pace(s_per_km: float, units: Units) -> str:
    """`m:ss` per km, or per mile when `units` is miles (no unit suffix)."""
    _check_seconds(s_per_km, "A pace")
    return _clock(pace_in(s_per_km, units))


def format_pace_range(fast_s_per_km: float, slow_s_per_km: float, units: Units) -> str:
    """`m:ss-m:ss`, fast end first, per km or per mile."""
    return f"{format_pace(fast_s_per_km, units)}-{format_pace(slow_s_per_km, units)}"


def pace_suffix(units: Units) -> str:
    return f"/{unit_label(units)}"


def format_duration(seconds: float, *, tenths: bool = False) -> str:
    """`h:mm:ss` from one hour up, else `m:ss` (e.g. `19:57`, `1:31:35`); `tenths` adds `.d`."""
    _check_seconds(seconds, "A duration")
    return _clock(seconds, tenths=tenths)


def format_distance(metres: float, units: Units, *, decimals: int = 1) -> str:
    """`8.0 km` or `5.0 mi`."""
    if not math.isfinite(metres):
        raise InvalidInput("A distance must be a number of metres.")
    return f"{distance_in(metres, units):.{decimals}f} {unit_label(units)}"


def parse_units(text: str) -> Units:
    """`km` / `mi` (also `kilometres`, `miles`, `킬로미터`, `마일`) → Units."""
    raw = text.strip().lower()
    if raw in _KM_WORDS:
        return Units.KM
    if raw in _MI_WORDS:
        return Units.MI
    raise InvalidInput(f"I can't read {text!r} as units (try km or mi).")


def parse_pace(text: str, units: Units = Units.KM) -> float:
    """`m:ss` per km or per mile (`4:30`, `7:15/mi`, `4:30/km`) → seconds per km."""
    raw = text.strip().lower().replace(" ", "")
    for suffix, suffix_units in (("/km", Units.KM), ("/mi", Units.MI), ("/mile", Units.MI)):
        if raw.endswith(suffix):
            raw, units = raw[: -len(suffix)], suffix_units
            break
    minutes, sep, seconds = raw.partition(":")
    try:
        if not sep:
            raise ValueError
        secs = float(seconds)
        if not 0 <= secs < 60 or len(seconds.split(".")[0]) != 2:
            raise ValueError
        per_unit = int(minutes) * 60 + secs
    except ValueError:
        raise InvalidInput(f"I can't read {text!r} as a pace (try 4:30 or 7:15/mi).") from None
    if per_unit <= 0:
        raise InvalidInput(f"{text!r} is not a pace I can use.")
    return per_unit * KM_M / metres_per_unit(units)
