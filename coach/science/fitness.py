"""Current fitness: a VDOT estimate from the runner's recent best efforts, decayed over time off.

The rule, in order:

1. Evidence. Every running activity (Run.counts_as_running) from the last `lookback_days` days
   gives one effort VDOT. A race the runner flagged (`is_race`) counts fully, over the whole
   activity and its elapsed time (the clock a race is judged by). A training run counts
   partially: its best stretch of at least 3 km (whole run, a lap, or consecutive km splits)
   at moving time, times `TRAINING_EFFORT_FACTOR` (0.95). A submaximal run can only
   underestimate VDOT (you could have gone faster), so easy runs give low values by
   construction; the discount also guards against downhill courses and GPS drift. When heart
   rate says a training run was easy (below 75 % of heart-rate reserve) it is not evidence at
   all, so a fast-looking easy run never raises the estimate.
2. Time off. Daniels' VDOT adjustment for time away from running (vdoto2.com, "VDOT adjustments
   for time off", 2018): no change up to 5 days off, then 0.3 % per day down to 80 % at 72 days,
   or half that loss (0.15 % per day, floor 90 %) when the runner cross-trained during the break.
   Every break longer than 5 days after the effort, including the one running up to today,
   multiplies the effort's VDOT by its factor.
3. Age. An old effort is less certain even when training continued. Its VDOT loses up to
   `AGE_DISCOUNT_MAX` (5 %), approaching that cap with half-life `half_life_days`; this is our
   conservative choice (Daniels: when in doubt, train at the slower paces), not a published law.

The estimate is the effort with the highest resulting VDOT (the most recent on ties).
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from coach.domain.errors import InvalidInput
from coach.domain.runs import Run
from coach.science.vdot import vdot_from_race

logger = logging.getLogger(__name__)

TRAINING_EFFORT_FACTOR = 0.95
MIN_EFFORT_M = 1500.0
MIN_SEGMENT_M = 3000.0
EASY_HRR_BELOW = 0.75
HARD_HRR_FROM = 0.80
DEFAULT_HALF_LIFE_DAYS = 90.0
DEFAULT_LOOKBACK_DAYS = 365
AGE_DISCOUNT_MAX = 0.05
FREE_DAYS_OFF = 5

CONFIDENCE_HIGH = "high"
CONFIDENCE_MEDIUM = "medium"
CONFIDENCE_LOW = "low"


@dataclass(frozen=True, slots=True)
class VdotEstimate:
    """Current-fitness VDOT, the run it rests on, and how far to trust it (high/medium/low)."""

    vdot: float
    source_run_id: UUID | None
    source_date: date
    confidence: str
    effort_vdot: float = 0.0
    is_race: bool = False
    days_off: int = 0


def detraining_factor(days_off: int, *, cross_trained: bool = False) -> float:
    """Daniels' FVDOT for `days_off` days without running (see the module docstring)."""
    if days_off <= FREE_DAYS_OFF:
        return 1.0
    lost = days_off - FREE_DAYS_OFF
    if cross_trained:
        return max(0.90, 1.0 - 0.0015 * lost)
    return max(0.80, 1.0 - 0.003 * lost)


def _heart_rate_reserve(run: Run, max_hr: float | None, resting_hr: float | None) -> float | None:
    if run.avg_hr is None or max_hr is None or resting_hr is None or max_hr <= resting_hr:
        return None
    return (run.avg_hr - resting_hr) / (max_hr - resting_hr)


def _safe_vdot(distance_m: float, time_s: float) -> float | None:
    if distance_m < MIN_EFFORT_M or time_s <= 0:
        return None
    try:
        return vdot_from_race(distance_m, time_s)
    except InvalidInput:
        return None


def _stretches(run: Run) -> Iterable[tuple[float, float]]:
    """(distance, seconds) of the whole run, its long laps and long runs of consecutive splits."""
    yield run.distance_m, run.moving_s
    for lap in run.laps:
        seconds = lap.moving_s if lap.moving_s else lap.elapsed_s
        if lap.distance_m >= MIN_SEGMENT_M:
            yield lap.distance_m, seconds
    splits = run.splits
    for start in range(len(splits)):
        distance = seconds = 0.0
        for split in splits[start:]:
            distance += split.distance_m
            seconds += split.elapsed_s
            if distance >= MIN_SEGMENT_M:
                yield distance, seconds
                break


def effort_vdot(
    run: Run, *, max_hr: float | None = None, resting_hr: float | None = None
) -> float | None:
    """VDOT this run is evidence for (races fully, training discounted), or None if it is none."""
    if not run.counts_as_running:
        return None
    if run.is_race:
        return _safe_vdot(run.distance_m, run.elapsed_s if run.elapsed_s > 0 else run.moving_s)
    hrr = _heart_rate_reserve(run, max_hr, resting_hr)
    if hrr is not None and hrr < EASY_HRR_BELOW:
        return None
    best = max((v for d, s in _stretches(run) if (v := _safe_vdot(d, s)) is not None), default=None)
    return None if best is None else best * TRAINING_EFFORT_FACTOR


class _Breaks:
    """Detraining over the breaks in running up to `today`, built once per estimate.

    A break between runs on days a and b is the b − a − 1 days between them; the open break
    counts today as a day off (today − last run). It counts as cross-trained with at least one
    non-running session per started week of the break.
    """

    def __init__(self, run_days: Iterable[date], cross_days: Iterable[date], today: date) -> None:
        self.days = sorted({d for d in run_days if d <= today})
        cross = sorted(d for d in cross_days if d <= today)
        self.current_off = (today - self.days[-1]).days if self.days else 0
        gaps = [(a, b, (b - a).days - 1) for a, b in itertools.pairwise(self.days)]
        if self.days:
            gaps.append((self.days[-1], today, self.current_off))
        factors = []
        for start, end, off in gaps:
            sessions = bisect.bisect_right(cross, end) - bisect.bisect_right(cross, start)
            factors.append(detraining_factor(off, cross_trained=sessions >= math.ceil(off / 7)))
        # suffix[i]: product of the factors of every break starting on or after days[i].
        self.suffix = [1.0] * (len(factors) + 1)
        for i in range(len(factors) - 1, -1, -1):
            self.suffix[i] = self.suffix[i + 1] * factors[i]

    def factor_since(self, day: date) -> float:
        return self.suffix[bisect.bisect_left(self.days, day)]


def _age_factor(age_days: int, half_life_days: float) -> float:
    return 1.0 - AGE_DISCOUNT_MAX * (1.0 - 0.5 ** (age_days / half_life_days))


def _confidence(is_race: bool, hard_by_hr: bool, age_days: int, breaks: float) -> str:
    if breaks < 0.90:
        return CONFIDENCE_LOW
    if is_race and age_days <= 42 and breaks >= 0.97:
        return CONFIDENCE_HIGH
    if (is_race and age_days <= 120) or (hard_by_hr and age_days <= 42):
        return CONFIDENCE_MEDIUM
    return CONFIDENCE_LOW


def estimate_vdot(
    runs: Sequence[Run],
    today: date,
    *,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    max_hr: float | None = None,
    resting_hr: float | None = None,
) -> VdotEstimate | None:
    """Current VDOT from `runs` as of `today` (rule in the module docstring), or None."""
    if half_life_days <= 0 or lookback_days <= 0:
        raise InvalidInput("The half-life and the look-back must be positive.")
    breaks = _Breaks(
        (r.local_start.date() for r in runs if r.counts_as_running),
        (r.local_start.date() for r in runs if not r.counts_as_running),
        today,
    )
    best: tuple[float, date, VdotEstimate] | None = None
    for run in runs:
        day = run.local_start.date()
        age = (today - day).days
        if age < 0 or age > lookback_days:
            continue
        value = effort_vdot(run, max_hr=max_hr, resting_hr=resting_hr)
        if value is None:
            continue
        detraining = breaks.factor_since(day)
        current = value * detraining * _age_factor(age, half_life_days)
        hrr = _heart_rate_reserve(run, max_hr, resting_hr)
        hard = hrr is not None and hrr >= HARD_HRR_FROM
        estimate = VdotEstimate(
            vdot=current,
            source_run_id=run.id,
            source_date=day,
            confidence=_confidence(run.is_race, hard, age, detraining),
            effort_vdot=value,
            is_race=run.is_race,
            days_off=breaks.current_off,
        )
        if best is None or (current, day) > (best[0], best[1]):
            best = (current, day, estimate)
    if best is None:
        return None
    logger.debug("VDOT %.1f from %s (%s)", best[0], best[1], best[2].confidence)
    return best[2]
