"""The deterministic plan engine: periodised plans, guardrails, adjustments and reconciliation.

Pure and I/O-free: the same request (with `today` passed in) always gives the same plan.
"""

from coach.engine.adapt import adjust_plan
from coach.engine.build import build_plan
from coach.engine.diff import describe_diff, diff_plans
from coach.engine.export import plan_week_json
from coach.engine.guardrails import enforce
from coach.engine.matching import match_runs
from coach.engine.reconcile import reconcile
from coach.engine.request import PlanContext, PlanRequest
from coach.engine.rules import GUARDRAILS, Violation, check_plan
from coach.engine.versioning import Adjustment

__all__ = [
    "GUARDRAILS",
    "Adjustment",
    "PlanContext",
    "PlanRequest",
    "Violation",
    "adjust_plan",
    "build_plan",
    "check_plan",
    "describe_diff",
    "diff_plans",
    "enforce",
    "match_runs",
    "plan_week_json",
    "reconcile",
]
