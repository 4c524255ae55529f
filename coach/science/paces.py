"""Daniels training paces (E range, M, T, I, R) for a VDOT, from fitted %VDOT curves.

How the paces are built (training-science.md §1.3 explains why fixed percentages are not enough):
each pace runs at a fraction of VDOT, turned into a speed with the inverse oxygen-cost equation.
T and I are near-constant fractions; E and M change with VDOT, so their fractions are low-order
polynomials in x = (VDOT − 50) / 10. R follows Daniels' rule: R is 6 s per 400 m faster than I
(8 s up to VDOT 47, 7 s at 48–49), joined linearly between those table rows so pace stays
continuous and monotone in VDOT.

The coefficients were fitted offline by least squares on the %VDOT each pace of the Daniels'
Running Formula 3rd-edition training-pace table implies (VDOT 30–85, every row: E fast and slow
bounds, M and T per km; I from the km column where printed, else 2.5 × the 400 m split, fitted
jointly with 2.5 × the 400 m split; R compared with 2.5 × the 400 m split, or 5 × the 200 m split
where no 400 m split is printed). Against that whole table the largest errors are E fast 0.74,
E slow 1.03, M 0.61, T 0.67, I 1.45 and R 2.78 s/km (the table itself is rounded to whole
seconds per split). The table is used only to test the fit; it is not reproduced here.

Outside VDOT 30–85 the fractions are held at their end values (no polynomial extrapolation),
and VDOT itself is clamped to [MIN_VDOT, MAX_VDOT] (10–90).
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass

from coach.domain.errors import InvalidInput
from coach.science.vdot import MAX_VDOT, MIN_VDOT, velocity_for_vo2

logger = logging.getLogger(__name__)

FIT_RANGE = (30.0, 85.0)
_CENTRE = 50.0
_SCALE = 10.0

# %VDOT as a polynomial in x = (VDOT − 50) / 10, lowest power first.
_EASY_FAST = (0.730546, 0.00274916)
_EASY_SLOW = (0.629652, -0.00130097, 0.000429893)
_MARATHON = (0.815895, 0.0108377, -0.00307864, 0.000607364)
_THRESHOLD = (0.879747,)
_INTERVAL = (0.9775,)

# Daniels' R rule: seconds per 400 m that R runs faster than I, at the VDOTs where it changes.
_R_OFFSET_POINTS = ((47.0, 8.0), (48.0, 7.0), (49.0, 7.0), (50.0, 6.0))
_SPLITS_PER_KM = 2.5


@dataclass(frozen=True, slots=True)
class TrainingPaces:
    """Daniels paces in seconds per km; `easy` is (fast, slow) with fast < slow."""

    easy: tuple[float, float]
    marathon: float
    threshold: float
    interval: float
    repetition: float

    def as_json(self) -> dict[str, float | list[float]]:
        """The `paces` object of `runcoach calc --json`."""
        return {
            "E": [self.easy[0], self.easy[1]],
            "M": self.marathon,
            "T": self.threshold,
            "I": self.interval,
            "R": self.repetition,
        }


def _poly(coeffs: tuple[float, ...], vdot: float) -> float:
    x = (min(max(vdot, FIT_RANGE[0]), FIT_RANGE[1]) - _CENTRE) / _SCALE
    total = 0.0
    for c in reversed(coeffs):
        total = total * x + c
    return total


def _r_offset_s_per_400(vdot: float) -> float:
    points = _R_OFFSET_POINTS
    if vdot <= points[0][0]:
        return points[0][1]
    for (v0, s0), (v1, s1) in itertools.pairwise(points):
        if vdot <= v1:
            return s0 + (s1 - s0) * (vdot - v0) / (v1 - v0)
    return points[-1][1]


def pace_at_fraction(vdot: float, fraction: float) -> float:
    """Seconds per km of running at `fraction` of `vdot`'s oxygen uptake."""
    return 60_000.0 / velocity_for_vo2(fraction * vdot)


def clamp_vdot(vdot: float) -> float:
    """`vdot` limited to the range the pace model answers for; rejects non-numbers."""
    if not math.isfinite(vdot) or vdot <= 0:
        raise InvalidInput("VDOT must be a positive number.")
    clamped = min(max(vdot, MIN_VDOT), MAX_VDOT)
    if clamped != vdot:
        logger.debug("VDOT %.2f clamped to %.2f for paces", vdot, clamped)
    return clamped


def training_paces(vdot: float) -> TrainingPaces:
    """E range, M, T, I and R paces (s/km) for `vdot` (see the module docstring for the model)."""
    v = clamp_vdot(vdot)
    interval = pace_at_fraction(v, _poly(_INTERVAL, v))
    return TrainingPaces(
        easy=(pace_at_fraction(v, _poly(_EASY_FAST, v)), pace_at_fraction(v, _poly(_EASY_SLOW, v))),
        marathon=pace_at_fraction(v, _poly(_MARATHON, v)),
        threshold=pace_at_fraction(v, _poly(_THRESHOLD, v)),
        interval=interval,
        repetition=interval - _SPLITS_PER_KM * _r_offset_s_per_400(v),
    )
