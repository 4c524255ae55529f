"""Periodisation: the phase, target volume and quality sessions of every week of a plan.

Race plans follow Daniels' phases (base → build → peak, training-science.md §4.1) with a
recovery week every 4th week (every 3rd for beginners), then a Pfitzinger/Bosquet taper of 2
weeks (3 for a marathon) counting the race week. Volume ramps from the runner's recent volume
towards a peak that depends on the race and the level, never faster than the 10 % guardrail
allows. General fitness gets an 8-week block (3 weeks up, 1 down, twice) that the service
renews when it runs out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.athletes import Level
from coach.domain.goals import Goal
from coach.domain.plans import Phase, WorkoutKind
from coach.engine.request import (
    PlanRequest,
    available_days,
    is_race_goal,
    monday_of,
    taper_weeks,
)

logger = logging.getLogger(__name__)

K = WorkoutKind
FITNESS_BLOCK_WEEKS = 8
RECOVERY_FACTOR = 0.75
# Fraction of peak volume in each taper week, race week last (race itself not counted).
TAPER_FRACTIONS = {2: (0.58, 0.45), 3: (0.75, 0.58, 0.45)}
_MAX_GROWTH = 0.6
_GROWTH_PER_WEEK = 0.08

_PEAK_KM = {
    "5k": (25.0, 40.0, 60.0),
    "10k": (30.0, 45.0, 65.0),
    "half": (35.0, 50.0, 70.0),
    "marathon": (45.0, 65.0, 90.0),
    "fitness": (20.0, 35.0, 50.0),
}
LONG_RUN_MAX_KM = {"5k": 16.0, "10k": 20.0, "half": 22.0, "marathon": 34.0, "fitness": 18.0}

_Pattern = tuple[WorkoutKind, ...]
_SHORT: dict[Phase, tuple[_Pattern, ...]] = {
    Phase.BASE: ((K.REPETITION,), (K.TEMPO,)),
    Phase.BUILD: ((K.INTERVALS, K.REPETITION, K.TEMPO), (K.INTERVALS, K.TEMPO, K.REPETITION)),
    Phase.PEAK: ((K.INTERVALS, K.TEMPO, K.REPETITION), (K.TEMPO, K.INTERVALS, K.REPETITION)),
    Phase.RECOVERY: ((K.REPETITION,),),
    Phase.TAPER: ((K.INTERVALS, K.TEMPO),),
    Phase.RACE: ((K.REPETITION,),),
    Phase.MAINTENANCE: ((K.TEMPO, K.INTERVALS), (K.INTERVALS, K.TEMPO)),
}
_HALF: dict[Phase, tuple[_Pattern, ...]] = {
    Phase.BASE: ((K.TEMPO,), (K.REPETITION,)),
    Phase.BUILD: ((K.TEMPO, K.INTERVALS, K.REPETITION), (K.INTERVALS, K.TEMPO, K.REPETITION)),
    Phase.PEAK: ((K.TEMPO, K.INTERVALS, K.MARATHON), (K.TEMPO, K.MARATHON, K.INTERVALS)),
    Phase.RECOVERY: ((K.TEMPO,),),
    Phase.TAPER: ((K.TEMPO, K.INTERVALS),),
    Phase.RACE: ((K.TEMPO,),),
    Phase.MAINTENANCE: ((K.TEMPO, K.INTERVALS), (K.INTERVALS, K.TEMPO)),
}
_MARATHON: dict[Phase, tuple[_Pattern, ...]] = {
    Phase.BASE: ((K.TEMPO,), (K.REPETITION,)),
    Phase.BUILD: ((K.TEMPO, K.INTERVALS, K.MARATHON), (K.MARATHON, K.TEMPO, K.INTERVALS)),
    Phase.PEAK: ((K.MARATHON, K.TEMPO, K.INTERVALS), (K.MARATHON, K.INTERVALS, K.TEMPO)),
    Phase.RECOVERY: ((K.TEMPO,),),
    Phase.TAPER: ((K.MARATHON, K.TEMPO),),
    Phase.RACE: ((K.TEMPO,),),
    Phase.MAINTENANCE: ((K.TEMPO, K.INTERVALS), (K.INTERVALS, K.TEMPO)),
}
_FITNESS: dict[Phase, tuple[_Pattern, ...]] = {
    Phase.BASE: ((K.TEMPO, K.INTERVALS), (K.INTERVALS, K.TEMPO), (K.REPETITION, K.TEMPO)),
    Phase.MAINTENANCE: ((K.TEMPO, K.INTERVALS), (K.INTERVALS, K.TEMPO), (K.REPETITION, K.TEMPO)),
    Phase.RECOVERY: ((K.TEMPO,),),
}
_MENUS = {"5k": _SHORT, "10k": _SHORT, "half": _HALF, "marathon": _MARATHON, "fitness": _FITNESS}


@dataclass(frozen=True, slots=True)
class WeekSpec:
    """What one week should hold before its days are laid out."""

    monday: date
    phase: Phase
    volume_m: float
    quality: tuple[WorkoutKind, ...]


def goal_class(goal: Goal) -> str:
    d = goal.race_distance_m
    if d is None or goal.race_date is None:
        return "fitness"
    if d <= 6000.0:
        return "5k"
    if d <= 12000.0:
        return "10k"
    if d < 30000.0:
        return "half"
    return "marathon"


def _level_index(level: Level) -> int:
    return {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.ADVANCED: 2}[level]


def quality_count(phase: Phase, level: Level, runs: int) -> int:
    """Quality sessions a week holds: 80/20 by session leaves at most ~2 of 4–7 runs hard."""
    beginner = level is Level.BEGINNER
    count = {
        Phase.BASE: 0 if beginner else 1,
        Phase.BUILD: 1 if beginner else 2,
        Phase.PEAK: 1 if beginner else 2,
        Phase.RECOVERY: 0 if beginner else 1,
        Phase.TAPER: 1 if beginner else 2,
        Phase.RACE: 0 if beginner else 1,
        Phase.MAINTENANCE: 2 if level is Level.ADVANCED else 1,
    }[phase]
    if level is Level.ADVANCED and runs >= 6 and phase in (Phase.BUILD, Phase.PEAK):
        count = 3
    return max(0, min(count, runs - 2))


def _training_phases(m: int) -> list[Phase]:
    if m <= 2:
        return [Phase.BUILD] * m
    peak = min(4, max(1, round(m * 0.25)))
    build = min(8, max(1, round(m * 0.4)))
    base = m - peak - build
    maintenance = max(0, base - 8)
    return ([Phase.MAINTENANCE] * maintenance + [Phase.BASE] * (base - maintenance)
            + [Phase.BUILD] * build + [Phase.PEAK] * peak)


def _with_recovery(phases: list[Phase], level: Level, keep_last: bool) -> list[Phase]:
    cycle = 3 if level is Level.BEGINNER else 4
    out = list(phases)
    last = len(out) - 1
    for i in range(len(out)):
        if (i + 1) % cycle == 0 and (i < last or not keep_last):
            out[i] = Phase.RECOVERY
    return out


def _volumes(phases: list[Phase], base_km: float, peak_goal_km: float) -> list[float]:
    """Target km per training week: ramp to the peak, recovery weeks at 75 % of the week before."""
    loading = [p for p in phases if p not in (Phase.RECOVERY, Phase.MAINTENANCE)]
    ramp = max(1, loading.index(Phase.PEAK)) if Phase.PEAK in loading else max(1, len(loading) - 1)
    peak = max(base_km, min(peak_goal_km, base_km * (1 + min(_MAX_GROWTH, _GROWTH_PER_WEEK * ramp))))
    out: list[float] = []
    j = 0
    previous = base_km
    for phase in phases:
        if phase is Phase.RECOVERY:
            km = previous * RECOVERY_FACTOR
        elif phase is Phase.MAINTENANCE:
            km = base_km
            previous = km
        else:
            km = base_km + (peak - base_km) * min(1.0, j / ramp)
            j += 1
            previous = km
        out.append(km)
    return out


def _pattern(goal: Goal, phase: Phase, index: int, level: Level, runs: int) -> tuple[WorkoutKind, ...]:
    menu = _MENUS[goal_class(goal)]
    patterns = menu.get(phase) or menu.get(Phase.BASE) or ((K.TEMPO,),)
    return patterns[index % len(patterns)][: quality_count(phase, level, runs)]


def plan_specs(req: PlanRequest, base_km: float, first_monday: date,
               weeks: int | None = None) -> list[WeekSpec]:
    """Week specs from `first_monday` to the race week (or a fitness block of `weeks`)."""
    goal = req.goal
    peak_goal = _PEAK_KM[goal_class(goal)][_level_index(req.level)]
    runs = min(req.runs_per_week, len(available_days(req)))
    if is_race_goal(goal):
        assert goal.race_date is not None
        n = (monday_of(goal.race_date) - first_monday).days // 7 + 1
        k = min(taper_weeks(goal), n)
        training = _with_recovery(_training_phases(n - k), req.level, keep_last=True)
        volumes = _volumes(training, base_km, peak_goal)
        peak = max(volumes, default=base_km)
        fractions = TAPER_FRACTIONS[taper_weeks(goal)][-k:] if k else ()
        phases = training + [Phase.TAPER] * (k - 1) + [Phase.RACE]
        volumes += [peak * f for f in fractions]
    else:
        n = weeks or FITNESS_BLOCK_WEEKS
        phase = Phase.BASE if base_km < 0.9 * peak_goal else Phase.MAINTENANCE
        phases = _with_recovery([Phase.BASE] * n, req.level, keep_last=False)
        volumes = _volumes(phases, base_km, min(peak_goal, base_km * 1.2))
        phases = [p if p is Phase.RECOVERY else phase for p in phases]
    specs: list[WeekSpec] = []
    seen: dict[Phase, int] = {}
    for i, (phase, km) in enumerate(zip(phases, volumes, strict=True)):
        index = seen.get(phase, 0)
        seen[phase] = index + 1
        specs.append(WeekSpec(first_monday + timedelta(weeks=i), phase, km * 1000.0,
                              _pattern(goal, phase, index, req.level, runs)))
    return specs
