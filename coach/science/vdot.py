"""Daniels–Gilbert equations: VDOT from a race, and the race time a VDOT predicts.

Constants are the ones published in *Oxygen Power* (Daniels & Gilbert, 1979) as reproduced by
tlgs/vdot, Simpson's "The Daniels/Gilbert Formula" and Runalyze (training-science.md §1.1).
Velocities are metres per minute and durations minutes inside the equations, as in the source;
the public functions take metres and seconds. VDOT is a float here: rounding is a display choice.
"""

from __future__ import annotations

import logging
import math

from coach.domain.errors import InvalidInput

logger = logging.getLogger(__name__)

# Oxygen cost of running at v m/min (mL/kg/min): VO2 = A + B v + C v².
_COST_A = -4.60
_COST_B = 0.182258
_COST_C = 0.000104
# Fraction of VO2max that can be held for t minutes (the "drop-dead" curve).
_DROP_BASE = 0.8
_DROP_K1 = 0.1894393
_DROP_R1 = 0.012778
_DROP_K2 = 0.2989558
_DROP_R2 = 0.1932605

# Beyond these a "race" is a typo or a GPS glitch, not a performance: VDOT 10 is a brisk walk
# (5 km in 71 min) and every senior world record from 800 m to the marathon sits below VDOT 88.
MIN_VDOT = 10.0
MAX_VDOT = 90.0
# The drop-dead curve was fitted to efforts of a few minutes to a few hours; outside that window
# its output means nothing, so such efforts are refused rather than extrapolated.
MIN_RACE_S = 60.0
MAX_RACE_S = 12 * 3600.0


def vo2_cost(v_m_per_min: float) -> float:
    """Oxygen cost (mL/kg/min) of running at `v_m_per_min` metres per minute."""
    v = v_m_per_min
    return _COST_A + _COST_B * v + _COST_C * v * v


def fraction_sustainable(t_min: float) -> float:
    """Fraction of VO2max a runner can hold for a race lasting `t_min` minutes."""
    return (
        _DROP_BASE
        + _DROP_K1 * math.exp(-_DROP_R1 * t_min)
        + _DROP_K2 * math.exp(-_DROP_R2 * t_min)
    )


def velocity_for_vo2(vo2: float) -> float:
    """Speed (m/min) whose oxygen cost is `vo2`: the positive root of the cost quadratic."""
    disc = _COST_B * _COST_B + 4.0 * _COST_C * (vo2 - _COST_A)
    if disc < 0.0:
        raise InvalidInput("That effort is too easy to be running.")
    return (-_COST_B + math.sqrt(disc)) / (2.0 * _COST_C)


def _check_distance(distance_m: float) -> None:
    if not math.isfinite(distance_m) or distance_m <= 0:
        raise InvalidInput("The distance must be a positive number of metres.")
    if distance_m > 1_000_000:
        raise InvalidInput("That distance is too long to predict from VDOT.")


def _check_vdot(vdot: float) -> None:
    if not math.isfinite(vdot) or vdot <= 0:
        raise InvalidInput("VDOT must be a positive number.")


def vdot_from_race(distance_m: float, time_s: float) -> float:
    """VDOT of a race: `VO2(d/t) / F(t)` for `distance_m` metres run in `time_s` seconds."""
    _check_distance(distance_m)
    if not math.isfinite(time_s) or time_s <= 0:
        raise InvalidInput("The time must be a positive number of seconds.")
    if not MIN_RACE_S <= time_s <= MAX_RACE_S:
        raise InvalidInput("VDOT needs an effort lasting between 1 minute and 12 hours.")
    t_min = time_s / 60.0
    vdot = vo2_cost(distance_m / t_min) / fraction_sustainable(t_min)
    if not MIN_VDOT <= vdot <= MAX_VDOT:
        raise InvalidInput(
            "That time for that distance is outside what the VDOT tables cover; "
            "please check the distance and the time."
        )
    return vdot


def _vdot_at(distance_m: float, t_min: float) -> float:
    return vo2_cost(distance_m / t_min) / fraction_sustainable(t_min)


def race_time(vdot: float, distance_m: float) -> float:
    """Seconds a runner of this `vdot` needs for `distance_m`, solving VO2(d/t)/F(t) = vdot.

    The left side falls as t grows (slower pace, lower cost), so bisection on a bracket is
    safe; Newton's method is faster but can overshoot into negative times on long distances.
    Sixty halvings of a bracket spanning seconds to days leave an error far below a
    millisecond.
    """
    _check_vdot(vdot)
    _check_distance(distance_m)
    lo, hi = 1e-3, 1.0
    while _vdot_at(distance_m, hi) > vdot:
        lo, hi = hi, hi * 2.0
        if hi > 1e6:
            raise InvalidInput("That VDOT is too low to predict a time for this distance.")
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _vdot_at(distance_m, mid) > vdot:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10 * hi:
            break
    return 0.5 * (lo + hi) * 60.0
