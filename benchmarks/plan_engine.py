"""Times the plan engine: building a 16-week marathon plan and one adjustment of it.

Prints the median of many runs (time.perf_counter) next to a baseline measured in the same run
on the same machine — copying the plan's structure (what any adjustment must at least do) and
computing training paces once — and the ratio. Goals: build < 5 ms, adjustment < 2 ms.

    .venv/bin/python benchmarks/plan_engine.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from coach.domain.athletes import Level
from coach.domain.goals import Goal
from coach.domain.plans import ChangeKind, PlanChange
from coach.engine import PlanRequest, adjust_plan, build_plan, check_plan, sessions
from coach.engine.layout import choose_layout
from coach.engine.versioning import copy_plan
from coach.science.paces import training_paces

BUILD_GOAL_MS = 5.0
ADJUST_GOAL_MS = 2.0


def median_ms(fn: Callable[[], object], runs: int) -> float:
    for _ in range(max(3, runs // 10)):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    monday = date(2026, 3, 2)
    race = monday + timedelta(weeks=15, days=6)
    req = PlanRequest(goal=Goal(42195.0, race), start=monday, today=monday, runs_per_week=5,
                      long_run_day=6, unavailable_days=(4,), recent_weekly_km=(45, 48, 50, 47),
                      level=Level.INTERMEDIATE, vdot=46.0)
    plan = build_plan(req)
    assert len(plan.weeks) == 16 and not check_plan(plan, req)
    tempo = next(w for wk in plan.weeks[3:] for w in wk.workouts if w.kind.is_quality)
    change = PlanChange(ChangeKind.MOVE, date=tempo.date, to_date=tempo.date + timedelta(days=1))
    ctx = PlanRequest(goal=req.goal, start=monday, today=monday + timedelta(weeks=3),
                      runs_per_week=5, long_run_day=6, unavailable_days=(4,),
                      recent_weekly_km=(48, 50, 52, 40), level=Level.INTERMEDIATE, vdot=46.0)
    adjusted = adjust_plan(plan, change, ctx)
    assert adjusted.diff and not check_plan(adjusted.plan, ctx)

    def cold_build() -> None:
        # The engine memoises pure look-ups (day layouts, session structure, descriptions).
        choose_layout.cache_clear()
        sessions.parts.cache_clear()
        sessions.describe.cache_clear()
        build_plan(req)

    cold_ms = median_ms(cold_build, max(10, args.runs // 10))
    build_ms = median_ms(lambda: build_plan(req), args.runs)
    adjust_ms = median_ms(lambda: adjust_plan(plan, change, ctx), args.runs)
    copy_ms = median_ms(lambda: copy_plan(plan), args.runs)
    paces_ms = median_ms(lambda: training_paces(46.0), args.runs)
    workouts = sum(len(w.workouts) for w in plan.weeks)

    print(f"plan engine, median of {args.runs} runs ({len(plan.weeks)} weeks, {workouts} days)")
    print(f"  build 16-week marathon plan   {build_ms:8.3f} ms   goal < {BUILD_GOAL_MS} ms")
    print(f"  build, caches cleared first   {cold_ms:8.3f} ms")
    print(f"  adjust (move a tempo)         {adjust_ms:8.3f} ms   goal < {ADJUST_GOAL_MS} ms")
    print(f"  baseline: copy the plan       {copy_ms:8.3f} ms")
    print(f"  baseline: training_paces once {paces_ms:8.3f} ms")
    print(f"  ratio build / copy            {build_ms / copy_ms:8.1f} x")
    print(f"  ratio adjust / copy           {adjust_ms / copy_ms:8.1f} x")
    print(f"  ratio build / paces           {build_ms / paces_ms:8.1f} x")
    ok = build_ms < BUILD_GOAL_MS and adjust_ms < ADJUST_GOAL_MS
    print(f"  goals {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
