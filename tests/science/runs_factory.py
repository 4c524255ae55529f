"""Builds domain Runs for the science tests (a helper, not a test module)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from uuid import uuid4

from coach.domain.runs import Run, Split, Sport


def make_run(
    day: date,
    distance_m: float,
    seconds: float,
    *,
    sport: Sport = Sport.RUN,
    is_race: bool = False,
    avg_hr: float | None = None,
    splits: list[tuple[float, float]] | None = None,
    hour: int = 7,
) -> Run:
    return Run(
        sport=sport,
        start_time=datetime.combine(day, time(hour), tzinfo=UTC),
        distance_m=distance_m,
        moving_s=seconds,
        elapsed_s=seconds,
        avg_hr=avg_hr,
        is_race=is_race,
        splits=[Split(i, d, s) for i, (d, s) in enumerate(splits or [])],
        id=uuid4(),
    )
