"""Which run fulfils which planned day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.domain.goals import Goal
from coach.domain.runs import Run, Sport
from coach.engine import PlanRequest, build_plan, match_runs

THURSDAY = date(2026, 11, 26)


def _run(day: int) -> Run:
    return Run(sport=Sport.RUN, start_time=datetime(2026, 11, day, 7, tzinfo=UTC), distance_m=5500,
               moving_s=1800, elapsed_s=1800, utc_offset_s=0)


def test_a_run_from_before_the_plan_fulfils_nothing() -> None:
    """A plan made on a Thursday was not there for that Monday's run."""
    plan = build_plan(PlanRequest(goal=Goal(), start=THURSDAY, today=THURSDAY, runs_per_week=4,
                                  stated_weekly_km=30))
    assert match_runs(plan, [_run(23)]) == {}
    assert list(match_runs(plan, [_run(26)])) == [THURSDAY]
