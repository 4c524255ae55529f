"""Heart-rate zones (when max or threshold HR is known) and pace zones (always, from VDOT).

Heart rate, five zones, the first model that the runner's numbers allow:
* Threshold HR known: Friel's running zones as % of lactate-threshold HR — 1 below 85 %,
  2 85–89 %, 3 90–94 %, 4 95–99 %, 5 from 100 % (Friel's 5a–5c merged). The top of zone 5 is
  max HR when known, else 106 % of threshold.
* Else max HR known: 50–60–70–80–90–100 %, of heart-rate reserve (Karvonen) when resting HR is
  known, else of max HR.

Pace: the Daniels paces of `training_paces`. E is the table's range; M, T, I and R are the
target ± 2 % of pace, narrowed where needed so neighbouring bands never overlap (they get close
at high VDOT, where M and T are only a few seconds apart).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from coach.domain.errors import InvalidInput
from coach.science.paces import training_paces

logger = logging.getLogger(__name__)

ZONE_NAMES = ("recovery", "aerobic", "tempo", "threshold", "anaerobic")
_FRIEL_LTHR_EDGES = (0.85, 0.90, 0.95, 1.00)
_FRIEL_TOP = 1.06
_MAX_EDGES = (0.50, 0.60, 0.70, 0.80, 0.90, 1.00)
PACE_BAND = 0.02


@dataclass(frozen=True, slots=True)
class HrZone:
    number: int
    name: str
    low_bpm: float
    high_bpm: float


@dataclass(frozen=True, slots=True)
class PaceZone:
    """A Daniels pace band in s/km: `fast` < `slow`; `target` is the pace to aim at."""

    name: str
    fast_s_per_km: float
    slow_s_per_km: float
    target_s_per_km: float

    def contains(self, s_per_km: float) -> bool:
        return self.fast_s_per_km <= s_per_km <= self.slow_s_per_km


def _check_hr(value: float | None, what: str) -> None:
    if value is not None and not 25 <= value <= 250:
        raise InvalidInput(f"{what} of {value:g} bpm is not a heart rate I can use.")


def hr_zones(
    *,
    max_hr: float | None = None,
    threshold_hr: float | None = None,
    resting_hr: float | None = None,
) -> list[HrZone]:
    """Five heart-rate zones from threshold HR, else max HR (model in the module docstring)."""
    _check_hr(max_hr, "A max heart rate")
    _check_hr(threshold_hr, "A threshold heart rate")
    _check_hr(resting_hr, "A resting heart rate")
    if threshold_hr:
        top = max_hr if max_hr and max_hr > threshold_hr else _FRIEL_TOP * threshold_hr
        edges = [resting_hr or 0.0, *(e * threshold_hr for e in _FRIEL_LTHR_EDGES), top]
    elif max_hr:
        if resting_hr and resting_hr < max_hr:
            edges = [resting_hr + e * (max_hr - resting_hr) for e in _MAX_EDGES]
        else:
            edges = [e * max_hr for e in _MAX_EDGES]
    else:
        raise InvalidInput("Heart-rate zones need a max or a threshold heart rate.")
    return [
        HrZone(i + 1, ZONE_NAMES[i], edges[i], edges[i + 1]) for i in range(len(ZONE_NAMES))
    ]


def hr_zone_of(bpm: float, zones: list[HrZone]) -> int | None:
    """Number of the zone holding `bpm` (above the top counts as the top zone)."""
    if not zones or bpm < zones[0].low_bpm:
        return None
    for zone in zones:
        if bpm < zone.high_bpm:
            return zone.number
    return zones[-1].number


def pace_zones(vdot: float) -> list[PaceZone]:
    """E, M, T, I and R bands (s/km), slowest first."""
    paces = training_paces(vdot)
    targets = [paces.marathon, paces.threshold, paces.interval, paces.repetition]
    zones = [PaceZone("E", paces.easy[0], paces.easy[1], 0.5 * (paces.easy[0] + paces.easy[1]))]
    # Neighbours: E's fast end above M, then each target; the band stops halfway to them.
    slower = [paces.easy[0], *targets[:-1]]
    faster = [*targets[1:], None]
    for name, target, up, down in zip("MTIR", targets, slower, faster, strict=True):
        slow = min(target * (1 + PACE_BAND), 0.5 * (target + up))
        fast = target * (1 - PACE_BAND)
        if down is not None:
            fast = max(fast, 0.5 * (target + down))
        zones.append(PaceZone(name, fast, slow, target))
    return zones


def pace_zone_of(s_per_km: float, vdot: float) -> str | None:
    """Name of the pace band holding `s_per_km`, or None between bands."""
    for zone in pace_zones(vdot):
        if zone.contains(s_per_km):
            return zone.name
    return None
