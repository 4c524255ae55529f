"""Race-time predictions: the VDOT-equivalent time, with Riegel's power law as a second opinion.

The VDOT-equivalent time comes from the same Daniels–Gilbert equations as the VDOT itself, so it
reproduces the published race table to within 0.35 % of time. Riegel's `T2 = T1 (D2/D1)^1.06`
(Riegel 1981) is shown beside it so a runner can see two models agree or not. Both models run
fast for the marathon when the runner's weekly volume is low (Vickers & Vertosick 2016: half of
recreational runners were 10+ minutes slower than Riegel predicted); callers showing a marathon
prediction from a short race should say so.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from coach.domain.errors import InvalidInput
from coach.science.vdot import race_time, vdot_from_race

logger = logging.getLogger(__name__)

STANDARD_DISTANCES_M: tuple[float, ...] = (5000.0, 10000.0, 21097.5, 42195.0)
RIEGEL_EXPONENT = 1.06
METHOD_VDOT = "vdot"


def predict_race(vdot: float, distance_m: float) -> float:
    """VDOT-equivalent time (s) over `distance_m` for a runner of `vdot`."""
    return race_time(vdot, distance_m)


def riegel(d1_m: float, t1_s: float, d2_m: float, exponent: float = RIEGEL_EXPONENT) -> float:
    """Riegel's prediction (s) for `d2_m` from `t1_s` seconds over `d1_m` metres."""
    for value in (d1_m, t1_s, d2_m, exponent):
        if not math.isfinite(value) or value <= 0:
            raise InvalidInput("Riegel needs positive distances, time and exponent.")
    return t1_s * (d2_m / d1_m) ** exponent


def predictions(vdot: float) -> dict[float, float]:
    """VDOT-equivalent times (s) at 5 km, 10 km, the half and the marathon."""
    return {d: race_time(vdot, d) for d in STANDARD_DISTANCES_M}


@dataclass(frozen=True, slots=True)
class RacePrediction:
    """A predicted time over `distance_m` by `method`, with Riegel's figure beside it."""

    distance_m: float
    time_s: float
    method: str
    riegel_time_s: float


def predict_from_race(distance_m: float, time_s: float, target_distance_m: float) -> RacePrediction:
    """Predict `target_distance_m` from one race: VDOT-equivalent time plus Riegel's opinion."""
    vdot = vdot_from_race(distance_m, time_s)
    return RacePrediction(
        distance_m=target_distance_m,
        time_s=race_time(vdot, target_distance_m),
        method=METHOD_VDOT,
        riegel_time_s=riegel(distance_m, time_s, target_distance_m),
    )
