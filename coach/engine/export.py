"""A plan week as the `runcoach plan --json` week object (interface.md §3)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from coach.domain.plans import PlanWeek
from coach.domain.runs import Run

logger = logging.getLogger(__name__)


def _done(run: Run | None) -> dict[str, Any] | None:
    if run is None:
        return None
    run_id = str(run.id) if run.id is not None else (run.source_id or "")
    return {"run_id": run_id, "distance_m": run.distance_m, "moving_s": run.moving_s}


def plan_week_json(week: PlanWeek, version: int,
                   done_runs_by_date: Mapping[date, Run]) -> dict[str, Any]:
    """The week object; `done_runs_by_date` is `match_runs` (the run that fulfils each day)."""
    monday = week.monday
    sunday = monday + timedelta(days=6)
    done_m = sum((run.distance_m for day, run in done_runs_by_date.items()
                  if monday <= day <= sunday), 0.0)
    return {
        "week": week.week,
        "version": version,
        "phase": week.phase.value,
        "planned_distance_m": week.planned_distance_m,
        "done_distance_m": done_m,
        "workouts": [
            {
                "date": w.date.isoformat(),
                "kind": w.kind.value,
                "distance_m": w.distance_m,
                "duration_s": w.duration_s,
                "pace_s_per_km": list(w.pace_s_per_km) if w.pace_s_per_km else None,
                "description": w.description,
                "done": _done(done_runs_by_date.get(w.date)),
            }
            for w in sorted(week.workouts, key=lambda x: x.date)
        ],
    }
