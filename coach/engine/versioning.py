"""A new plan version from an old one: copy, edit days, apply the guardrails, diff."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from coach.domain.errors import InvalidInput
from coach.domain.plans import Plan, PlanWeek, RuleNote, Workout, WorkoutDiff, iso_week
from coach.engine.diff import diff_plans
from coach.engine.guardrails import day_label, enforce
from coach.engine.request import PlanContext, vdot_for
from coach.engine.sessions import copy_workout
from coach.science.paces import TrainingPaces, training_paces

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Adjustment:
    """A proposed new plan version, its day-by-day diff and every rule that shaped it."""

    plan: Plan
    diff: list[WorkoutDiff]
    rules_applied: list[RuleNote]


def copy_plan(plan: Plan) -> Plan:
    """The next version: same weeks (copied), version + 1, not yet stored (no id)."""
    weeks = [PlanWeek(w.week, w.phase, [copy_workout(x) for x in w.workouts]) for w in plan.weeks]
    return Plan(weeks=weeks, version=plan.version + 1, reason=plan.reason, rules_applied=[],
                vdot=plan.vdot, athlete_id=plan.athlete_id)


@dataclass(slots=True)
class Editor:
    """Edits days of a copied plan, remembering which rule (None: the runner's own ask) did."""

    old: Plan
    ctx: PlanContext
    plan: Plan = field(init=False)
    paces: TrainingPaces = field(init=False)
    touched: dict[date, str | None] = field(default_factory=dict)
    notes: list[RuleNote] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.plan = copy_plan(self.old)
        self.paces = training_paces(vdot_for(self.ctx, self.plan.vdot))

    @property
    def today(self) -> date:
        return self.ctx.today

    def week_of(self, day: date) -> PlanWeek | None:
        return self.plan.week(iso_week(day))

    def get(self, day: date) -> Workout | None:
        return self.plan.workout_on(day)

    def need(self, day: date) -> Workout:
        """The workout on `day`, refusing days in the past or outside the plan."""
        if day < self.today:
            raise InvalidInput(f"{day_label(day)} is already past; I only change days from "
                               "today on.", key="err_past_day", day=day)
        w = self.get(day)
        if w is None:
            raise InvalidInput(f"There's nothing planned on {day_label(day)}.", key="err_rest_day",
                               day=day)
        return w

    def put(self, new: Workout, rule: str | None = None) -> None:
        week = self.week_of(new.date)
        if week is None:
            raise InvalidInput(f"{day_label(new.date)} is outside the plan.", key="err_outside_plan",
                               day=new.date)
        for i, w in enumerate(week.workouts):
            if w.date == new.date:
                week.workouts[i] = new
                break
        else:
            week.workouts.append(new)
            week.workouts.sort(key=lambda x: x.date)
        self.touched[new.date] = rule

    def days(self, start: date, count: int) -> list[date]:
        return [start + timedelta(days=i) for i in range(count)]

    def note(self, rule: str, detail: str) -> None:
        self.notes.append(RuleNote(rule, detail))

    def finish(self, reason: str) -> Adjustment:
        enforced = enforce(self.plan, self.ctx, self.paces)
        rules: dict[date, str | None] = dict(self.touched)
        rules.update(enforced.touched)
        self.plan.reason = reason
        self.plan.rules_applied = self.notes + enforced.notes
        diff = diff_plans(self.old, self.plan, rules)
        return Adjustment(self.plan, diff, self.plan.rules_applied)
