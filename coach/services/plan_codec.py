"""Plan diffs to and from JSON, for keeping a proposal until the runner confirms it."""

from __future__ import annotations

from datetime import date
from typing import Any

from coach.domain.plans import Workout, WorkoutDiff, WorkoutKind


def workout_to_json(w: Workout | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {"date": w.date.isoformat(), "kind": w.kind.value, "distance_m": w.distance_m,
            "duration_s": w.duration_s,
            "pace_s_per_km": list(w.pace_s_per_km) if w.pace_s_per_km else None,
            "description": w.description}


def workout_from_json(data: dict[str, Any] | None) -> Workout | None:
    if data is None:
        return None
    pace = data.get("pace_s_per_km")
    return Workout(date=date.fromisoformat(data["date"]), kind=WorkoutKind(data["kind"]),
                   distance_m=data.get("distance_m"), duration_s=data.get("duration_s"),
                   pace_s_per_km=(pace[0], pace[1]) if pace else None,
                   description=data.get("description", ""))


def diff_to_json(diff: list[WorkoutDiff]) -> list[dict[str, Any]]:
    return [{"date": d.date.isoformat(), "before": workout_to_json(d.before),
             "after": workout_to_json(d.after), "rule": d.rule} for d in diff]


def diff_from_json(items: list[dict[str, Any]]) -> list[WorkoutDiff]:
    return [WorkoutDiff(date=date.fromisoformat(i["date"]), before=workout_from_json(i["before"]),
                        after=workout_from_json(i["after"]), rule=i.get("rule")) for i in items]
