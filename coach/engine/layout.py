"""Which days of a week carry the long run, the quality sessions, the easy runs and the rest.

A small exhaustive search (at most a few hundred candidates) under the hard rules — quality
sessions never on consecutive days nor the day before the long run — scored for what coaches
prefer: no quality the day after the long run, runs spread out rather than bunched. The week is
treated as circular because the same pattern repeats week after week.
"""

from __future__ import annotations

import functools
import itertools
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Layout:
    """Weekdays (0 = Mon) of each kind of day; `recovery_days` are easy days after the long run."""

    long_day: int | None
    quality_days: tuple[int, ...]
    easy_days: tuple[int, ...]
    recovery_days: tuple[int, ...]

    @property
    def run_days(self) -> tuple[int, ...]:
        days = set(self.quality_days) | set(self.easy_days) | set(self.recovery_days)
        if self.long_day is not None:
            days.add(self.long_day)
        return tuple(sorted(days))


def _adjacent(a: int, b: int, circular: bool) -> bool:
    return abs(a - b) == 1 or (circular and abs(a - b) == 6)


def _score(runs: tuple[int, ...], quality: tuple[int, ...], long_day: int | None,
           circular: bool, blocked: frozenset[int]) -> int | None:
    for a, b in itertools.combinations(quality, 2):
        if _adjacent(a, b, circular):
            return None
    if any(q in blocked for q in quality):
        return None
    score = 0
    if long_day is not None:
        for q in quality:
            if _adjacent(q, long_day, circular):
                if q == (long_day - 1) % 7 and (circular or q < long_day):
                    return None
                score += 4
    all_runs = sorted(set(runs) | ({long_day} if long_day is not None else set()))
    for a, b in itertools.pairwise(all_runs):
        if b - a == 1:
            score += 1
    if circular and len(all_runs) > 1 and all_runs[0] == 0 and all_runs[-1] == 6:
        score += 1
    return score


@functools.cache
def choose_layout(days: tuple[int, ...], runs: int, long_day: int | None, quality: int,
                  circular: bool = True, blocked: frozenset[int] = frozenset()) -> Layout:
    """The best layout of `runs` runs on `days` with `quality` quality sessions.

    `long_day` must be one of `days` (or None for a week without a long run); `blocked` are
    days where no quality session may go (e.g. the two days before a race). When the rules
    leave no room for `quality` sessions, fewer are placed.
    """
    others = tuple(d for d in days if d != long_day)
    wanted = max(0, min(runs - (1 if long_day is not None else 0), len(others)))
    for q in range(min(quality, wanted), -1, -1):
        best: tuple[int, tuple[int, ...], tuple[int, ...]] | None = None
        for chosen in itertools.combinations(others, wanted):
            for qual in itertools.combinations(chosen, q):
                score = _score(chosen, qual, long_day, circular, blocked)
                if score is not None and (best is None or score < best[0]):
                    best = (score, chosen, qual)
        if best is not None:
            _, chosen, qual = best
            after_long = (long_day + 1) % 7 if long_day is not None else None
            easy = tuple(d for d in chosen if d not in qual)
            recovery = tuple(d for d in easy
                             if d == after_long and (circular or d > (long_day or 0)))
            easy = tuple(d for d in easy if d not in recovery)
            return Layout(long_day, qual, easy, recovery)
    return Layout(long_day, (), (), ())
