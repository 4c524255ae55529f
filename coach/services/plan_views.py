"""What the plan service hands back: proposals, today's workout, a week, fitness, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from coach.domain.plans import PlanWeek, RuleNote, Workout, WorkoutDiff
from coach.domain.runs import Run


@dataclass(slots=True)
class Proposal:
    """A change the runner has not confirmed yet: the new version, its diff and its rules."""

    plan_id: UUID
    version: int
    diff: list[WorkoutDiff]
    rules_applied: list[RuleNote]
    reason: str


@dataclass(slots=True)
class Today:
    day: date
    workout: Workout | None
    done: Run | None = None
    plan_version: int | None = None


@dataclass(slots=True)
class WeekView:
    week: PlanWeek
    version: int
    done: dict[date, Run]


@dataclass(slots=True)
class Fitness:
    """The VDOT paces and predictions use, and where it came from."""

    vdot: float
    source: str  # "runs" | "stated" | "level"
    effort: Run | None = None


@dataclass(slots=True)
class History:
    runs: list[Run] = field(default_factory=list)
    today: date = date.min
